/**
 * @module store/postgres/postgres-bundle-store
 * Forensic bundle bytes in PostgreSQL (`forensic_bundles`, migration 004), content-addressed
 * by sha256, so every replica reads the bundles any replica wrote. A write is one
 * `INSERT … ON CONFLICT DO NOTHING`: it is atomic (a crash never leaves a partial bundle)
 * and writing bytes already stored is a no-op. Reading does not re-hash: the forensic
 * archive checks every bundle against its digest before using it.
 */
import type { Pool } from 'pg';
import type { BundleFiles } from '../../rollback/ports.js';
import { assertBundleDigest } from '../forensics/file-bundle-store.js';
import type { OpenGuard } from '../open-guard.js';
import { RowReader } from '../sqlite/row-reader.js';
import { queryRows } from './connection.js';
import { quoteSchema } from './schema-name.js';

/**
 * The PostgreSQL implementation of {@link BundleFiles}. A bundle's `location` is
 * `postgres:<schema>.forensic_bundles/<digest>`.
 *
 * @example
 * const bundles = new PostgresBundleStore(pool, 'bulwark', guard); // schema already migrated
 * await bundles.write(digest, bytes); // { location: 'postgres:bulwark.forensic_bundles/<digest>' }
 */
export class PostgresBundleStore implements BundleFiles {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #schema: string;
  readonly #table: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#schema = schema;
    this.#table = `${quoteSchema(schema)}.forensic_bundles`;
  }

  async write(digest: string, bytes: Uint8Array): Promise<{ readonly location: string }> {
    this.#guard.assertOpen();
    assertBundleDigest(digest);
    // The driver sends a Buffer as bytea; a view over the caller's bytes, not its whole buffer.
    const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.#pool.query(`INSERT INTO ${this.#table} (digest, content, size) VALUES ($1, $2, $3) ON CONFLICT (digest) DO NOTHING`, [
      digest,
      content,
      bytes.byteLength,
    ]);
    return { location: `postgres:${this.#schema}.forensic_bundles/${digest}` };
  }

  async read(digest: string): Promise<Uint8Array | undefined> {
    this.#guard.assertOpen();
    assertBundleDigest(digest);
    const rows = await queryRows(this.#pool, `SELECT content FROM ${this.#table} WHERE digest = $1`, [digest]);
    if (rows[0] === undefined) return undefined;
    // A plain Uint8Array (not the driver's Buffer), like the other bundle stores return.
    return new Uint8Array(new RowReader('forensic_bundles', digest, rows[0]).bytes('content'));
  }

  async exists(digest: string): Promise<boolean> {
    this.#guard.assertOpen();
    assertBundleDigest(digest);
    const result = await this.#pool.query(`SELECT 1 FROM ${this.#table} WHERE digest = $1`, [digest]);
    return result.rowCount === 1;
  }

  async remove(digest: string): Promise<void> {
    this.#guard.assertOpen();
    assertBundleDigest(digest);
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE digest = $1`, [digest]);
  }
}
