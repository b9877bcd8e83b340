/**
 * @module gateway/ledger-store.contract
 * The contract suite of the LedgerStore port. Every adapter's test file calls
 * `runLedgerStoreContract` with a factory, so that memory, SQLite (and PostgreSQL later)
 * store, query and mark decision-ledger rows the same way. Excluded from the build.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../shared/digest.js';
import type { LedgerRow, LedgerStore } from './ports.js';

/** What the contract's factory returns: a fresh, empty ledger and a way to release it. */
export interface LedgerStoreFixture {
  readonly ledger: LedgerStore;
  close(): Promise<void>;
}

function row(n: number, overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    requestId: `req-${n}`,
    at: 1_700_000_000_000 + n * 1_000,
    model: 'fraud',
    version: n % 2 === 0 ? 'v2' : 'v1',
    apiKeyId: 'shop-frontend',
    inputDigest: sha256Hex(`in-${n}`),
    outputDigest: sha256Hex(`out-${n}`),
    status: 200,
    ...overrides,
  };
}

const ids = (entries: readonly { requestId: string }[]): string[] => entries.map((e) => e.requestId);

/**
 * Registers the LedgerStore contract tests under `describe(name)`.
 *
 * @example
 * runLedgerStoreContract('memory', { create: async () => { const s = createMemoryStore(); return { ledger: s.ledger, close: () => s.shutdown() }; } });
 */
export function runLedgerStoreContract(name: string, options: { create: () => Promise<LedgerStoreFixture> }): void {
  describe(`${name}: LedgerStore contract`, () => {
    let fixture: LedgerStoreFixture;
    let ledger: LedgerStore;
    beforeEach(async () => {
      fixture = await options.create();
      ledger = fixture.ledger;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('starts empty', async () => {
      expect(await ledger.byRequestId('req-1')).toEqual([]);
      expect(await ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toEqual([]);
    });

    it('reads rows back exactly, with increasing seq and no untrusted marking', async () => {
      const rows = [row(1), row(2, { apiKeyId: undefined }), row(3, { status: 504 })];
      await ledger.append(rows);
      const stored = await ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
      expect(stored.map(({ seq: _seq, ...rest }) => rest)).toStrictEqual([row(1), (({ apiKeyId: _k, ...r }) => r)(row(2)), row(3, { status: 504 })]);
      const seqs = stored.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(3);
      expect(stored.every((e) => e.untrustedAt === undefined && e.incidentId === undefined)).toBe(true);
    });

    it('finds rows by request id, every one of them (ids may repeat), in seq order', async () => {
      await ledger.append([row(1), row(2), row(1, { version: 'v2', at: 5 })]);
      const found = await ledger.byRequestId('req-1');
      expect(found.map((e) => [e.version, e.at])).toEqual([['v1', row(1).at], ['v2', 5]]);
      expect(await ledger.byRequestId('req-9')).toEqual([]);
    });

    it('queries a model, optionally one version, in [fromMs, toMs)', async () => {
      await ledger.append([row(1), row(2), row(3), row(4), row(5, { model: 'assistant' })]);
      const all = { model: 'fraud', fromMs: row(2).at, toMs: row(4).at };
      expect(ids(await ledger.query(all))).toEqual(['req-2', 'req-3']);
      expect(ids(await ledger.query({ ...all, version: 'v1' }))).toEqual(['req-3']);
      expect(ids(await ledger.query({ ...all, version: 'v3' }))).toEqual([]);
      expect(ids(await ledger.query({ model: 'assistant', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }))).toEqual(['req-5']);
    });

    it('pages with afterSeq and limit', async () => {
      await ledger.append(Array.from({ length: 10 }, (_, i) => row(i)));
      const everything = { model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
      const first = await ledger.query({ ...everything, limit: 4 });
      const second = await ledger.query({ ...everything, limit: 4, afterSeq: first.at(-1)?.seq ?? 0 });
      expect(ids(first)).toEqual(['req-0', 'req-1', 'req-2', 'req-3']);
      expect(ids(second)).toEqual(['req-4', 'req-5', 'req-6', 'req-7']);
      expect(await ledger.query({ ...everything, limit: 0 })).toEqual([]);
    });

    it('writes a batch whole or not at all', async () => {
      const bad = { ...row(2), requestId: '' };
      await expect(ledger.append([row(1), bad])).rejects.toThrow(/requestId/);
      expect(await ledger.byRequestId('req-1')).toEqual([]);
      await ledger.append([]);
      expect(await ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toEqual([]);
    });

    it('marks a window untrusted once, and reports how many rows it marked', async () => {
      await ledger.append([row(1), row(2), row(3), row(4), row(5)]);
      const window = { model: 'fraud', version: 'v1', fromMs: row(1).at, toMs: row(5).at };
      expect(await ledger.markUntrusted({ ...window, incidentId: 'inc-1', at: 42 })).toEqual({ marked: 2 });
      expect(await ledger.markUntrusted({ ...window, toMs: row(5).at + 1, incidentId: 'inc-2', at: 43 })).toEqual({ marked: 1 });
      const rows = await ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
      expect(rows.map((e) => [e.requestId, e.incidentId ?? null, e.untrustedAt ?? null])).toEqual([
        ['req-1', 'inc-1', 42],
        ['req-2', null, null],
        ['req-3', 'inc-1', 42],
        ['req-4', null, null],
        ['req-5', 'inc-2', 43],
      ]);
      expect(await ledger.markUntrusted({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER, incidentId: 'inc-3', at: 44 })).toEqual({ marked: 2 });
    });

    it('rejects nonsense query bounds with a RangeError naming them', async () => {
      await expect(ledger.query({ model: 'fraud', fromMs: Number.NaN, toMs: 1 })).rejects.toThrow(RangeError);
      await expect(ledger.query({ model: 'fraud', fromMs: 0, toMs: 1, limit: -1 })).rejects.toThrow(/limit/);
      await expect(ledger.query({ model: '', fromMs: 0, toMs: 1 })).rejects.toThrow(/model/);
    });

    it('keeps a large batch in order', async () => {
      const rows = Array.from({ length: 2_000 }, (_, i) => row(i));
      await ledger.append(rows);
      expect(ids(await ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }))).toEqual(ids(rows));
    });
  });
}
