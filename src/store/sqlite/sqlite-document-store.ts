/**
 * @module store/sqlite/sqlite-document-store
 * SQLite content-addressed DocumentStore over the `blobs` table. Reads re-hash the bytes,
 * so a blob edited in the file is reported as corrupt instead of served under a digest
 * that no longer matches it.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { DocumentStore } from '../../registry/ports.js';
import { sha256Hex } from '../../shared/digest.js';
import type { OpenGuard } from '../open-guard.js';
import { RowReader } from './row-reader.js';

/**
 * The SQLite implementation of {@link DocumentStore}. Putting bytes that are already
 * stored is a no-op, even with another media type: the first media type stays.
 *
 * @example
 * const documents = new SqliteDocumentStore(db, guard); // db already migrated
 */
export class SqliteDocumentStore implements DocumentStore {
  readonly #guard: OpenGuard;
  readonly #insert: Statement;
  readonly #select: Statement;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#insert = db.prepare(
      'INSERT INTO blobs (digest, media_type, content, size) VALUES (?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING',
    );
    this.#select = db.prepare('SELECT digest, media_type, content, size FROM blobs WHERE digest = ?');
  }

  async put(content: Uint8Array, mediaType: string): Promise<string> {
    this.#guard.assertOpen();
    const digest = sha256Hex(content);
    // better-sqlite3 binds Buffers as BLOBs; a view shares the bytes without copying.
    const blob = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    this.#insert.run(digest, mediaType, blob, content.byteLength);
    return digest;
  }

  async get(digest: string): Promise<{ readonly content: Uint8Array; readonly mediaType: string } | undefined> {
    this.#guard.assertOpen();
    const row = this.#select.get(digest);
    if (row === undefined) return undefined;
    const r = new RowReader('blobs', digest, row);
    const content = r.bytes('content');
    if (content.byteLength !== r.number('size')) throw r.corrupt('size', `is ${r.number('size')} but the content has ${content.byteLength} bytes`);
    if (sha256Hex(content) !== digest) throw r.corrupt('content', 'does not hash to the row digest');
    // A plain Uint8Array (not the driver's Buffer), like the other adapters return.
    return { content: new Uint8Array(content), mediaType: r.text('media_type') };
  }
}
