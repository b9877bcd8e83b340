/**
 * @module store/postgres/postgres-document-store
 * PostgreSQL content-addressed DocumentStore over the `blobs` table (bytea). Reads
 * re-hash the bytes, so a blob edited in the database is reported as corrupt instead of
 * served under a digest that no longer matches it.
 */
import type { Pool } from 'pg';
import type { DocumentStore } from '../../registry/ports.js';
import { sha256Hex } from '../../shared/digest.js';
import type { OpenGuard } from '../open-guard.js';
import { RowReader } from '../sqlite/row-reader.js';
import { queryRows } from './connection.js';
import { quoteSchema } from './schema-name.js';

/**
 * The PostgreSQL implementation of {@link DocumentStore}. Putting bytes that are already
 * stored is a no-op, even with another media type: the first media type stays.
 *
 * @example
 * const documents = new PostgresDocumentStore(pool, 'bulwark', guard); // schema already migrated
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #blobs: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#blobs = `${quoteSchema(schema)}.blobs`;
  }

  async put(content: Uint8Array, mediaType: string): Promise<string> {
    this.#guard.assertOpen();
    const digest = sha256Hex(content);
    // The driver sends a Buffer as bytea; a view over the caller's bytes, not its whole buffer.
    const blob = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    await this.#pool.query(
      `INSERT INTO ${this.#blobs} (digest, media_type, content, size) VALUES ($1, $2, $3, $4) ON CONFLICT (digest) DO NOTHING`,
      [digest, mediaType, blob, content.byteLength],
    );
    return digest;
  }

  async get(digest: string): Promise<{ readonly content: Uint8Array; readonly mediaType: string } | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT digest, media_type, content, size FROM ${this.#blobs} WHERE digest = $1`, [digest]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const r = new RowReader('blobs', digest, row);
    const content = r.bytes('content');
    if (content.byteLength !== r.number('size')) throw r.corrupt('size', `is ${r.number('size')} but the content has ${content.byteLength} bytes`);
    if (sha256Hex(content) !== digest) throw r.corrupt('content', 'does not hash to the row digest');
    // A plain Uint8Array (not the driver's Buffer), like the other adapters return.
    return { content: new Uint8Array(content), mediaType: r.text('media_type') };
  }
}
