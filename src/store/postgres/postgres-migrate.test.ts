/**
 * @module store/postgres/postgres-migrate.test
 * PostgreSQL migrations against the real server: a fresh schema gets every migration,
 * re-opening applies nothing, only missing ones are applied, a newer schema is refused, a
 * failing migration rolls back and releases the advisory lock, replicas opening a fresh
 * schema together migrate it once, and a role that may not create schemas opens one
 * its DBA migrated and works through every port with the grants docs/storage.md lists.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../../test/helpers/services.js';
import { rejected } from '../../../test/helpers/errors.js';
import { AuditLog } from '../../audit/index.js';
import { initialState } from '../../breaker/index.js';
import { ManualClock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/digest.js';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations/index.js';
import { applyPostgresMigrations, migrationLockKey, postgresSchemaVersion } from './migrate.js';
import type { PostgresMigration } from './migration.js';
import { POSTGRES_MIGRATIONS } from './migrations/index.js';
import { openPostgresStore } from './postgres-store.js';
import type { PostgresStore } from './postgres-store.js';

const postgres = await requirePostgres();
const url = postgres.url;

const ok: PostgresMigration = { version: 1, name: 'one', up: 'CREATE TABLE one (x integer);' };
const broken: PostgresMigration = {
  version: 2,
  name: 'two',
  up: 'CREATE TABLE two (x integer); INSERT INTO two VALUES (1); INSERT INTO missing VALUES (1);',
};

describe.skipIf(!postgres.available)(`postgres migrations (${postgres.reason})`, () => {
  let schema: string;
  const sql = <T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> =>
    withPostgresClient(url, async (c) => (await c.query(text.replaceAll('S.', `"${schema}".`), values)).rows as T[]);
  const versions = () => sql('SELECT version, name, applied_at FROM S.schema_version ORDER BY version');
  const tables = async () =>
    (await sql<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [schema])).map((r) => r.t);
  const open = (clock = new ManualClock(42), poolSize = 2) => openPostgresStore({ url, schema, clock, poolSize });

  beforeEach(() => {
    schema = testSchemaName();
  });
  afterEach(async () => {
    await dropPostgresSchema(url, schema);
  });

  it('creates the schema, records every migration, and re-opening applies nothing', async () => {
    await (await open(new ManualClock(42))).shutdown();
    const expected = POSTGRES_MIGRATIONS.map((m, i) => ({ version: i + 1, name: m.name, applied_at: '42' }));
    expect(await versions()).toEqual(expected);
    expect(await tables()).toEqual([
      'alert_outbox', 'audit_append_lock', 'audit_log', 'blobs', 'breaker_commands', 'breaker_wal', 'breaker_wal_marks', 'documents_attached', 'forensic_bundles',
      'forensic_index', 'incidents', 'ledger', 'model_versions', 'schema_version', 'status_events',
    ]);
    await (await open(new ManualClock(99))).shutdown();
    expect(await versions()).toEqual(expected);
  });

  it('mirrors the SQLite migrations by number and name, through the ledger and rollback tables', () => {
    const names = (list: readonly { version: number; name: string }[]) => list.map((m) => `${m.version}-${m.name}`);
    expect(names(POSTGRES_MIGRATIONS)).toEqual(names(SQLITE_MIGRATIONS.slice(0, POSTGRES_MIGRATIONS.length)));
    expect(names(POSTGRES_MIGRATIONS)).toEqual(['1-registry', '2-audit', '3-ledger', '4-rollback', '5-outbox']);
  });

  it('applies only the migrations the schema lacks', async () => {
    await (await open(new ManualClock(1))).shutdown();
    await sql(`DROP TABLE S.breaker_wal_marks, S.breaker_wal, S.incidents, S.forensic_index, S.forensic_bundles, S.breaker_commands, S.alert_outbox;
      DROP INDEX S.ledger_by_incident; DELETE FROM S.schema_version WHERE version >= 4`);
    const again = await open(new ManualClock(2));
    expect(await sql('SELECT version, applied_at FROM S.schema_version ORDER BY version')).toEqual([
      { version: 1, applied_at: '1' },
      { version: 2, applied_at: '1' },
      { version: 3, applied_at: '1' },
      { version: 4, applied_at: '2' },
      { version: 5, applied_at: '2' },
    ]);
    expect(await again.rollback.wal.models()).toEqual([]);
    expect(await again.alerts?.depth()).toEqual({ pending: 0, delivered: 0, dead: 0 });
    await again.shutdown();
  });

  it('refuses a schema newer than the code with STO_ERR_SCHEMA_TOO_NEW', async () => {
    await (await open()).shutdown();
    const future = POSTGRES_MIGRATIONS.length + 1;
    await sql('INSERT INTO S.schema_version (version, name, applied_at) VALUES ($1, $2, 0)', [future, 'future']);
    const err = await rejected(open());
    expect(err.code).toBe('STO_ERR_SCHEMA_TOO_NEW');
    expect(err.details).toEqual({ schema, databaseVersion: future, knownVersion: POSTGRES_MIGRATIONS.length });
    expect(err.message).toMatch(/127\.0\.0\.1:5432/);
  });

  it('rolls a failing migration back with STO_ERR_MIGRATION_FAILED, keeping earlier ones and releasing the lock', async () => {
    await withPostgresClient(url, async (client) => {
      const options = { schema, location: '127.0.0.1:5432/test', clock: new ManualClock(7) };
      const err = await rejected(applyPostgresMigrations(client, [ok, broken], options));
      expect(err.code).toBe('STO_ERR_MIGRATION_FAILED');
      expect(err.details).toEqual({ schema, version: 2, name: 'two' });
      expect(err.message).toMatch(/relation "missing" does not exist/);
      expect(await postgresSchemaVersion(client, schema)).toBe(1);
      // The session is usable (not left in an aborted transaction) and holds no lock.
      expect(await applyPostgresMigrations(client, [ok], options)).toEqual([]);
    });
    expect(await tables()).toEqual(['one', 'schema_version']);
    const [lock] = await sql<{ got: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS got', [migrationLockKey(schema)]);
    expect(lock?.got).toBe(true);
  });

  it('treats a list with a gap as a bug', async () => {
    await withPostgresClient(url, async (client) => {
      await expect(applyPostgresMigrations(client, [{ ...broken, version: 3 }], { schema, location: 'x', clock: new ManualClock(0) })).rejects.toThrow(/expected 1/);
    });
    expect(await tables()).toEqual([]);
  });

  it('migrates once when several replicas open a fresh schema together', async () => {
    const stores = await Promise.all([1, 2, 3, 4].map((i) => open(new ManualClock(i), 1)));
    const rows = await versions();
    expect(rows.map((r) => r['version'])).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    expect(new Set(rows.map((r) => r['applied_at'])).size).toBe(1);
    await stores[0]?.registry.insertVersion({ model: 'm', version: 'v1', artifact: { digest: 'd', sizeBytes: 1, path: '/p' }, createdAt: 1 });
    for (const store of stores) expect(await store.registry.listVersions()).toHaveLength(1);
    for (const store of stores) await store.shutdown();
  });

  it('opens a schema its DBA migrated with a role that may not create schemas or tables, and works through every port', async () => {
    await (await open()).shutdown();
    const role = `${schema}_app`;
    await sql(`CREATE ROLE ${role} LOGIN; GRANT USAGE ON SCHEMA "${schema}" TO ${role};
      GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA "${schema}" TO ${role};
      GRANT UPDATE ON S.audit_append_lock, S.ledger, S.breaker_wal, S.breaker_wal_marks, S.incidents, S.breaker_commands, S.alert_outbox TO ${role};
      GRANT DELETE ON S.forensic_index, S.forensic_bundles, S.alert_outbox TO ${role}`);
    try {
      const asApp = new URL(url);
      asApp.username = role;
      const store = await openPostgresStore({ url: asApp.href, schema, poolSize: 1 });
      const record = { model: 'm', version: 'v1', artifact: { digest: 'd', sizeBytes: 1, path: '/p' }, createdAt: 1 };
      expect((await store.registry.insertVersion(record)).created).toBe(true);
      await store.registry.appendStatus({ model: 'm', version: 'v1', status: 'active', at: 2, actor: 'app' });
      await store.registry.attachDocument({ model: 'm', version: 'v1', kind: 'k', digest: await store.documents.put(Uint8Array.of(1), 'x/y'), attachedAt: 3, actor: 'app' });
      const log = new AuditLog({ store: store.audit, clock: new ManualClock(4) });
      await log.record({ actor: 'app', action: 'test.grant', target: 't', details: {} });
      expect(await log.verify()).toMatchObject({ intact: true, verified: 1 });
      await exerciseLedgerAndRollback(store);
      await store.shutdown();
    } finally {
      await sql(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});

/** Every write the ledger and rollback ports make, as the application role of docs/storage.md. */
async function exerciseLedgerAndRollback(store: PostgresStore): Promise<void> {
  const row = { requestId: 'r', at: 1, model: 'm', version: 'v1', inputDigest: 'i', outputDigest: 'o', status: 200 };
  await store.ledger.append([row]);
  expect(await store.ledger.markUntrusted({ model: 'm', fromMs: 0, toMs: 2, incidentId: 'inc', at: 3 })).toEqual({ marked: 1 });
  const { wal, incidents, forensics, commands } = store.rollback;
  await wal.append({ model: 'm', seq: 1, at: 1, command: { type: 'init', reason: 't' }, prev: null, state: initialState('m', 'v1', 'v1', 1), events: [], effects: [], context: {} });
  await wal.mark('m', 1, '0', {});
  await wal.mark('m', 1, '0', { again: true });
  await wal.complete('m', 1, 2);
  const incident = { id: 'inc', model: 'm', anomaly: { id: 'a', rule: 'r', version: 'v1', severity: 'page', action: 'rollback', onset: 1 }, state: 'mitigated', suspect: 'v1', lkg: 'v1', onsetAt: 1, detectedAt: 1, openedAt: 1, timeToDetectMs: 0, untrusted: null, updatedAt: 1 } as const;
  await incidents.open(incident);
  expect(await incidents.update('inc', { state: 'resolved', updatedAt: 2 })).toMatchObject({ state: 'resolved' });
  const bytes = Uint8Array.of(1, 2);
  const digest = sha256Hex(bytes);
  const { location } = await store.bundles.write(digest, bytes);
  await forensics.add({ digest, model: 'm', anomalyId: 'a', incidentId: 'inc', createdAt: 1, bytes: 2, location });
  await forensics.remove(digest);
  await store.bundles.remove(digest);
  const { id } = await commands.enqueue({ model: 'm', command: { type: 'unfreeze' }, actor: 'a', reason: 'r', createdAt: 1 });
  expect((await commands.pending()).map((c) => c.id)).toEqual([id]);
  await commands.settle(id, { status: 'applied', detail: 'd', at: 2 });
  expect((await commands.get(id))?.status).toBe('applied');
  const outbox = store.alerts;
  expect(outbox).toBeDefined();
  const payload = { summary: 's' } as unknown as Parameters<NonNullable<typeof outbox>['enqueue']>[0][number]['payload'];
  expect(await outbox?.enqueue([{ sink: 'log-1', key: 'k', dedupeKey: 'd', severity: 'page', payload, createdAt: 1 }])).toEqual({ inserted: 1 });
  expect((await outbox?.claim({ owner: 'o', now: 2, leaseMs: 10, limit: 5 }))?.map((i) => i.key)).toEqual(['k']);
  expect(await outbox?.markDelivered({ sink: 'log-1', key: 'k', owner: 'o' }, { at: 3, status: 200 })).toBe(true);
  expect(await outbox?.purgeDelivered(4)).toBe(1);
}
