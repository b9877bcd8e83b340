/**
 * @module gateway/ledger/ledger-writer
 * Batches decision-ledger rows into the LedgerStore. `append` only queues (the data plane
 * never waits on storage); a batch is written when `batchSize` rows are queued or
 * `flushIntervalMs` after the first queued row. One batch is written at a time; rows queued
 * while a write is in flight wait for a full batch or the interval (with a store that
 * answers asynchronously, e.g. SQLite's ledger worker, writing whatever arrived during the
 * last write would turn a steady load into many tiny transactions). A failed batch goes
 * back to the head of the queue and is retried after the interval; past `maxQueued` the
 * oldest rows are dropped and counted. Nothing
 * here throws: failures go to the error handler, and flushes return a result.
 */
import { gatewayErrors } from '../errors.js';
import type { ErrorHandler, LedgerRow, LedgerStore, Timers } from '../ports.js';

/** Options of a LedgerWriter. */
export interface LedgerWriterOptions {
  readonly store: LedgerStore;
  readonly batchSize: number;
  readonly flushIntervalMs: number;
  readonly maxQueued: number;
  readonly timers: Timers;
  readonly onError: ErrorHandler;
}

/** The outcome of a flush: `ok` when the queue was emptied. */
export interface FlushResult {
  readonly code: 'ok' | 'failed';
  readonly error?: Error;
  /** Rows still queued afterwards. */
  readonly remaining: number;
}

/**
 * @example
 * const writer = new LedgerWriter({ store: sqlite.ledger, batchSize: 256, flushIntervalMs: 200, maxQueued: 100_000, timers, onError });
 * writer.append(row);
 * await writer.shutdown(); // writes what is queued
 */
export class LedgerWriter {
  readonly #options: LedgerWriterOptions;
  #queue: LedgerRow[] = [];
  #inFlight = 0;
  #dropped = 0;
  #written = 0;
  #timer: unknown;
  #writing: Promise<FlushResult> | undefined;
  #immediate = false;
  #closed = false;

  constructor(options: LedgerWriterOptions) {
    this.#options = options;
  }

  /** Rows accepted but not yet written (queued and in flight): the ledger lag. */
  get lag(): number {
    return this.#queue.length + this.#inFlight;
  }

  /** Rows dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Rows written so far. */
  get written(): number {
    return this.#written;
  }

  /** Nothing to start: the writer is ready when constructed. */
  async start(): Promise<void> {}

  /** Queues one row; never blocks, never throws. */
  append(row: LedgerRow): void {
    const { maxQueued, batchSize } = this.#options;
    if (this.#queue.length >= maxQueued) this.#dropOldest();
    this.#queue.push(row);
    if (this.#queue.length >= batchSize) this.#flushSoon();
    else if (this.#timer === undefined && !this.#closed) this.#timer = this.#options.timers.setTimeout(() => this.#onTimer(), this.#options.flushIntervalMs);
  }

  /** Writes everything queued now; resolves with the outcome (never rejects). */
  async forceFlush(): Promise<FlushResult> {
    for (;;) {
      if (this.#writing !== undefined) await this.#writing;
      if (this.#queue.length === 0) return { code: 'ok', remaining: 0 };
      const result = await this.#write('all');
      if (result.code !== 'ok') return result;
    }
  }

  /** Writes what is queued and stops the timer; idempotent. */
  async shutdown(): Promise<FlushResult> {
    this.#closed = true;
    this.#clearTimer();
    return this.forceFlush();
  }

  #dropOldest(): void {
    const n = Math.max(1, this.#options.maxQueued >>> 6);
    this.#queue.splice(0, n);
    this.#dropped += n;
    this.#report(gatewayErrors.error('GW_ERR_LEDGER_DROPPED', `ledger queue full (${this.#options.maxQueued} rows): dropped the ${n} oldest`, { dropped: n, total: this.#dropped }));
  }

  #flushSoon(): void {
    if (this.#immediate) return;
    this.#immediate = true;
    this.#options.timers.setImmediate(() => {
      this.#immediate = false;
      if (this.#writing === undefined) void this.#write('full');
    });
  }

  #onTimer(): void {
    this.#timer = undefined;
    if (this.#writing === undefined) void this.#write('full');
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * One writer at a time. Writes the rows queued when it starts, then, of the rows queued
   * meanwhile, only full batches (`full`) or everything (`all`: flushes).
   */
  #write(mode: 'full' | 'all'): Promise<FlushResult> {
    this.#clearTimer();
    const writing = this.#writeBatches(mode).then((result) => {
      this.#writing = undefined;
      if (this.#queue.length > 0 && !this.#closed) {
        // A failed store is retried after the interval, not at once.
        if (result.code === 'ok' && this.#queue.length >= this.#options.batchSize) this.#flushSoon();
        else this.#rearm();
      }
      return result;
    });
    this.#writing = writing;
    return writing;
  }

  async #writeBatches(mode: 'full' | 'all'): Promise<FlushResult> {
    const { batchSize } = this.#options;
    let owed = this.#queue.length;
    while (this.#queue.length > 0 && (owed > 0 || mode === 'all' || this.#queue.length >= batchSize)) {
      const batch = this.#queue.splice(0, batchSize);
      owed -= batch.length;
      this.#inFlight = batch.length;
      try {
        await this.#options.store.append(batch);
        this.#written += batch.length;
      } catch (err) {
        this.#queue = batch.concat(this.#queue);
        const error = gatewayErrors.error('GW_ERR_LEDGER_WRITE_FAILED', `ledger batch of ${batch.length} rows not written: ${(err as Error).message}`, { rows: batch.length }, err);
        this.#report(error);
        return { code: 'failed', error, remaining: this.#queue.length };
      } finally {
        this.#inFlight = 0;
      }
    }
    return { code: 'ok', remaining: this.#queue.length };
  }

  #rearm(): void {
    if (this.#timer === undefined) this.#timer = this.#options.timers.setTimeout(() => this.#onTimer(), this.#options.flushIntervalMs);
  }

  #report(error: Error): void {
    try {
      this.#options.onError(error);
    } catch {
      // a failing error handler must not stop the ledger
    }
  }
}
