/**
 * @module store/postgres/postgres-replicas.test
 * Two stores on one schema (two connection pools, as two gateway replicas have) racing on
 * the ledger and rollback ports: exactly one of two WAL appends of the same step wins, a
 * pending command is delivered to one replica only (until its lease ends), concurrent
 * incident patches are all kept, untrusted marking counts each row once, and bundles one
 * replica wrote are read by the other.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../../test/helpers/services.js';
import { initialState } from '../../breaker/index.js';
import type { Incident, WalRecord } from '../../rollback/index.js';
import { sha256Hex } from '../../shared/digest.js';
import { isBulwarkError } from '../../shared/errors.js';
import { openPostgresStore } from './postgres-store.js';
import type { PostgresStore } from './postgres-store.js';

const postgres = await requirePostgres();
const url = postgres.url;

function walRecord(seq: number, by: string): Omit<WalRecord, 'completedAt'> {
  const state = initialState('fraud', 'v2', 'v1', seq);
  return { model: 'fraud', seq, at: seq, command: { type: 'init', reason: by }, prev: null, state, events: [], effects: [], context: {} };
}

function incident(id: string): Incident {
  return {
    id,
    model: 'fraud',
    anomaly: { id: `a-${id}`, rule: 'r', version: 'v2', severity: 'page', action: 'rollback', onset: 1 },
    state: 'rolling_back',
    suspect: 'v2',
    lkg: 'v1',
    onsetAt: 1,
    detectedAt: 2,
    openedAt: 3,
    timeToDetectMs: 1,
    untrusted: null,
    updatedAt: 3,
  };
}

const isConflict = (err: unknown): boolean => isBulwarkError(err) && err.code === 'STO_ERR_CONFLICT';

describe.skipIf(!postgres.available)(`postgres: two replicas on one schema (${postgres.reason})`, () => {
  let schema: string;
  let a: PostgresStore;
  let b: PostgresStore;
  const sql = (text: string, values: unknown[] = []) => withPostgresClient(url, async (c) => (await c.query(text.replaceAll('S.', `"${schema}".`), values)).rows);

  beforeEach(async () => {
    schema = testSchemaName();
    a = await openPostgresStore({ url, schema, poolSize: 4 });
    b = await openPostgresStore({ url, schema, poolSize: 4 });
  });
  afterEach(async () => {
    await a.shutdown();
    await b.shutdown();
    await dropPostgresSchema(url, schema);
  });

  it('lets exactly one of two WAL appends of the same seq win, and stores only the winner', async () => {
    for (let seq = 1; seq <= 20; seq++) {
      const results = await Promise.allSettled([a.rollback.wal.append(walRecord(seq, 'a')), b.rollback.wal.append(walRecord(seq, 'b'))]);
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i === 0 ? 'a' : 'b'] : []));
      expect(winners).toHaveLength(1);
      const loss = results.find((r) => r.status === 'rejected');
      expect(loss?.status === 'rejected' && isConflict(loss.reason)).toBe(true);
      const latest = await b.rollback.wal.latest('fraud');
      expect({ seq: latest?.seq, by: latest?.command.type === 'init' ? latest.command.reason : undefined }).toEqual({ seq, by: winners[0] });
    }
    expect((await a.rollback.wal.list('fraud')).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps the WAL gapless: an append must follow the latest record exactly', async () => {
    await a.rollback.wal.append(walRecord(1, 'a'));
    await a.rollback.wal.append(walRecord(2, 'a'));
    const gap = await b.rollback.wal.append(walRecord(4, 'b')).catch((err: unknown) => err);
    expect(gap).toMatchObject({ code: 'STO_ERR_CONFLICT', details: { model: 'fraud', seq: 4, latestSeq: 2 } });
    const stale = await b.rollback.wal.append(walRecord(2, 'b')).catch((err: unknown) => err);
    expect(stale).toMatchObject({ code: 'STO_ERR_CONFLICT', message: 'breaker WAL of "fraud" already has record 2', details: { latestSeq: 2 } });
    await expect(b.rollback.wal.append(walRecord(0, 'b'))).rejects.toThrow(RangeError);
    await b.rollback.wal.append(walRecord(3, 'b'));
    expect((await a.rollback.wal.list('fraud')).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('advances one WAL with retrying writers on both replicas, one record per seq', async () => {
    const writer = async (store: PostgresStore, name: string): Promise<number> => {
      let won = 0;
      for (let tries = 0; tries < 60; tries++) {
        const seq = ((await store.rollback.wal.latest('fraud'))?.seq ?? 0) + 1;
        if (seq > 40) break;
        try {
          await store.rollback.wal.append(walRecord(seq, name));
          won++;
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
      return won;
    };
    const wins = await Promise.all([writer(a, 'a1'), writer(a, 'a2'), writer(b, 'b1'), writer(b, 'b2')]);
    expect(wins.reduce((x, y) => x + y, 0)).toBe(40);
    expect(await sql('SELECT seq::int FROM S.breaker_wal ORDER BY seq')).toEqual(Array.from({ length: 40 }, (_, i) => ({ seq: i + 1 })));
  });

  it('delivers each pending command to one replica only, until its lease ends', async () => {
    const queued = [];
    for (let i = 0; i < 30; i++) queued.push(await a.rollback.commands.enqueue({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'alice', reason: `r${i}`, createdAt: i }));
    const polls = await Promise.all([a, b, a, b, a, b].map((s) => s.rollback.commands.pending()));
    const byA = new Set(polls.filter((_, i) => i % 2 === 0).flatMap((p) => p.map((c) => c.id)));
    const byB = new Set(polls.filter((_, i) => i % 2 === 1).flatMap((p) => p.map((c) => c.id)));
    expect([...byA].filter((id) => byB.has(id))).toEqual([]);
    expect([...byA, ...byB].sort((x, y) => x - y)).toEqual(queued.map((c) => c.id));
    for (const poll of polls) expect(poll.map((c) => c.id)).toEqual([...poll.map((c) => c.id)].sort((x, y) => x - y));
    // A replica sees its own claims again (a failed apply is retried), never the other's.
    expect((await a.rollback.commands.pending()).map((c) => c.id)).toEqual([...byA].sort((x, y) => x - y));
    expect((await b.rollback.commands.pending()).map((c) => c.id)).toEqual([...byB].sort((x, y) => x - y));
    // A's lease runs out (as if A died): B takes A's unsettled commands; settled ones stay settled.
    const [settled, ...rest] = [...byA];
    await a.rollback.commands.settle(settled as number, { status: 'applied', detail: 'done', at: 99 });
    await sql(`UPDATE S.breaker_commands SET claimed_until = now() - interval '1 second' WHERE id = ANY($1)`, [[...byA]]);
    expect((await b.rollback.commands.pending()).map((c) => c.id)).toEqual([...byB, ...rest].sort((x, y) => x - y));
    expect(await a.rollback.commands.pending()).toEqual([]);
  });

  it('leases commands for commandLeaseMs on the server clock', async () => {
    const short = await openPostgresStore({ url, schema, poolSize: 1, commandLeaseMs: 60_000 });
    try {
      const { id } = await short.rollback.commands.enqueue({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'alice', reason: 'r', createdAt: 1 });
      await short.rollback.commands.pending();
      const [lease] = await sql('SELECT EXTRACT(EPOCH FROM claimed_until - now()) AS s FROM S.breaker_commands WHERE id = $1', [id]);
      expect(Number(lease?.['s'])).toBeGreaterThan(50);
      expect(Number(lease?.['s'])).toBeLessThanOrEqual(61);
      await expect(openPostgresStore({ url, schema, commandLeaseMs: 0 })).rejects.toThrow(/commandLeaseMs/);
    } finally {
      await short.shutdown();
    }
  });

  it('keeps every patch when both replicas update one incident at once', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `inc-${round}`;
      await a.rollback.incidents.open(incident(id));
      await Promise.all([
        a.rollback.incidents.update(id, { bundleDigest: sha256Hex(id), updatedAt: 10 }),
        b.rollback.incidents.update(id, { feedback: { verdict: 'true_positive', actor: 'bob', at: 11 }, updatedAt: 11 }),
        a.rollback.incidents.update(id, { state: 'mitigated', mitigatedAt: 12, updatedAt: 12 }),
      ]);
      expect(await b.rollback.incidents.get(id)).toMatchObject({ bundleDigest: sha256Hex(id), feedback: { actor: 'bob' }, state: 'mitigated', mitigatedAt: 12 });
    }
    expect(await sql(`SELECT DISTINCT state FROM S.incidents`)).toEqual([{ state: 'mitigated' }]);
  });

  it('returns the stored incident to the replica that lost the open race', async () => {
    const [first, second] = await Promise.all([a.rollback.incidents.open(incident('i1')), b.rollback.incidents.open({ ...incident('i1'), state: 'frozen' })]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(first.incident).toEqual(second.incident);
  });

  it('appends ledger batches from both replicas whole and in order, and marks each row once', async () => {
    const batch = (by: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ requestId: `${by}-${i}`, at: 1_000 + i, model: 'fraud', version: 'v2', inputDigest: sha256Hex(`i${i}`), outputDigest: sha256Hex(`o${i}`), status: 200 }));
    await Promise.all([0, 1, 2, 3].map((k) => (k % 2 === 0 ? a : b).ledger.append(batch(`r${k}`, 500))));
    const stored = await b.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
    expect(stored).toHaveLength(2_000);
    for (let k = 0; k < 4; k++) expect(stored.filter((e) => e.requestId.startsWith(`r${k}-`)).map((e) => e.requestId)).toEqual(batch(`r${k}`, 500).map((r) => r.requestId));
    const window = { model: 'fraud', version: 'v2', fromMs: 1_100, toMs: 1_200, at: 5 };
    const marked = await Promise.all([a.ledger.markUntrusted({ ...window, incidentId: 'inc-a' }), b.ledger.markUntrusted({ ...window, incidentId: 'inc-b' })]);
    expect(marked[0].marked + marked[1].marked).toBe(400);
    expect(await sql('SELECT count(*)::int AS n FROM S.ledger WHERE untrusted_at IS NOT NULL')).toEqual([{ n: 400 }]);
  });

  it('shares forensic bundle bytes: written once by either replica, read by both', async () => {
    const bytes = new TextEncoder().encode('{"format":"bulwark.forensics/v1"}');
    const digest = sha256Hex(bytes);
    const [wa, wb] = await Promise.all([a.bundles.write(digest, bytes), b.bundles.write(digest, bytes)]);
    expect(wa).toEqual({ location: `postgres:${schema}.forensic_bundles/${digest}` });
    expect(wb).toEqual(wa);
    expect(await sql('SELECT digest, size FROM S.forensic_bundles')).toEqual([{ digest, size: String(bytes.length) }]);
    const read = await b.bundles.read(digest);
    expect(read?.constructor).toBe(Uint8Array);
    expect(Buffer.from(read ?? []).toString('utf8')).toBe('{"format":"bulwark.forensics/v1"}');
    expect(await a.bundles.exists(digest)).toBe(true);
    await a.bundles.remove(digest);
    expect(await b.bundles.exists(digest)).toBe(false);
    expect(await b.bundles.read(digest)).toBeUndefined();
    await expect(a.bundles.write('../etc/passwd', bytes)).rejects.toThrow(/not a sha256 hex digest/);
  });
});
