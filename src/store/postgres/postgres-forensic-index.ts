/**
 * @module store/postgres/postgres-forensic-index
 * PostgreSQL ForensicIndexStore over `forensic_index` (migration 004): one row per bundle,
 * keyed by its digest, so indexing is idempotent (`ON CONFLICT DO NOTHING`) even when two
 * replicas persist the same bundle. Lookups by incident, model and age use their indexes.
 */
import type { Pool } from 'pg';
import type { ForensicIndexStore } from '../../rollback/ports.js';
import type { ForensicIndexEntry } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';
import { FORENSIC_COLUMNS, decodeForensicEntry } from '../rollback-rows.js';
import { queryRows } from './connection.js';
import { limitParam, timeBound } from './query-bounds.js';
import { quoteSchema } from './schema-name.js';

/** What `list` filters by. */
type ForensicFilter = { readonly model?: string; readonly incidentId?: string; readonly createdBefore?: number; readonly limit?: number };

/**
 * The PostgreSQL implementation of {@link ForensicIndexStore}.
 *
 * @example
 * const index = new PostgresForensicIndex(pool, 'bulwark', guard); // schema already migrated
 * await index.add(entry); // { created: false } the second time
 */
export class PostgresForensicIndex implements ForensicIndexStore {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #table: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#table = `${quoteSchema(schema)}.forensic_index`;
  }

  async add(e: ForensicIndexEntry): Promise<{ readonly created: boolean }> {
    this.#guard.assertOpen();
    const result = await this.#pool.query(
      `INSERT INTO ${this.#table} (${FORENSIC_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (digest) DO NOTHING`,
      [e.digest, e.model, e.anomalyId, e.incidentId, e.createdAt, e.bytes, e.location],
    );
    return { created: result.rowCount === 1 };
  }

  async get(digest: string): Promise<ForensicIndexEntry | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${FORENSIC_COLUMNS} FROM ${this.#table} WHERE digest = $1`, [digest]);
    return rows[0] === undefined ? undefined : decodeForensicEntry(rows[0]);
  }

  async list(filter: ForensicFilter = {}): Promise<ForensicIndexEntry[]> {
    this.#guard.assertOpen();
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown): void => {
      values.push(value);
      conditions.push(`${sql} $${values.length}`);
    };
    if (filter.model !== undefined) where('model =', filter.model);
    if (filter.incidentId !== undefined) where('incident_id =', filter.incidentId);
    if (filter.createdBefore !== undefined) where('created_at <', timeBound(filter.createdBefore));
    values.push(limitParam(filter.limit));
    const rows = await queryRows(
      this.#pool,
      `SELECT ${FORENSIC_COLUMNS} FROM ${this.#table} ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
       ORDER BY created_at DESC, digest LIMIT $${values.length}`,
      values,
    );
    return rows.map(decodeForensicEntry);
  }

  async remove(digest: string): Promise<void> {
    this.#guard.assertOpen();
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE digest = $1`, [digest]);
  }
}
