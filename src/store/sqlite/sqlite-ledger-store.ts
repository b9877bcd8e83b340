/**
 * @module store/sqlite/sqlite-ledger-store
 * SQLite LedgerStore over `ledger` (migration 003). A batch is one transaction, so it is
 * written whole or not at all; queries use the (model, version, at) index.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { LedgerEntry, LedgerQuery, LedgerRow, LedgerStore } from '../../gateway/ports.js';
import { checkLedgerRows, normaliseLedgerQuery } from '../ledger-checks.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeLedgerEntry } from '../ledger-rows.js';

const COLUMNS = 'seq, request_id, at, model, version, api_key_id, input_digest, output_digest, status, untrusted_at, incident_id';
const RANGE = 'model = @model AND at >= @fromMs AND at < @toMs';

/**
 * The SQLite implementation of {@link LedgerStore}.
 *
 * @example
 * const ledger = new SqliteLedgerStore(db, guard); // db already migrated
 * await ledger.append(rows);
 */
export class SqliteLedgerStore implements LedgerStore {
  readonly #guard: OpenGuard;
  readonly #byRequest: Statement;
  readonly #query: Statement;
  readonly #queryVersion: Statement;
  readonly #mark: Statement;
  readonly #markVersion: Statement;
  readonly #append: (rows: readonly LedgerRow[]) => void;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#byRequest = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE request_id = ? ORDER BY seq`);
    // LIMIT -1 is SQLite for "no limit".
    this.#query = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE ${RANGE} AND seq > @afterSeq ORDER BY seq LIMIT @limit`);
    this.#queryVersion = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE ${RANGE} AND version = @version AND seq > @afterSeq ORDER BY seq LIMIT @limit`);
    const mark = 'UPDATE ledger SET untrusted_at = @at, incident_id = @incidentId WHERE untrusted_at IS NULL AND';
    this.#mark = db.prepare(`${mark} ${RANGE}`);
    this.#markVersion = db.prepare(`${mark} ${RANGE} AND version = @version`);
    const insert = db.prepare(
      'INSERT INTO ledger (request_id, at, model, version, api_key_id, input_digest, output_digest, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#append = db.transaction((rows: readonly LedgerRow[]): void => {
      for (const r of rows) insert.run(r.requestId, r.at, r.model, r.version, r.apiKeyId ?? null, r.inputDigest, r.outputDigest, r.status);
    });
  }

  async append(rows: readonly LedgerRow[]): Promise<void> {
    this.#guard.assertOpen();
    checkLedgerRows(rows);
    if (rows.length > 0) this.#append(rows);
  }

  async byRequestId(requestId: string): Promise<LedgerEntry[]> {
    this.#guard.assertOpen();
    return this.#byRequest.all(requestId).map(decodeLedgerEntry);
  }

  async query(query: LedgerQuery): Promise<LedgerEntry[]> {
    this.#guard.assertOpen();
    const q = normaliseLedgerQuery(query);
    const params = { model: q.model, fromMs: q.fromMs, toMs: q.toMs, afterSeq: q.afterSeq, limit: q.limit ?? -1 };
    const rows = q.version === undefined ? this.#query.all(params) : this.#queryVersion.all({ ...params, version: q.version });
    return rows.map(decodeLedgerEntry);
  }

  async markUntrusted(query: Omit<LedgerQuery, 'afterSeq' | 'limit'> & { readonly incidentId: string; readonly at: number }): Promise<{ readonly marked: number }> {
    this.#guard.assertOpen();
    const q = normaliseLedgerQuery(query);
    const params = { model: q.model, fromMs: q.fromMs, toMs: q.toMs, at: query.at, incidentId: query.incidentId };
    const result = q.version === undefined ? this.#mark.run(params) : this.#markVersion.run({ ...params, version: q.version });
    return { marked: result.changes };
  }
}
