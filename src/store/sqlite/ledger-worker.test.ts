/**
 * @module store/sqlite/ledger-worker.test
 * The SQLite ledger's inserts on a worker thread: the packed batches come out exactly as
 * appended (any text, any batch size), an append resolves only once the rows are visible
 * to the main connection (what `markUntrusted` after `forceFlush()` relies on), SQLite
 * errors come back as SqliteErrors and the gateway reports them as before, and a worker
 * that crashes, hangs or cannot start is reported and replaced (or given up for inline
 * writes) without a hang. The LedgerStore contract runs for the inline mode here; the
 * default (worker) mode runs it in sqlite-store.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLedgerStoreContract } from '../../gateway/ledger-store.contract.js';
import { LedgerWriter } from '../../gateway/ledger/ledger-writer.js';
import type { LedgerRow, Timers } from '../../gateway/ports.js';
import { sha256Hex } from '../../shared/digest.js';
import { LedgerWorkerClient } from './ledger-worker.js';
import { LEDGER_INSERT_CHUNK } from './ledger-worker-protocol.js';
import { openSqliteStore, sqliteStoreInternals } from './sqlite-store.js';
import type { SqliteStore } from './sqlite-store.js';
import type { SqliteLedgerStore } from './sqlite-ledger-store.js';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
const TIMERS: Timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout), setImmediate: (f) => void setImmediate(f) };
const EVERYTHING = { model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };

function row(n: number, overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    requestId: `req-${n}`,
    at: 1_700_000_000_000 + n,
    model: 'fraud',
    version: n % 2 === 0 ? 'v2' : 'v1',
    apiKeyId: 'shop',
    inputDigest: sha256Hex(`in-${n}`),
    outputDigest: sha256Hex(`out-${n}`),
    status: 200,
    ...overrides,
  };
}

const rows = (from: number, n: number): LedgerRow[] => Array.from({ length: n }, (_, i) => row(from + i));
const strip = ({ seq: _s, ...rest }: { seq: number } & LedgerRow): LedgerRow => rest;

runLedgerStoreContract('sqlite, inline ledger writes', {
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-ledger-inline-'));
    const store = openSqliteStore({ path: join(dir, 'bulwark.db'), ledgerWrites: 'inline' });
    return {
      ledger: store.ledger,
      async close() {
        await store.shutdown();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite ledger on a worker thread', () => {
  let dir: string;
  let path: string;
  let store: SqliteStore;
  let errors: Error[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-ledger-worker-'));
    path = join(dir, 'bulwark.db');
    errors = [];
    store = openSqliteStore({ path, onError: (e) => void errors.push(e) });
  });
  afterEach(async () => {
    await store.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the default for a file and writes on the worker', async () => {
    expect((store.ledger as SqliteLedgerStore).writes).toBe('worker');
    await store.ledger.append([row(1)]);
    expect((store.ledger as SqliteLedgerStore).writes).toBe('worker');
    expect(errors).toEqual([]);
  });

  it('round-trips any text and every batch size around the INSERT chunk, in order', async () => {
    const odd = row(0, { requestId: 'ré-𝔘-\u0000-"\'', model: 'fraud', version: 'v—ü', apiKeyId: '', inputDigest: '∑'.repeat(70), outputDigest: 'x' });
    const sizes = [1, LEDGER_INSERT_CHUNK - 1, LEDGER_INSERT_CHUNK, LEDGER_INSERT_CHUNK + 1, 3 * LEDGER_INSERT_CHUNK + 5];
    const appended: LedgerRow[] = [odd, row(1, { apiKeyId: undefined })];
    await store.ledger.append(appended.slice());
    let next = 2;
    for (const n of sizes) {
      const batch = rows(next, n);
      next += n;
      appended.push(...batch);
      await store.ledger.append(batch);
    }
    const stored = await store.ledger.query(EVERYTHING);
    expect(stored.map(strip)).toStrictEqual(appended.map((r) => (r.apiKeyId === undefined ? (({ apiKeyId: _k, ...rest }) => rest)(r) : r)));
  });

  it('has every appended row visible to markUntrusted once the writer flushed (what the rollback relies on)', async () => {
    const writer = new LedgerWriter({
      store: store.ledger,
      batchSize: 100,
      flushIntervalMs: 10_000,
      maxQueued: 100_000,
      timers: TIMERS,
      onError: (e) => void errors.push(e),
    });
    for (const r of rows(0, 1_234)) writer.append(r);
    const flushed = await writer.forceFlush();
    expect(flushed).toEqual({ code: 'ok', remaining: 0 });
    expect(await store.ledger.markUntrusted({ ...EVERYTHING, incidentId: 'inc-1', at: 5 })).toEqual({ marked: 1_234 });
    await writer.shutdown();
  });

  it('loses nothing appended before shutdown, with batches still in flight', async () => {
    const inFlight = [store.ledger.append(rows(0, 500)), store.ledger.append(rows(500, 500)), store.ledger.append(rows(1_000, 7))];
    await store.shutdown();
    await Promise.all(inFlight);
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM ledger').get()).toEqual({ n: 1_007 });
    } finally {
      db.close();
    }
    store = openSqliteStore({ path });
  });

  it('returns a SQLite error as a SqliteError with its code, writes nothing of the batch, and the gateway reports GW_ERR_LEDGER_WRITE_FAILED', async () => {
    sqliteStoreInternals(store).db.exec("CREATE TRIGGER refuse BEFORE INSERT ON ledger WHEN NEW.request_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused by test'); END");
    const bad = [...rows(0, 40), row(40, { requestId: 'bad' })];
    const failure = await store.ledger.append(bad).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(BetterSqlite3.SqliteError);
    expect(failure).toMatchObject({ code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'refused by test' });
    expect(await store.ledger.query(EVERYTHING)).toEqual([]);
    const writer = new LedgerWriter({ store: store.ledger, batchSize: 100, flushIntervalMs: 10_000, maxQueued: 1_000, timers: TIMERS, onError: (e) => void errors.push(e) });
    bad.forEach((r) => writer.append(r));
    expect((await writer.forceFlush()).code).toBe('failed');
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['GW_ERR_LEDGER_WRITE_FAILED']);
    expect(errors[0]?.message).toMatch(/refused by test/);
    // The worker is still fine.
    await store.ledger.append([row(99)]);
    expect((await store.ledger.query(EVERYTHING)).map((e) => e.requestId)).toEqual(['req-99']);
  });
});

describe('LedgerWorkerClient failures', () => {
  let dir: string;
  let path: string;
  let store: SqliteStore;
  let errors: Error[];
  let inlined: number;
  let client: LedgerWorkerClient;
  const count = (): number => (sqliteStoreInternals(store).db.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
  const make = (options: Partial<ConstructorParameters<typeof LedgerWorkerClient>[0]> = {}): LedgerWorkerClient =>
    new LedgerWorkerClient({
      path,
      driverPath: DRIVER,
      busyTimeoutMs: 5_000,
      inline: (batch) => {
        inlined += batch.length;
        return store.ledger.append(batch) as unknown as void;
      },
      committed: (token) => sqliteStoreInternals(store).db.prepare('SELECT 1 FROM ledger_batches WHERE token = ?').get(token) !== undefined,
      onError: (e) => void errors.push(e),
      ...options,
    });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-ledger-client-'));
    path = join(dir, 'bulwark.db');
    store = openSqliteStore({ path, ledgerWrites: 'inline' });
    errors = [];
    inlined = 0;
  });
  afterEach(async () => {
    await client.close();
    await store.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects the batches of a worker that died, reports it, and starts a new one for the next append', async () => {
    client = make();
    await client.append(rows(0, 3));
    const first = client.thread;
    const lost = client.append(rows(3, 3));
    await first?.terminate();
    await expect(lost).rejects.toThrow(/ledger worker exited/);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/ledger worker exited/)]);
    await client.append(rows(6, 3));
    expect(client.thread).not.toBe(first);
    expect(client.mode).toBe('worker');
    expect(count()).toBeGreaterThanOrEqual(6);
  });

  it('gives up on threads after repeated crashes and writes inline', async () => {
    client = make({ maxFailures: 2 });
    for (let i = 0; i < 2; i++) {
      const lost = client.append(rows(i * 10, 1));
      await client.thread?.terminate();
      await lost.catch(() => undefined);
    }
    expect(client.mode).toBe('inline');
    expect(errors.at(-1)?.message).toMatch(/now writes on the main thread/);
    await client.append(rows(100, 4));
    expect(inlined).toBe(4);
  });

  it('falls back to inline writes, losing nothing, when the worker cannot start', async () => {
    client = make({ driverPath: join(dir, 'no-such-driver.js') });
    await client.append(rows(0, 5));
    await client.append(rows(5, 5));
    expect(client.mode).toBe('inline');
    expect([inlined, count()]).toEqual([10, 10]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/could not start[\s\S]*now writes on the main thread/);
  });

  it('does not write twice a batch the worker committed before its answer was lost', async () => {
    client = make();
    await client.append(rows(100, 1)); // the worker is up
    const batch = rows(0, 50);
    const worker = client.thread as NonNullable<typeof client.thread>;
    const lost = client.append(batch);
    // The worker's answer is lost: nothing listens for it any more.
    worker.removeAllListeners('message');
    for (let i = 0; i < 200 && count() < 51; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(count()).toBe(51); // committed…
    await worker.terminate(); // …and then the worker dies before anyone heard of it
    await expect(lost).rejects.toThrow(/ledger worker exited/);
    // What the LedgerWriter does next: the same row objects again, with newer ones behind them.
    await client.append([...batch, ...rows(50, 5)]);
    const ids = (await store.ledger.query(EVERYTHING)).map((e) => e.requestId);
    expect(ids).toHaveLength(56);
    expect(new Set(ids).size).toBe(56);
    expect(ids.slice(1)).toEqual([...rows(0, 55)].map((r) => r.requestId));
  });

  it('writes again a batch whose worker died before committing it', async () => {
    client = make();
    await client.append(rows(100, 1));
    const batch = rows(0, 5);
    const lost = client.append(batch);
    await client.thread?.terminate();
    await expect(lost).rejects.toThrow(/ledger worker exited/);
    await client.append(batch);
    const ids = (await store.ledger.query(EVERYTHING)).map((e) => e.requestId);
    expect(ids.filter((id) => id !== 'req-100').sort()).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4']);
  });

  it('does not hang on a worker that does not answer: the batch rejects after answerTimeoutMs', async () => {
    client = make({ busyTimeoutMs: 2_000, answerTimeoutMs: 150 });
    await client.append(rows(0, 1));
    // Another connection holds the write lock: the worker waits in SQLite's busy handler.
    const blocker = new BetterSqlite3(path);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      await expect(client.append(rows(1, 1))).rejects.toThrow(/no answer within 150 ms/);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await client.append(rows(2, 1));
    // The stuck batch may or may not have committed before the worker was stopped (at least once).
    const ids = (await store.ledger.query(EVERYTHING)).map((e) => e.requestId);
    expect(ids).toEqual(expect.arrayContaining(['req-0', 'req-2']));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/no answer within 150 ms/)]);
  });
});
