/**
 * @module alerts/outbox.contract
 * The contract suite of the AlertOutbox port. Each adapter's test file calls
 * `runAlertOutboxContract` with a factory (memory, SQLite, PostgreSQL).
 * Excluded from the build.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertOutbox, OutboxEntry } from './ports.js';
import type { AlertNotification } from './types.js';

/** A fresh, empty outbox and a way to release it. */
export interface AlertOutboxFixture {
  readonly outbox: AlertOutbox;
  close(): Promise<void>;
}

function payload(key: string, extra: Partial<AlertNotification> = {}): AlertNotification {
  return {
    type: 'alert',
    action: 'trigger',
    key,
    dedupeKey: key.split(':')[0] ?? key,
    severity: 'page',
    summary: `alert ${key} — ünïcode ✓`,
    source: 'anomaly',
    kind: 'rule',
    model: 'fraud',
    rule: 'entropy-collapse',
    version: 'v2',
    apiKeys: ['shop', 'partner'],
    count: 1,
    repeatsBefore: 0,
    firstSeenAt: 1,
    at: 2,
    runbook: { id: 'entropy-collapse', title: 'Entropy collapse', url: 'docs/runbooks/entropy-collapse.md' },
    related: [],
    details: { observed: 0.12, nested: { list: [1, null, 'x'] } },
    ...extra,
  };
}

function entry(key: string, createdAt: number, sink = 'webhook-1'): OutboxEntry {
  return { sink, key, dedupeKey: key.split(':')[0] ?? key, severity: 'page', payload: payload(key), createdAt };
}

const OWNER = 'dispatcher-a';
const OTHER = 'dispatcher-b';

/**
 * Registers the contract tests under `describe(name)`.
 *
 * @example
 * runAlertOutboxContract('memory', { create: async () => { const s = createMemoryStore(); return { outbox: s.alerts, close: () => s.shutdown() }; } });
 */
export function runAlertOutboxContract(name: string, options: { create: () => Promise<AlertOutboxFixture> }): void {
  describe(`${name}: alert outbox contract`, () => {
    let fixture: AlertOutboxFixture;
    let o: AlertOutbox;
    beforeEach(async () => {
      fixture = await options.create();
      o = fixture.outbox;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('enqueues once per (sink, key): the same key again is a no-op, another sink is another delivery', async () => {
      expect(await o.enqueue([entry('k1:trigger', 10), entry('k2:trigger', 11)])).toEqual({ inserted: 2 });
      const changed = { ...entry('k1:trigger', 99), payload: payload('k1:trigger', { summary: 'changed' }) };
      expect(await o.enqueue([changed, entry('k1:trigger', 12, 'slack-1')])).toEqual({ inserted: 1 });
      expect(await o.enqueue([])).toEqual({ inserted: 0 });
      const stored = await o.get('webhook-1', 'k1:trigger');
      expect(stored).toEqual({
        ...entry('k1:trigger', 10),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: 10,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        lastStatus: null,
        updatedAt: 10,
        deliveredAt: null,
      });
      expect(await o.get('webhook-1', 'nope')).toBeUndefined();
      expect(await o.depth()).toEqual({ pending: 3, delivered: 0, dead: 0 });
    });

    it('claims due deliveries oldest first, up to the limit, with a lease; counts an attempt per claim', async () => {
      await o.enqueue([entry('late:trigger', 500), entry('b:trigger', 20), entry('a:trigger', 10), entry('c:trigger', 30)]);
      const first = await o.claim({ owner: OWNER, now: 100, leaseMs: 1_000, limit: 2 });
      expect(first.map((i) => i.key)).toEqual(['a:trigger', 'b:trigger']);
      expect(first[0]).toMatchObject({ leaseOwner: OWNER, leaseUntil: 1_100, attempts: 1, status: 'pending' });
      expect(first[0]?.payload).toEqual(payload('a:trigger'));
      expect((await o.claim({ owner: OTHER, now: 100, leaseMs: 1_000, limit: 10 })).map((i) => i.key)).toEqual(['c:trigger']);
      expect(await o.claim({ owner: OTHER, now: 200, leaseMs: 1_000, limit: 10 })).toEqual([]);
      // A crashed owner's lease expires: another dispatcher takes over, the attempt counts.
      const taken = await o.claim({ owner: OTHER, now: 1_100, leaseMs: 1_000, limit: 10 });
      expect(taken.map((i) => [i.key, i.attempts, i.leaseOwner])).toEqual([
        ['a:trigger', 2, OTHER],
        ['b:trigger', 2, OTHER],
        ['c:trigger', 2, OTHER],
        ['late:trigger', 1, OTHER],
      ]);
    });

    it('marks delivered whoever holds the lease, once; a delivered row is never claimed again', async () => {
      await o.enqueue([entry('a:trigger', 10)]);
      await o.claim({ owner: OWNER, now: 10, leaseMs: 100, limit: 5 });
      expect(await o.markDelivered({ sink: 'webhook-1', key: 'a:trigger', owner: OTHER }, { at: 50, status: 202 })).toBe(true);
      expect(await o.markDelivered({ sink: 'webhook-1', key: 'a:trigger', owner: OWNER }, { at: 60 })).toBe(false);
      expect(await o.get('webhook-1', 'a:trigger')).toMatchObject({ status: 'delivered', deliveredAt: 50, lastStatus: 202, leaseOwner: null, leaseUntil: null, updatedAt: 50 });
      expect(await o.claim({ owner: OWNER, now: 10_000, leaseMs: 100, limit: 5 })).toEqual([]);
      expect(await o.markDelivered({ sink: 'webhook-1', key: 'missing', owner: OWNER }, { at: 1 })).toBe(false);
      expect(await o.depth()).toEqual({ pending: 0, delivered: 1, dead: 0 });
    });

    it('schedules a retry only for the lease holder, and claims it again when due', async () => {
      await o.enqueue([entry('a:trigger', 10)]);
      await o.claim({ owner: OWNER, now: 10, leaseMs: 100, limit: 5 });
      const ref = { sink: 'webhook-1', key: 'a:trigger', owner: OWNER };
      expect(await o.scheduleRetry({ ...ref, owner: OTHER }, { at: 20, nextAttemptAt: 70, error: 'nope' })).toBe(false);
      expect(await o.scheduleRetry(ref, { at: 20, nextAttemptAt: 70, error: 'HTTP 503', status: 503 })).toBe(true);
      expect(await o.get('webhook-1', 'a:trigger')).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: 70, lastError: 'HTTP 503', lastStatus: 503, leaseOwner: null, leaseUntil: null, updatedAt: 20 });
      expect(await o.scheduleRetry(ref, { at: 21, nextAttemptAt: 80, error: 'again' })).toBe(false);
      expect(await o.claim({ owner: OTHER, now: 69, leaseMs: 100, limit: 5 })).toEqual([]);
      expect((await o.claim({ owner: OTHER, now: 70, leaseMs: 100, limit: 5 })).map((i) => [i.key, i.attempts])).toEqual([['a:trigger', 2]]);
    });

    it('dead-letters for the lease holder only, keeps the row, and requeues dead letters by sink', async () => {
      await o.enqueue([entry('a:trigger', 10), entry('b:trigger', 11, 'slack-1')]);
      await o.claim({ owner: OWNER, now: 20, leaseMs: 100, limit: 5 });
      expect(await o.deadLetter({ sink: 'webhook-1', key: 'a:trigger', owner: OTHER }, { at: 30, error: 'x' })).toBe(false);
      expect(await o.deadLetter({ sink: 'webhook-1', key: 'a:trigger', owner: OWNER }, { at: 30, error: 'HTTP 400', status: 400 })).toBe(true);
      expect(await o.deadLetter({ sink: 'slack-1', key: 'b:trigger', owner: OWNER }, { at: 31, error: 'gone' })).toBe(true);
      expect(await o.get('webhook-1', 'a:trigger')).toMatchObject({ status: 'dead', lastError: 'HTTP 400', lastStatus: 400, leaseOwner: null, updatedAt: 30 });
      expect(await o.claim({ owner: OWNER, now: 10_000, leaseMs: 100, limit: 5 })).toEqual([]);
      expect((await o.list({ status: 'dead' })).map((i) => i.key)).toEqual(['a:trigger', 'b:trigger']);
      expect(await o.requeueDead({ sink: 'slack-1', now: 500 })).toBe(1);
      expect(await o.get('slack-1', 'b:trigger')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 500, updatedAt: 500 });
      expect(await o.requeueDead({ now: 600 })).toBe(1);
      expect(await o.depth()).toEqual({ pending: 2, delivered: 0, dead: 0 });
    });

    it("releases one owner's leases (graceful shutdown) so another dispatcher claims them at once", async () => {
      await o.enqueue([entry('a:trigger', 10), entry('b:trigger', 11)]);
      await o.claim({ owner: OWNER, now: 20, leaseMs: 60_000, limit: 1 });
      await o.claim({ owner: OTHER, now: 20, leaseMs: 60_000, limit: 1 });
      expect(await o.release(OWNER, 25)).toBe(1);
      expect(await o.release(OWNER, 26)).toBe(0);
      expect((await o.claim({ owner: 'dispatcher-c', now: 30, leaseMs: 60_000, limit: 5 })).map((i) => [i.key, i.attempts])).toEqual([['a:trigger', 2]]);
    });

    it('lists oldest first by status and sink with a limit, and purges delivered rows only', async () => {
      await o.enqueue([entry('a:trigger', 10), entry('b:trigger', 20, 'slack-1'), entry('c:trigger', 30)]);
      await o.claim({ owner: OWNER, now: 40, leaseMs: 100, limit: 1 });
      await o.markDelivered({ sink: 'webhook-1', key: 'a:trigger', owner: OWNER }, { at: 50 });
      expect((await o.list()).map((i) => i.key)).toEqual(['a:trigger', 'b:trigger', 'c:trigger']);
      expect((await o.list({ status: 'pending' })).map((i) => i.key)).toEqual(['b:trigger', 'c:trigger']);
      expect((await o.list({ sink: 'webhook-1', limit: 1 })).map((i) => i.key)).toEqual(['a:trigger']);
      expect(await o.purgeDelivered(50)).toBe(0);
      expect(await o.purgeDelivered(51)).toBe(1);
      expect((await o.list()).map((i) => i.key)).toEqual(['b:trigger', 'c:trigger']);
      expect(await o.depth()).toEqual({ pending: 2, delivered: 0, dead: 0 });
    });

    it('lists newest first (the exact reverse of oldest first), after the status and sink filters, then the limit', async () => {
      await o.enqueue([entry('a:trigger', 10), entry('a:trigger', 10, 'slack-1'), entry('b:trigger', 20), entry('c:trigger', 30, 'slack-1'), entry('d:trigger', 40)]);
      await o.claim({ owner: OWNER, now: 50, leaseMs: 100, limit: 1 });
      await o.markDelivered({ sink: 'slack-1', key: 'a:trigger', owner: OWNER }, { at: 60 });
      const oldest = (await o.list()).map((i) => `${i.sink}/${i.key}`);
      expect(oldest).toEqual(['slack-1/a:trigger', 'webhook-1/a:trigger', 'webhook-1/b:trigger', 'slack-1/c:trigger', 'webhook-1/d:trigger']);
      expect((await o.list({ order: 'newest' })).map((i) => `${i.sink}/${i.key}`)).toEqual([...oldest].reverse());
      expect((await o.list({ order: 'oldest', limit: 2 })).map((i) => `${i.sink}/${i.key}`)).toEqual(oldest.slice(0, 2));
      expect((await o.list({ order: 'newest', limit: 2 })).map((i) => i.key)).toEqual(['d:trigger', 'c:trigger']);
      expect((await o.list({ order: 'newest', status: 'pending', limit: 3 })).map((i) => `${i.sink}/${i.key}`)).toEqual(['webhook-1/d:trigger', 'slack-1/c:trigger', 'webhook-1/b:trigger']);
      expect((await o.list({ order: 'newest', status: 'delivered' })).map((i) => [i.sink, i.key, i.deliveredAt])).toEqual([['slack-1', 'a:trigger', 60]]);
      expect((await o.list({ order: 'newest', sink: 'slack-1' })).map((i) => i.key)).toEqual(['c:trigger', 'a:trigger']);
      expect((await o.list({ order: 'newest', limit: 1 }))[0]?.payload).toEqual(payload('d:trigger'));
    });
  });
}
