/**
 * @module store/sqlite/sqlite-forensic-index
 * SQLite ForensicIndexStore over `forensic_index` (migration 004): one row per bundle,
 * keyed by its digest (INSERT OR IGNORE makes indexing idempotent).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ForensicIndexStore } from '../../rollback/ports.js';
import type { ForensicIndexEntry } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';
import { FORENSIC_COLUMNS as COLUMNS, decodeForensicEntry as decode } from '../rollback-rows.js';

/**
 * @example
 * const index = new SqliteForensicIndex(db, guard);
 * await index.add(entry);
 */
export class SqliteForensicIndex implements ForensicIndexStore {
  readonly #guard: OpenGuard;
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #list: Statement;
  readonly #remove: Statement;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#insert = db.prepare(`INSERT OR IGNORE INTO forensic_index (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM forensic_index WHERE digest = ?`);
    this.#list = db.prepare(
      `SELECT ${COLUMNS} FROM forensic_index WHERE (@model IS NULL OR model = @model) AND (@incidentId IS NULL OR incident_id = @incidentId)
       AND (@before IS NULL OR created_at < @before) ORDER BY created_at DESC, digest LIMIT @limit`,
    );
    this.#remove = db.prepare('DELETE FROM forensic_index WHERE digest = ?');
  }

  async add(e: ForensicIndexEntry): Promise<{ readonly created: boolean }> {
    this.#guard.assertOpen();
    const { changes } = this.#insert.run(e.digest, e.model, e.anomalyId, e.incidentId, e.createdAt, e.bytes, e.location);
    return { created: changes === 1 };
  }

  async get(digest: string): Promise<ForensicIndexEntry | undefined> {
    this.#guard.assertOpen();
    const row = this.#get.get(digest);
    return row === undefined ? undefined : decode(row);
  }

  async list(filter: { readonly model?: string; readonly incidentId?: string; readonly createdBefore?: number; readonly limit?: number } = {}): Promise<ForensicIndexEntry[]> {
    this.#guard.assertOpen();
    return this.#list.all({ model: filter.model ?? null, incidentId: filter.incidentId ?? null, before: filter.createdBefore ?? null, limit: filter.limit ?? -1 }).map(decode);
  }

  async remove(digest: string): Promise<void> {
    this.#guard.assertOpen();
    this.#remove.run(digest);
  }
}
