/**
 * @module rollback/rollback-store.contract
 * The contract suite of the rollback store ports (BreakerWal, IncidentStore,
 * ForensicIndexStore, CommandQueue). Each adapter's test file calls
 * `runRollbackStoreContract` with a factory. Excluded from the build.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejected } from '../../test/helpers/errors.js';
import { initialState } from '../breaker/index.js';
import type { BreakerState } from '../breaker/index.js';
import type { RollbackStores } from './ports.js';
import type { Incident, WalRecord } from './types.js';

/** A fresh, empty set of rollback stores and a way to release them. */
export interface RollbackStoresFixture {
  readonly stores: RollbackStores;
  close(): Promise<void>;
}

const steady = initialState('fraud', 'v2', 'v1', 0);
const rolled: BreakerState = { kind: 'rolled_back', model: 'fraud', lkg: 'v1', rollbacks: [10], since: 10, suspect: 'v2', anomaly: { id: 'a-1', rule: 'r', version: 'v2', severity: 'page', action: 'rollback', onset: 5, apiKeys: ['shop'] } };

function record(seq: number, over: Partial<WalRecord> = {}): Omit<WalRecord, 'completedAt'> {
  return {
    model: 'fraud',
    seq,
    at: seq * 10,
    command: { type: 'init', reason: 'test' },
    prev: seq === 1 ? null : steady,
    state: seq === 1 ? steady : rolled,
    events: [],
    effects: seq === 1 ? [] : [{ kind: 'switch_route', from: 'v2', to: 'v1', percent: 100 }],
    context: seq === 1 ? {} : { incidentId: 'inc-1', anomaly: { detectedAt: 9, evidence: { value: 0.2 } } },
    ...over,
  };
}

function incident(id: string, openedAt: number, model = 'fraud'): Incident {
  return {
    id,
    model,
    anomaly: { id: `a-${id}`, rule: 'r', version: 'v2', severity: 'page', action: 'rollback', onset: 1 },
    state: 'mitigated',
    suspect: 'v2',
    lkg: 'v1',
    onsetAt: 1,
    detectedAt: 2,
    openedAt,
    mitigatedAt: 3,
    timeToDetectMs: 1,
    timeToMitigateMs: 1,
    untrusted: { version: 'v2', fromMs: 0, toMs: 4, count: 2 },
    updatedAt: openedAt,
  };
}

/**
 * Registers the contract tests under `describe(name)`.
 *
 * @example
 * runRollbackStoreContract('memory', { create: async () => { const s = createMemoryStore(); return { stores: s.rollback, close: () => s.shutdown() }; } });
 */
export function runRollbackStoreContract(name: string, options: { create: () => Promise<RollbackStoresFixture> }): void {
  describe(`${name}: rollback stores contract`, () => {
    let fixture: RollbackStoresFixture;
    let s: RollbackStores;
    beforeEach(async () => {
      fixture = await options.create();
      s = fixture.stores;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('WAL: appends records, reads them back exactly, refuses a second record with the same seq', async () => {
      expect(await s.wal.latest('fraud')).toBeUndefined();
      await s.wal.append(record(1));
      await s.wal.append(record(2));
      await s.wal.append({ ...record(1), model: 'assistant' });
      expect(await s.wal.latest('fraud')).toEqual({ ...record(2), completedAt: null });
      expect((await s.wal.list('fraud')).map((r) => r.seq)).toEqual([1, 2]);
      expect((await s.wal.list('fraud', { afterSeq: 1 })).map((r) => r.seq)).toEqual([2]);
      expect(await s.wal.models()).toEqual(['assistant', 'fraud']);
      expect((await rejected(s.wal.append(record(2)))).code).toBe('STO_ERR_CONFLICT');
    });

    it('WAL: marks steps (upsert), completes records, lists the incomplete ones in order', async () => {
      await s.wal.append(record(1));
      await s.wal.append(record(2));
      await s.wal.mark('fraud', 2, '0', { at: 11 });
      await s.wal.mark('fraud', 2, '2:digest', { digest: 'abc' });
      await s.wal.mark('fraud', 2, '2:digest', { digest: 'def' });
      expect(await s.wal.marks('fraud', 2)).toEqual(new Map<string, unknown>([['0', { at: 11 }], ['2:digest', { digest: 'def' }]]));
      expect(await s.wal.marks('fraud', 1)).toEqual(new Map());
      await s.wal.complete('fraud', 1, 12);
      expect((await s.wal.incomplete()).map((r) => r.seq)).toEqual([2]);
      await s.wal.complete('fraud', 2, 20);
      await s.wal.complete('fraud', 2, 30);
      expect(await s.wal.incomplete()).toEqual([]);
      expect((await s.wal.latest('fraud'))?.completedAt).toBe(20);
    });

    it('incidents: open is insert-or-ignore by id, update patches, list is newest first', async () => {
      expect(await s.incidents.open(incident('i1', 100))).toEqual({ created: true, incident: incident('i1', 100) });
      const again = await s.incidents.open({ ...incident('i1', 100), state: 'frozen' });
      expect(again).toEqual({ created: false, incident: incident('i1', 100) });
      await s.incidents.open(incident('i2', 200));
      await s.incidents.open(incident('i3', 150, 'assistant'));
      expect((await s.incidents.list()).map((i) => i.id)).toEqual(['i2', 'i3', 'i1']);
      expect((await s.incidents.list({ model: 'fraud', limit: 1 })).map((i) => i.id)).toEqual(['i2']);
      const updated = await s.incidents.update('i1', { state: 'resolved', resolution: { actor: 'alice', reason: 'fixed', at: 300, how: 'approved' }, updatedAt: 300 });
      expect(updated).toMatchObject({ id: 'i1', state: 'resolved', resolution: { actor: 'alice' }, untrusted: { count: 2 } });
      expect(await s.incidents.get('i1')).toEqual(updated);
      expect(await s.incidents.update('nope', { updatedAt: 1 })).toBeUndefined();
      expect(await s.incidents.get('nope')).toBeUndefined();
    });

    it('forensic index: idempotent add, lookups by incident, model and age, remove', async () => {
      const entry = (d: string, createdAt: number, incidentId = 'inc-1') => ({ digest: d.repeat(64), model: 'fraud', anomalyId: 'a', incidentId, createdAt, bytes: 10, location: `/x/${d}.json` });
      expect(await s.forensics.add(entry('a', 100))).toEqual({ created: true });
      expect(await s.forensics.add(entry('a', 100))).toEqual({ created: false });
      await s.forensics.add(entry('b', 300, 'inc-2'));
      expect(await s.forensics.get('a'.repeat(64))).toEqual(entry('a', 100));
      expect((await s.forensics.list()).map((e) => e.digest[0])).toEqual(['b', 'a']);
      expect((await s.forensics.list({ incidentId: 'inc-2' })).map((e) => e.digest[0])).toEqual(['b']);
      expect((await s.forensics.list({ createdBefore: 200 })).map((e) => e.digest[0])).toEqual(['a']);
      await s.forensics.remove('a'.repeat(64));
      expect(await s.forensics.get('a'.repeat(64))).toBeUndefined();
    });

    it('commands: queued in order, settled once, listed newest first', async () => {
      const one = await s.commands.enqueue({ model: 'fraud', command: { type: 'approve', version: 'v3' }, actor: 'alice', reason: 'retrained', createdAt: 1 });
      const two = await s.commands.enqueue({ model: 'assistant', command: { type: 'unfreeze' }, actor: 'bob', reason: 'keys revoked', createdAt: 2 });
      expect(one).toEqual({ id: one.id, model: 'fraud', command: { type: 'approve', version: 'v3' }, actor: 'alice', reason: 'retrained', createdAt: 1, status: 'pending', settledAt: null, detail: null });
      expect(two.id).toBeGreaterThan(one.id);
      expect((await s.commands.pending()).map((c) => c.id)).toEqual([one.id, two.id]);
      await s.commands.settle(one.id, { status: 'applied', detail: 'decision 4', at: 5 });
      await s.commands.settle(one.id, { status: 'rejected', detail: 'late', at: 6 });
      expect(await s.commands.get(one.id)).toMatchObject({ status: 'applied', detail: 'decision 4', settledAt: 5 });
      expect((await s.commands.pending()).map((c) => c.id)).toEqual([two.id]);
      expect((await s.commands.list()).map((c) => c.id)).toEqual([two.id, one.id]);
      expect((await s.commands.list({ model: 'fraud' })).map((c) => c.id)).toEqual([one.id]);
      expect(await s.commands.get(999)).toBeUndefined();
    });
  });
}
