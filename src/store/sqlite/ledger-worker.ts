/**
 * @module store/sqlite/ledger-worker
 * The main-thread side of the ledger worker: the SQLite ledger's inserts run on a worker
 * thread (`ledger-worker-source.ts`) with its own connection to the same file, so that the
 * gateway's event loop never waits on SQLite. `append(rows)` packs the batch (one string,
 * two transferred typed arrays) and resolves once the worker has committed it, so a read on the main
 * connection that starts afterwards sees every row (WAL: a reader sees what was committed
 * before its read began). A SQLite error comes back as a `SqliteError` with the same code.
 *
 * Failure handling, never a hang: the worker is started on the first append (a store that
 * only reads never starts one); if it crashes, exits or does not answer within
 * `answerTimeoutMs`, the batches in flight reject (the writer reports and retries them) and
 * the next append starts a new worker. A batch the worker committed just before dying is
 * not written twice: each batch carries a token that the worker stores in the same
 * transaction, and before the next write the client asks the main connection
 * (`committed(token)`) about every batch whose answer was lost, then leaves out the rows of
 * those that were committed (rows are known by identity: the writer retries the same row
 * objects). After `maxFailures` consecutive failures without a commit in
 * between, or when a worker cannot open the database, the client gives up on threads and
 * writes inline on the main connection (reported once through `onError`).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { LedgerRow } from '../../gateway/ports.js';
import { ABSENT, LEDGER_INSERT_CHUNK, LEDGER_TOKEN_TTL_MS, ledgerInsertSql, packLedgerRows } from './ledger-worker-protocol.js';
import type { LedgerWorkerData, LedgerWorkerError, LedgerWorkerReply } from './ledger-worker-protocol.js';
import { LEDGER_WORKER_SOURCE } from './ledger-worker-source.js';

/** Options of a {@link LedgerWorkerClient}. */
export interface LedgerWorkerOptions {
  /** The database file (already migrated by the main connection). */
  readonly path: string;
  /** Resolved path of the better-sqlite3 package the worker loads. */
  readonly driverPath: string;
  readonly busyTimeoutMs: number;
  /** Writes a batch on the main connection: the fallback when no worker can run. */
  readonly inline: (rows: readonly LedgerRow[]) => void;
  /** True when the batch with `token` was committed (read on the main connection). */
  readonly committed: (token: string) => boolean;
  /** Worker crashes, timeouts and the switch to inline writes. */
  readonly onError: (error: Error) => void;
  /** Longest wait for the worker's answer to one batch, ms. Default 30,000 (6× the default busy timeout). */
  readonly answerTimeoutMs?: number;
  /** Consecutive worker failures before writing inline for good. Default 3. */
  readonly maxFailures?: number;
}

interface Pending {
  readonly token: string;
  readonly rows: readonly LedgerRow[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

type Mode = 'worker' | 'inline';

/**
 * @example
 * const client = new LedgerWorkerClient({ path, driverPath, busyTimeoutMs: 5_000, inline: (rows) => insertInline(rows), committed: (t) => hasToken(t), onError });
 * await client.append(rows); // committed by the worker
 * await client.close();
 */
export class LedgerWorkerClient {
  readonly #options: LedgerWorkerOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #failures = 0;
  #mode: Mode = 'worker';
  #closing: Promise<void> | undefined;
  /** Settles after the last batch posted (batches are answered in order). */
  #tail: Promise<unknown> = Promise.resolve();
  /** Tokens of this client's batches: session and sequence. */
  readonly #session = randomUUID();
  /** Batches whose answer was lost (the worker died): committed or not, asked before the next write. */
  readonly #unanswered = new Map<string, readonly LedgerRow[]>();
  /** Rows of unanswered batches that were committed after all: left out when they come again. */
  readonly #written = new WeakSet<LedgerRow>();
  #anyWritten = false;

  constructor(options: LedgerWorkerOptions) {
    this.#options = options;
  }

  /** 'worker' until the client gave up on threads. */
  get mode(): Mode {
    return this.#mode;
  }

  /** The worker thread now running, if any (diagnostics and tests: `threadId`, `terminate()`). */
  get thread(): Worker | undefined {
    return this.#worker;
  }

  /** Batches posted and not yet answered. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Writes `rows` (checked by the caller) in one transaction; resolves once committed. */
  append(batch: readonly LedgerRow[]): Promise<void> {
    if (this.#closing !== undefined) return Promise.reject(new Error('ledger worker: append after close()'));
    let rows = batch;
    if (this.#unanswered.size > 0) {
      try {
        this.#settleUnanswered();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    // Only after a lost answer turned out committed: otherwise no row is looked up.
    if (this.#anyWritten && rows.some((row) => this.#written.has(row))) rows = rows.filter((row) => !this.#written.has(row));
    if (rows.length === 0) return Promise.resolve();
    if (this.#mode === 'inline') {
      this.#options.inline(rows);
      return Promise.resolve();
    }
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    const token = `${this.#session}:${id}`;
    const packed = packLedgerRows(rows);
    const appended = new Promise<void>((resolve, reject) => {
      const timeoutMs = this.#options.answerTimeoutMs ?? 30_000;
      const timer = setTimeout(() => this.#failed(worker, new Error(`ledger worker: no answer within ${timeoutMs} ms; restarting it`)), timeoutMs);
      timer.unref();
      this.#pending.set(id, { token, rows, resolve, reject, timer });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ type: 'append', id, token, ...packed }, [packed.lengths.buffer, packed.numbers.buffer]);
    });
    this.#tail = appended.catch(() => undefined);
    return appended;
  }

  /** Resolves when every batch posted so far has been answered. */
  async idle(): Promise<void> {
    await this.#tail;
  }

  /** Waits for the batches in flight, then closes the worker's connection; idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    await this.idle();
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.ref();
    worker.postMessage({ type: 'close' });
    const timer = setTimeout(() => void worker.terminate(), this.#options.answerTimeoutMs ?? 30_000);
    await exited;
    clearTimeout(timer);
  }

  #start(): Worker {
    const { path, driverPath, busyTimeoutMs } = this.#options;
    const workerData: LedgerWorkerData = {
      driverPath,
      path,
      busyTimeoutMs,
      chunk: LEDGER_INSERT_CHUNK,
      absent: ABSENT,
      chunkSql: ledgerInsertSql(LEDGER_INSERT_CHUNK),
      oneSql: ledgerInsertSql(1),
      tokenTtlMs: LEDGER_TOKEN_TTL_MS,
    };
    const worker = new Worker(LEDGER_WORKER_SOURCE, { eval: true, workerData, name: 'bulwark-ledger' });
    worker.unref();
    worker.on('message', (reply: LedgerWorkerReply) => this.#onReply(worker, reply));
    worker.on('error', (err) => this.#failed(worker, new Error(`ledger worker crashed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#failed(worker, new Error(`ledger worker exited (code ${code})`));
    });
    this.#worker = worker;
    return worker;
  }

  #onReply(worker: Worker, reply: LedgerWorkerReply): void {
    switch (reply.type) {
      case 'done':
        this.#failures = 0;
        this.#settle(reply.id)?.resolve();
        break;
      case 'failed':
        this.#settle(reply.id)?.reject(asError(reply.error));
        break;
      case 'fatal':
        // The worker cannot open the database or prepare its statements: threads will not help.
        this.#failed(worker, new Error(`ledger worker could not start: ${reply.error.message}`, { cause: asError(reply.error) }), true);
        break;
      default:
        break;
    }
    if (this.#pending.size === 0) worker.unref();
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  /** The worker is gone or stuck: reject what it held, drop it, maybe give up on threads. */
  #failed(worker: Worker, error: Error, fatal = false): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    worker.removeAllListeners('exit');
    void worker.terminate();
    this.#failures++;
    const giveUp = fatal || this.#failures >= (this.#options.maxFailures ?? 3);
    if (giveUp) this.#mode = 'inline';
    this.#report(giveUp ? new Error(`${error.message}; the SQLite ledger now writes on the main thread`, { cause: error }) : error);
    for (const id of [...this.#pending.keys()]) {
      const pending = this.#settle(id) as Pending;
      // A worker that never opened the database committed nothing: write its batches here, in order.
      if (fatal) this.#inline(pending);
      else {
        this.#unanswered.set(pending.token, pending.rows);
        pending.reject(error);
      }
    }
  }

  /** Asks about every batch whose answer was lost; the rows of committed ones are marked written. Throws when the read fails (they stay unanswered). */
  #settleUnanswered(): void {
    for (const [token, rows] of this.#unanswered) {
      if (this.#options.committed(token)) {
        for (const row of rows) this.#written.add(row);
        this.#anyWritten = true;
      }
      this.#unanswered.delete(token);
    }
  }

  #inline(pending: Pending): void {
    try {
      this.#options.inline(pending.rows);
      pending.resolve();
    } catch (err) {
      pending.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  #report(error: Error): void {
    try {
      this.#options.onError(error);
    } catch {
      // a failing handler must not stop the ledger
    }
  }
}

function asError(e: LedgerWorkerError): Error {
  if (e.name === 'SqliteError' && e.code !== undefined) return new BetterSqlite3.SqliteError(e.message, e.code);
  const error = new Error(e.message);
  error.name = e.name;
  if (e.code !== undefined) Object.assign(error, { code: e.code });
  return error;
}
