/**
 * @module store/postgres/postgres-ledger-rollback.test
 * What the ledger and rollback ports do on PostgreSQL beyond their contracts: the column
 * types (json documents an operator can query, bigint times), values only PostgreSQL would
 * refuse, rows edited behind the store's back, and the ports after shutdown.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../../test/helpers/services.js';
import { initialState } from '../../breaker/index.js';
import type { Incident } from '../../rollback/index.js';
import { sha256Hex } from '../../shared/digest.js';
import { openPostgresStore } from './postgres-store.js';
import type { PostgresStore } from './postgres-store.js';

const postgres = await requirePostgres();
const url = postgres.url;

const ROW = { requestId: 'req-1', at: 1_000, model: 'fraud', version: 'v2', inputDigest: sha256Hex('in'), outputDigest: sha256Hex('out'), status: 200 };
const STEADY = initialState('fraud', 'v2', 'v1', 0);
const INCIDENT: Incident = {
  id: 'inc-1',
  model: 'fraud',
  anomaly: { id: 'a-1', rule: 'r', version: 'v2', severity: 'page', action: 'rollback', onset: 1 },
  state: 'mitigated',
  suspect: 'v2',
  lkg: 'v1',
  onsetAt: 1,
  detectedAt: 2,
  openedAt: 3,
  timeToDetectMs: 1,
  untrusted: null,
  updatedAt: 3,
};
const corrupt = (table: string, key: string, column: string) => expect.objectContaining({ code: 'STO_ERR_CORRUPT_ROW', details: { table, key, column } });

describe.skipIf(!postgres.available)(`postgres ledger and rollback tables (${postgres.reason})`, () => {
  let schema: string;
  let store: PostgresStore;
  const sql = (text: string, values: unknown[] = []) => withPostgresClient(url, async (c) => (await c.query(text.replaceAll('S.', `"${schema}".`), values)).rows);

  beforeEach(async () => {
    schema = testSchemaName();
    store = await openPostgresStore({ url, schema, poolSize: 2 });
  });
  afterEach(async () => {
    await store.shutdown();
    await dropPostgresSchema(url, schema);
  });

  it('stores WAL records as json an operator can query, with bigint times', async () => {
    await store.rollback.wal.append({ model: 'fraud', seq: 1, at: 1_700_000_000_000, command: { type: 'init', reason: 'first' }, prev: null, state: STEADY, events: [], effects: [], context: {} });
    await store.rollback.wal.mark('fraud', 1, 'events', { at: 5 });
    expect(await sql(`SELECT pg_typeof(record)::text AS t, record->'state'->>'kind' AS kind, state_kind, at FROM S.breaker_wal`)).toEqual([
      { t: 'json', kind: 'steady', state_kind: 'steady', at: '1700000000000' },
    ]);
    expect(await sql(`SELECT result->>'at' AS at FROM S.breaker_wal_marks`)).toEqual([{ at: '5' }]);
    await expect(store.rollback.wal.mark('fraud', 9, '0', {})).rejects.toThrow(/foreign key/);
  });

  it('keeps a NUL character in a document (json, not jsonb)', async () => {
    await store.rollback.incidents.open(INCIDENT);
    const resolution = { actor: 'alice', reason: 'odd \u0000 reason', at: 9, how: 'approved' as const };
    expect(await store.rollback.incidents.update('inc-1', { state: 'resolved', resolution, updatedAt: 9 })).toMatchObject({ resolution });
    expect((await store.rollback.incidents.get('inc-1'))?.resolution).toEqual(resolution);
  });

  it('refuses a ledger row whose time is not an integer number of ms, naming it, and writes nothing of the batch', async () => {
    await expect(store.ledger.append([ROW, { ...ROW, requestId: 'req-2', at: 1_000.5 }])).rejects.toThrow('ledger row 1: at must be an integer number of ms, got 1000.5');
    expect(await store.ledger.byRequestId('req-1')).toEqual([]);
  });

  it('selects ledger windows with fractional and huge bounds as the contract reads them', async () => {
    await store.ledger.append([ROW, { ...ROW, requestId: 'req-2', at: 1_001 }]);
    const ids = async (fromMs: number, toMs: number) => (await store.ledger.query({ model: 'fraud', fromMs, toMs })).map((e) => e.requestId);
    expect(await ids(999.5, 1_000.5)).toEqual(['req-1']);
    expect(await ids(1_000.5, 1e300)).toEqual(['req-2']);
    expect(await ids(-1e300, 1_000)).toEqual([]);
    expect(await store.ledger.query({ model: 'fraud', fromMs: 0, toMs: 2_000, afterSeq: 1.5, limit: 1e300 })).toHaveLength(1);
  });

  it('names the table, key and column of rollback and ledger rows that do not decode', async () => {
    await store.rollback.wal.append({ model: 'fraud', seq: 1, at: 1, command: { type: 'init', reason: 'x' }, prev: null, state: STEADY, events: [], effects: [], context: {} });
    await sql(`UPDATE S.breaker_wal SET record = '{"command": {}}'`);
    await expect(store.rollback.wal.latest('fraud')).rejects.toEqual(corrupt('breaker_wal', 'fraud/1', 'record'));
    await store.rollback.incidents.open(INCIDENT);
    await sql(`UPDATE S.incidents SET data = '{"id": 1}'`);
    await expect(store.rollback.incidents.list()).rejects.toEqual(corrupt('incidents', 'inc-1', 'data'));
    const { id } = await store.rollback.commands.enqueue({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'a', reason: 'r', createdAt: 1 });
    await sql(`UPDATE S.breaker_commands SET command = '[1]'`);
    await expect(store.rollback.commands.get(id)).rejects.toEqual(corrupt('breaker_commands', String(id), 'command'));
    await store.ledger.append([ROW]);
    await sql('UPDATE S.ledger SET at = 9007199254740993');
    await expect(store.ledger.byRequestId('req-1')).rejects.toEqual(corrupt('ledger', expect.stringMatching(/^seq \d+$/) as unknown as string, 'at'));
  });

  it('rejects every ledger, rollback and bundle port after shutdown', async () => {
    await store.shutdown();
    const digest = 'a'.repeat(64);
    await expect(store.ledger.query({ model: 'm', fromMs: 0, toMs: 1 })).rejects.toThrow(/after shutdown/);
    await expect(store.rollback.wal.latest('m')).rejects.toThrow(/after shutdown/);
    await expect(store.rollback.incidents.list()).rejects.toThrow(/after shutdown/);
    await expect(store.rollback.forensics.get(digest)).rejects.toThrow(/after shutdown/);
    await expect(store.rollback.commands.pending()).rejects.toThrow(/after shutdown/);
    await expect(store.bundles.read(digest)).rejects.toThrow(/after shutdown/);
  });
});
