/**
 * @module audit/audit-store.contract
 * The contract suite of the AuditStore port. Every adapter's test file calls
 * `runAuditStoreContract` with a factory, so that memory, SQLite and PostgreSQL keep the
 * same append-only, compare-and-append behaviour. Excluded from the build.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestJson } from '../shared/digest.js';
import type { AuditEntry, AuditStore } from './ports.js';

/** What the contract's factory returns: a fresh, empty audit store and a way to release it. */
export interface AuditStoreFixture {
  readonly audit: AuditStore;
  close(): Promise<void>;
}

const GENESIS = '0'.repeat(64);

/** The entry following `prev` (or the first one), hashed as the audit context does. */
function next(prev: AuditEntry | undefined, overrides: Partial<Omit<AuditEntry, 'hash'>> = {}): AuditEntry {
  const seq = (prev?.seq ?? 0) + 1;
  const body: Omit<AuditEntry, 'hash'> = {
    seq,
    at: 1_700_000_000_000 + seq,
    actor: 'alice',
    action: 'registry.add',
    target: `model:fraud/v${seq}`,
    details: { digest: 'ab'.repeat(32), nested: { list: [1, 'two', null, true], empty: {} } },
    prevHash: prev?.hash ?? GENESIS,
    ...overrides,
  };
  return { ...body, hash: digestJson(body) };
}

/** Appends `n` chained entries to `audit` and returns them. */
async function appendChain(audit: AuditStore, n: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const entry = next(entries.at(-1));
    await audit.append(entry);
    entries.push(entry);
  }
  return entries;
}

async function expectConflict(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'BulwarkError', code: 'STO_ERR_CONFLICT' });
}

/**
 * Registers the AuditStore contract tests under `describe(name)`. `create` is called
 * before each test and must return an empty log; `close` after it.
 *
 * @example
 * runAuditStoreContract('memory', { create: async () => {
 *   const s = createMemoryStore(); return { audit: s.audit, close: () => s.shutdown() };
 * } });
 */
export function runAuditStoreContract(name: string, options: { create: () => Promise<AuditStoreFixture> }): void {
  describe(`${name}: AuditStore contract`, () => {
    let fixture: AuditStoreFixture;
    let audit: AuditStore;
    beforeEach(async () => {
      fixture = await options.create();
      audit = fixture.audit;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('starts empty', async () => {
      expect(await audit.head()).toBeUndefined();
      expect(await audit.list()).toEqual([]);
    });

    it('appends a chain and reads it back exactly, head last', async () => {
      const entries = await appendChain(audit, 3);
      expect(await audit.head()).toStrictEqual(entries[2]);
      expect(await audit.list()).toStrictEqual(entries);
      expect(await audit.list({})).toStrictEqual(entries);
    });

    it('lists after a seq and up to a limit', async () => {
      const entries = await appendChain(audit, 5);
      expect(await audit.list({ afterSeq: 2 })).toStrictEqual(entries.slice(2));
      expect(await audit.list({ limit: 2 })).toStrictEqual(entries.slice(0, 2));
      expect(await audit.list({ afterSeq: 1, limit: 3 })).toStrictEqual(entries.slice(1, 4));
      expect(await audit.list({ afterSeq: 5 })).toEqual([]);
      expect(await audit.list({ afterSeq: 99, limit: 10 })).toEqual([]);
      expect(await audit.list({ limit: 0 })).toEqual([]);
    });

    it('rejects a bad limit', async () => {
      await expect(audit.list({ limit: -1 })).rejects.toThrow(/limit/);
      await expect(audit.list({ limit: 1.5 })).rejects.toThrow(/limit/);
    });

    it('rejects a gap (seq 3 on head 1) with STO_ERR_CONFLICT and writes nothing', async () => {
      const [first] = await appendChain(audit, 1);
      const skipped = next(next(first));
      expect(skipped.seq).toBe(3);
      await expectConflict(audit.append(skipped));
      expect(await audit.head()).toStrictEqual(first);
      expect(await audit.list()).toHaveLength(1);
    });

    it('rejects the same seq twice, keeping the first', async () => {
      const first = next(undefined);
      await audit.append(first);
      await expectConflict(audit.append(first));
      await expectConflict(audit.append(next(undefined, { actor: 'mallory' })));
      expect(await audit.list()).toStrictEqual([first]);
    });

    it('rejects a first entry that is not seq 1 on genesis', async () => {
      await expectConflict(audit.append(next(undefined, { seq: 2 })));
      await expectConflict(audit.append(next(undefined, { seq: 0 })));
      await expectConflict(audit.append(next(undefined, { prevHash: 'f'.repeat(64) })));
      expect(await audit.head()).toBeUndefined();
    });

    it('rejects an entry whose prevHash is not the head hash (a forked chain)', async () => {
      const [first] = await appendChain(audit, 1);
      await expectConflict(audit.append(next(first, { prevHash: 'e'.repeat(64) })));
      expect(await audit.list()).toStrictEqual([first]);
    });

    it('lets exactly one of two concurrent appends of the same seq win', async () => {
      const [, second] = await appendChain(audit, 2);
      const contenders = [next(second, { actor: 'alice' }), next(second, { actor: 'bob' })];
      const results = await Promise.allSettled(contenders.map((e) => audit.append(e)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [contenders[i]] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toEqual([expect.objectContaining({ code: 'STO_ERR_CONFLICT' })]);
      expect(await audit.head()).toStrictEqual(won[0]);
      expect(await audit.list()).toHaveLength(3);
    });

    it('returns copies and keeps none of the caller objects', async () => {
      const entry = next(undefined);
      const input = { ...entry, details: { ...entry.details, list: [1] } } as AuditEntry;
      await audit.append(input);
      (input.details['list'] as number[]).push(2);
      const head = await audit.head();
      expect(head?.details['list']).toEqual([1]);
      (head?.details as Record<string, unknown>)['x'] = 1;
      expect((await audit.list())[0]?.details).toStrictEqual({ ...entry.details, list: [1] });
    });
  });
}
