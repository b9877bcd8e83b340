/**
 * @module store/sqlite/sqlite-ledger-store
 * SQLite LedgerStore over `ledger` (migration 003). A batch is one transaction, so it is
 * written whole or not at all; queries use the (model, version, at) index. Inserts use
 * multi-row INSERTs (`LEDGER_INSERT_CHUNK` rows a statement) and, for a file database, run
 * on a worker thread with its own connection (`ledger-worker.ts`): `append` resolves once
 * the worker committed, so reads and `markUntrusted` on this connection afterwards see the
 * rows. `writes: 'inline'` (and `:memory:`, which a second connection cannot see) keeps
 * them on this connection.
 */
import { createRequire } from 'node:module';
import type { Database, Statement } from 'better-sqlite3';
import type { LedgerEntry, LedgerQuery, LedgerRow, LedgerStore } from '../../gateway/ports.js';
import { checkLedgerRows, normaliseLedgerQuery } from '../ledger-checks.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeLedgerEntry } from '../ledger-rows.js';
import { LEDGER_INSERT_CHUNK, LEDGER_PARAMS_PER_ROW, ledgerInsertSql } from './ledger-worker-protocol.js';
import { LedgerWorkerClient } from './ledger-worker.js';

/** Where ledger inserts run. */
export type SqliteLedgerWrites = 'worker' | 'inline';

/** Options of a {@link SqliteLedgerStore}. */
export interface SqliteLedgerOptions {
  /** Default 'inline'; 'worker' needs `path` (a file, not `:memory:`). */
  readonly writes?: SqliteLedgerWrites;
  readonly path?: string;
  /** The worker connection's busy timeout, ms. */
  readonly busyTimeoutMs?: number;
  /** Worker crashes and the fallback to inline writes (appends in flight also reject). */
  readonly onError?: (error: Error) => void;
  /** Longest wait for the worker's answer to one batch, ms (default 30,000). */
  readonly workerAnswerTimeoutMs?: number;
}

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
  readonly #insertInline: (rows: readonly LedgerRow[]) => void;
  readonly #worker: LedgerWorkerClient | undefined;

  constructor(db: Database, guard: OpenGuard, options: SqliteLedgerOptions = {}) {
    this.#guard = guard;
    this.#byRequest = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE request_id = ? ORDER BY seq`);
    // LIMIT -1 is SQLite for "no limit".
    this.#query = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE ${RANGE} AND seq > @afterSeq ORDER BY seq LIMIT @limit`);
    this.#queryVersion = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE ${RANGE} AND version = @version AND seq > @afterSeq ORDER BY seq LIMIT @limit`);
    const mark = 'UPDATE ledger SET untrusted_at = @at, incident_id = @incidentId WHERE untrusted_at IS NULL AND';
    this.#mark = db.prepare(`${mark} ${RANGE}`);
    this.#markVersion = db.prepare(`${mark} ${RANGE} AND version = @version`);
    this.#insertInline = inlineInserter(db);
    const hasToken = db.prepare('SELECT 1 FROM ledger_batches WHERE token = ?');
    const { writes = 'inline', path } = options;
    if (writes === 'worker' && path !== undefined && path !== ':memory:') {
      this.#worker = new LedgerWorkerClient({
        path,
        driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
        busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
        inline: this.#insertInline,
        committed: (token) => hasToken.get(token) !== undefined,
        onError: options.onError ?? ((error) => process.emitWarning(error)),
        ...(options.workerAnswerTimeoutMs === undefined ? {} : { answerTimeoutMs: options.workerAnswerTimeoutMs }),
      });
    }
  }

  /** Where inserts run now: 'inline' also after the worker was given up. */
  get writes(): SqliteLedgerWrites {
    return this.#worker?.mode ?? 'inline';
  }

  async append(rows: readonly LedgerRow[]): Promise<void> {
    this.#guard.assertOpen();
    checkLedgerRows(rows);
    if (rows.length === 0) return;
    if (this.#worker === undefined) this.#insertInline(rows);
    else await this.#worker.append(rows);
  }

  /** Resolves once every append made so far is committed (or failed). */
  async idle(): Promise<void> {
    await this.#worker?.idle();
  }

  /** Waits for appends in flight and stops the worker (the store's shutdown calls it before closing the connection). */
  async close(): Promise<void> {
    await this.#worker?.close();
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

/** One transaction per batch: full chunks through the multi-row INSERT, the rest row by row (the worker does the same). */
function inlineInserter(db: Database): (rows: readonly LedgerRow[]) => void {
  const chunkInsert = db.prepare(ledgerInsertSql(LEDGER_INSERT_CHUNK));
  const oneInsert = db.prepare(ledgerInsertSql(1));
  const chunkArgs: unknown[] = new Array(LEDGER_INSERT_CHUNK * LEDGER_PARAMS_PER_ROW);
  const oneArgs: unknown[] = new Array(LEDGER_PARAMS_PER_ROW);
  const insertAll = db.transaction((rows: readonly LedgerRow[]): void => {
    const chunked = rows.length - (rows.length % LEDGER_INSERT_CHUNK);
    let filled = 0;
    rows.forEach((r, i) => {
      const args = i < chunked ? chunkArgs : oneArgs;
      const o = i < chunked ? filled * LEDGER_PARAMS_PER_ROW : 0;
      args[o] = r.requestId;
      args[o + 1] = r.at;
      args[o + 2] = r.model;
      args[o + 3] = r.version;
      args[o + 4] = r.apiKeyId ?? null;
      args[o + 5] = r.inputDigest;
      args[o + 6] = r.outputDigest;
      args[o + 7] = r.status;
      if (i >= chunked) oneInsert.run(args);
      else if (++filled === LEDGER_INSERT_CHUNK) {
        chunkInsert.run(args);
        filled = 0;
      }
    });
  });
  return (rows) => insertAll.immediate(rows);
}
