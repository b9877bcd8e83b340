/**
 * @module app/services.test
 * Which store the CLI (and the gateway) opens (--store, the config's `store:`, the
 * default), and the registry, audit and rollback commands end to end on PostgreSQL:
 * `store.kind: postgres` in bulwark.yaml, a fresh schema per test, rows checked in the
 * database itself.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/cli.js';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../test/helpers/services.js';
import { openServices, openStoreFromConfig, openStoreTarget, resolveStoreTarget, storeTargetFor } from './services.js';

const postgres = await requirePostgres();

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-services-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = (text: string, name = 'bulwark.yaml'): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('resolveStoreTarget', () => {
  const env = { DB_URL: 'postgres://app:pw@db.internal:5433/fleet' };

  it('defaults to .bulwark/bulwark.db, and --store wins over any config', async () => {
    expect(await resolveStoreTarget({ cwd: dir, env })).toEqual({ kind: 'sqlite', path: join(dir, '.bulwark', 'bulwark.db') });
    config('store: { kind: postgres, url: ${DB_URL} }\n');
    expect(await resolveStoreTarget({ cwd: dir, env, storePath: 'x.db' })).toEqual({ kind: 'sqlite', path: join(dir, 'x.db') });
  });

  it('reads store: from ./bulwark.yaml or --config', async () => {
    config('store: { kind: sqlite, path: data/b.db }\n');
    expect(await resolveStoreTarget({ cwd: dir, env })).toEqual({ kind: 'sqlite', path: join(dir, 'data', 'b.db') });
    const pg = config('store: { kind: postgres, url: ${DB_URL} }\n', 'pg.yaml');
    expect(await resolveStoreTarget({ cwd: dir, env, configPath: pg })).toEqual({ kind: 'postgres', url: env.DB_URL, schema: 'bulwark' });
    const named = config('store: { kind: postgres, url: ${DB_URL}, schema: fleet_a }\n', 'named.yaml');
    expect(await resolveStoreTarget({ cwd: dir, env, configPath: named })).toMatchObject({ kind: 'postgres', schema: 'fleet_a' });
    const memory = config('store: { kind: memory }\n', 'memory.yaml');
    expect(await resolveStoreTarget({ cwd: dir, env, configPath: memory })).toEqual({ kind: 'memory' });
  });

  it('maps a loaded store section as the gateway reads it (relative paths from cwd, defaults applied)', () => {
    expect(storeTargetFor({ kind: 'sqlite', path: 'data/b.db' }, dir)).toEqual({ kind: 'sqlite', path: join(dir, 'data', 'b.db') });
    expect(storeTargetFor({ kind: 'sqlite', path: '/abs/b.db' }, dir)).toEqual({ kind: 'sqlite', path: '/abs/b.db' });
    expect(storeTargetFor({ kind: 'postgres', url: env.DB_URL }, dir)).toEqual({ kind: 'postgres', url: env.DB_URL, schema: 'bulwark' });
    expect(storeTargetFor({ kind: 'memory' }, dir)).toEqual({ kind: 'memory' });
    expect(storeTargetFor({ kind: 'sqlite', path: 'b.db', ledgerWrites: 'inline' }, dir)).toEqual({ kind: 'sqlite', path: join(dir, 'b.db'), ledgerWrites: 'inline' });
  });

  it('rejects a schema name that is not a plain lower-case identifier, at config load', async () => {
    const bad = config('store: { kind: postgres, url: ${DB_URL}, schema: "Fleet-A" }\n');
    await expect(resolveStoreTarget({ cwd: dir, env, configPath: bad })).rejects.toMatchObject({ code: 'CFG_ERR_INVALID' });
  });

  it('opens a memory store and describes it', async () => {
    const services = await openServices({ cwd: dir, env, configPath: config('store: { kind: memory }\n') });
    expect(services.storeLocation).toBe('memory (not persisted)');
    expect(await services.registry.list()).toEqual([]);
    await services.shutdown();
    await services.shutdown();
  });

  it('fails with STO_ERR_OPEN_FAILED, password withheld, when PostgreSQL is unreachable', async () => {
    config('store: { kind: postgres, url: ${DB_URL} }\n');
    const down = await runCli(['registry', 'list'], { cwd: dir, env: { DB_URL: 'postgres://app:hunter2@127.0.0.1:1/fleet' } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error STO_ERR_OPEN_FAILED: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/fleet as app: /);
    expect(down.stderr + down.stdout).not.toMatch(/hunter2/);
  });
});

describe.skipIf(!postgres.available)(`bulwark registry and audit on PostgreSQL (${postgres.reason})`, () => {
  let schema: string;
  const env = () => ({ PG_URL: postgres.url });
  const cli = (argv: string[]) => runCli(argv, { cwd: dir, env: env() });
  const rows = (sql: string) => withPostgresClient(postgres.url, async (c) => (await c.query(sql.replaceAll('S.', `"${schema}".`))).rows);

  beforeEach(() => {
    schema = testSchemaName();
    config(`store:\n  kind: postgres\n  url: \${PG_URL}\n  schema: ${schema}\n`);
    writeFileSync(join(dir, 'v1.onnx'), 'model-one');
    writeFileSync(join(dir, 'v2.onnx'), 'model-two');
  });
  afterEach(async () => {
    await dropPostgresSchema(postgres.url, schema);
  });

  it('adds and lists versions, writes the audit log there, and verifies it', async () => {
    expect((await cli(['registry', 'add', '--model', 'fraud', '--version', 'v1', '--artifact', 'v1.onnx'])).code).toBe(0);
    expect((await cli(['registry', 'add', '--model', 'fraud', '--version', 'v2', '--artifact', 'v2.onnx'])).code).toBe(0);
    expect((await cli(['registry', 'status', '--model', 'fraud', '--version', 'v1', '--set', 'lkg'])).code).toBe(0);
    const list = await cli(['registry', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((v: { version: string; status: string }) => [v.version, v.status])).toEqual([
      ['v1', 'lkg'],
      ['v2', 'candidate'],
    ]);
    expect(await rows('SELECT model, version, artifact_digest FROM S.model_versions ORDER BY version')).toEqual([
      // sha256("model-one"): printf model-one | sha256sum
      { model: 'fraud', version: 'v1', artifact_digest: '9166fad397c114bbe01aaeff5b32e9492b5aec84bb0d1c2ee2a98840daede911' },
      { model: 'fraud', version: 'v2', artifact_digest: expect.any(String) },
    ]);
    const entries = await rows('SELECT seq, action FROM S.audit_log ORDER BY seq');
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const verify = await cli(['audit', 'verify', '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: true, verified: entries.length });
    expect(existsSync(join(dir, '.bulwark'))).toBe(false);
  });

  it('names the first entry edited in the database', async () => {
    for (const v of ['v1', 'v2']) expect((await cli(['registry', 'add', '--model', 'fraud', '--version', v, '--artifact', `${v}.onnx`])).code).toBe(0);
    await rows(`UPDATE S.audit_log SET actor = 'mallory' WHERE seq = 1`);
    const verify = await cli(['audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^not intact: first bad entry 1 /);
  });

  it('opens a PostgreSQL store with every port, ledger and rollback included', async () => {
    const { store, location } = await openStoreTarget({ kind: 'postgres', url: postgres.url, schema });
    try {
      expect(location).toMatch(new RegExp(`\\(schema ${schema}\\)$`));
      await store.ledger.append([{ requestId: 'r1', at: 1, model: 'fraud', version: 'v1', inputDigest: 'i', outputDigest: 'o', status: 200 }]);
      expect(await rows('SELECT request_id FROM S.ledger')).toEqual([{ request_id: 'r1' }]);
      expect(await store.rollback.wal.models()).toEqual([]);
      expect((await store.bundles.write('a'.repeat(64), Uint8Array.of(1))).location).toBe(`postgres:${schema}.forensic_bundles/${'a'.repeat(64)}`);
    } finally {
      await store.shutdown();
    }
  });

  it('runs the rollback commands on PostgreSQL instead of refusing the store', async () => {
    const list = await cli(['incidents', 'list']);
    expect(list).toEqual({ code: 0, stdout: 'no incidents', stderr: '' });
    const unknown = await cli(['untrusted', 'export', '--incident', 'inc-nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error RBK_ERR_UNKNOWN_INCIDENT: /);
    const approve = await cli(['approve', '--model', 'fraud', '--version', 'v2', '--reason', 'r']);
    expect(approve.code).toBe(2);
    expect(approve.stderr).toMatch(/^error RBK_ERR_UNKNOWN_MODEL: model "fraud" has no breaker in this store/);
  });

  it('reports where the store is without the password', async () => {
    const { store, location } = await openStoreFromConfig({ cwd: dir, env: env() });
    await store.shutdown();
    expect(location).toMatch(new RegExp(`^postgres://[^:@/]+@127\\.0\\.0\\.1:5432/\\w+ \\(schema ${schema}\\)$`));
  });
});
