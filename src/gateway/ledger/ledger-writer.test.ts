/**
 * The ledger writer: batches by size and by interval, retries a failed batch in order,
 * drops the oldest rows past maxQueued (counted, reported), and writes everything queued
 * on shutdown.
 */
import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../../test/helpers/fake-timers.js';
import type { LedgerRow } from '../ports.js';
import { LedgerWriter } from './ledger-writer.js';

function row(n: number): LedgerRow {
  return { requestId: `r${n}`, at: n, model: 'fraud', version: 'v1', inputDigest: 'a'.repeat(64), outputDigest: 'b'.repeat(64), status: 200 };
}

function setup(options: { batchSize?: number; maxQueued?: number } = {}) {
  const timers = new FakeTimers();
  const batches: string[][] = [];
  const errors: Error[] = [];
  let failing = false;
  const writer = new LedgerWriter({
    store: {
      append: async (rows) => {
        if (failing) throw new Error('disk full');
        batches.push(rows.map((r) => r.requestId));
      },
      byRequestId: async () => [],
      query: async () => [],
      markUntrusted: async () => ({ marked: 0 }),
    },
    batchSize: options.batchSize ?? 3,
    flushIntervalMs: 100,
    maxQueued: options.maxQueued ?? 1_000,
    timers,
    onError: (e) => void errors.push(e),
  });
  return { timers, batches, errors, writer, fail: (on: boolean) => void (failing = on) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LedgerWriter', () => {
  it('writes a batch as soon as batchSize rows are queued', async () => {
    const { timers, batches, writer } = setup();
    for (let i = 0; i < 4; i++) writer.append(row(i));
    expect(writer.lag).toBe(4);
    timers.runImmediates();
    await settle();
    expect(batches).toEqual([['r0', 'r1', 'r2'], ['r3']]);
    expect([writer.lag, writer.written]).toEqual([0, 4]);
  });

  it('writes a partial batch flushIntervalMs after its first row', async () => {
    const { timers, batches, writer } = setup();
    writer.append(row(1));
    timers.advance(50);
    writer.append(row(2));
    await settle();
    expect(batches).toEqual([]);
    timers.advance(50);
    await settle();
    expect(batches).toEqual([['r1', 'r2']]);
  });

  it('keeps a failed batch at the head of the queue and retries it in order', async () => {
    const { timers, batches, errors, writer, fail } = setup();
    fail(true);
    writer.append(row(1));
    timers.advance(100);
    await settle();
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['GW_ERR_LEDGER_WRITE_FAILED']);
    writer.append(row(2));
    fail(false);
    timers.advance(100);
    await settle();
    expect(batches).toEqual([['r1', 'r2']]);
  });

  it('drops the oldest rows past maxQueued, counts and reports them', async () => {
    const { timers, errors, writer, fail } = setup({ batchSize: 1_000, maxQueued: 64 });
    fail(true);
    for (let i = 0; i < 65; i++) writer.append(row(i));
    expect(writer.dropped).toBe(1);
    expect(writer.lag).toBe(64);
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['GW_ERR_LEDGER_DROPPED']);
    fail(false);
    const result = await writer.shutdown();
    expect(result).toEqual({ code: 'ok', remaining: 0 });
    expect(timers.pending).toBe(0);
  });

  it('writes everything on shutdown, reports a failure as a result, and is idempotent', async () => {
    const { batches, writer, fail } = setup({ batchSize: 2 });
    for (let i = 0; i < 5; i++) writer.append(row(i));
    expect(await writer.shutdown()).toEqual({ code: 'ok', remaining: 0 });
    expect(batches.flat()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    fail(true);
    writer.append(row(9));
    const failed = await writer.shutdown();
    expect(failed).toMatchObject({ code: 'failed', remaining: 1 });
  });
});

describe('LedgerWriter with a store that answers later (SQLite ledger worker)', () => {
  it('does not turn rows queued during a write into a tiny batch of their own', async () => {
    const timers = new FakeTimers();
    const batches: number[] = [];
    const answers: (() => void)[] = [];
    const writer = new LedgerWriter({
      store: {
        append: (rows) =>
          new Promise<void>((resolve) => {
            batches.push(rows.length);
            answers.push(resolve);
          }),
        byRequestId: async () => [],
        query: async () => [],
        markUntrusted: async () => ({ marked: 0 }),
      },
      batchSize: 10,
      flushIntervalMs: 100,
      maxQueued: 1_000,
      timers,
      onError: () => undefined,
    });
    for (let i = 0; i < 10; i++) writer.append(row(i));
    timers.runImmediates();
    await settle();
    expect(batches).toEqual([10]);
    for (let i = 10; i < 13; i++) writer.append(row(i));
    answers.shift()?.();
    await settle();
    timers.runImmediates();
    await settle();
    // Three rows arrived during the write: they wait for a full batch or the interval.
    expect(batches).toEqual([10]);
    for (let i = 13; i < 23; i++) writer.append(row(i));
    timers.runImmediates();
    await settle();
    expect(batches).toEqual([10, 10]);
    answers.shift()?.();
    await settle();
    timers.advance(100);
    await settle();
    expect(batches).toEqual([10, 10, 3]);
    answers.shift()?.();
    expect(await writer.shutdown()).toEqual({ code: 'ok', remaining: 0 });
    expect(writer.written).toBe(23);
  });
});
