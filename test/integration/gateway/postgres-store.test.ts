/**
 * The gateway on PostgreSQL (`store.kind: postgres`, a fresh schema per test) through the
 * real composition root, with fixture model servers on real sockets: served requests land
 * in the PostgreSQL ledger; when the active version starts failing, the error-rate rule
 * rolls back to the LKG and the whole rollback (WAL, incident, forensic index and bundle
 * bytes, untrusted marking) is in PostgreSQL, where the CLI reads it (`incidents list`,
 * `forensics show|export`, `untrusted export`) and queues an approval the gateway applies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGatewayApp } from '../../../src/app/gateway-app.js';
import type { RunningGateway } from '../../../src/app/gateway-app.js';
import type { Incident } from '../../../src/rollback/index.js';
import { sha256Hex } from '../../../src/shared/digest.js';
import { runCli } from '../../helpers/cli.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../helpers/services.js';

const postgres = await requirePostgres();

describe.skipIf(!postgres.available)(`gateway on a PostgreSQL store (${postgres.reason})`, () => {
  let dir: string;
  let schema: string;
  let v1: FixtureUpstream;
  let v2: FixtureUpstream;
  let app: RunningGateway;
  const env = () => ({ PG_URL: postgres.url });
  const sql = (text: string, values: unknown[] = []) =>
    withPostgresClient(postgres.url, async (c) => (await c.query(text.replaceAll('S.', `"${schema}".`), values)).rows as Record<string, unknown>[]);
  const cli = (argv: string[]) => runCli(argv, { cwd: dir, env: env() });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-gateway-pg-'));
    schema = testSchemaName();
    [v1, v2] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('v2')]);
    const config = {
      server: { listen: '127.0.0.1:0' },
      store: { kind: 'postgres', url: '${PG_URL}', schema },
      anonymous: true,
      ledger: { flushIntervalMs: 20 },
      models: {
        fraud: {
          protocol: 'oip-v2',
          versions: { v1: { upstream: v1.url }, v2: { upstream: v2.url } },
          route: { active: 'v2', lkg: 'v1' },
          rules: [{ id: 'error-surge', when: 'rate(error) > 0.5', window: '10s', minEvents: 20, severity: 'page', action: 'rollback' }],
        },
      },
    };
    writeFileSync(join(dir, 'bulwark.yaml'), stringify(config));
    // Polling is driven by the test (pollCommands); the interval only has to exist.
    app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: env(), log: () => undefined, admin: null, rollback: { commandPollMs: 3_600_000 } });
  });

  afterEach(async () => {
    await app.shutdown();
    await Promise.all([v1.close(), v2.close()]);
    rmSync(dir, { recursive: true, force: true });
    await dropPostgresSchema(postgres.url, schema);
  });

  async function infer(): Promise<{ status: number; version: string | null; requestId: string | null }> {
    const res = await fetch(`${app.addresses.dataPlane}/v2/models/fraud/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] }),
    });
    await res.arrayBuffer();
    return { status: res.status, version: res.headers.get('x-model-version'), requestId: res.headers.get('x-request-id') };
  }

  it('writes the decision ledger to PostgreSQL', async () => {
    const served = [];
    for (let i = 0; i < 5; i++) served.push(await infer());
    expect(served.map((s) => [s.status, s.version])).toEqual(Array.from({ length: 5 }, () => [200, 'v2']));
    await vi.waitFor(async () => expect(await sql('SELECT count(*)::int AS n FROM S.ledger')).toEqual([{ n: 5 }]), { timeout: 5_000, interval: 20 });
    const rows = await sql('SELECT request_id, model, version, status, output_digest FROM S.ledger ORDER BY seq');
    expect(rows.map((r) => r['request_id'])).toEqual(served.map((s) => s.requestId));
    expect(rows[0]).toMatchObject({ model: 'fraud', version: 'v2', status: 200, output_digest: sha256Hex(v2.inferBody) });
    expect((await app.store.ledger.byRequestId(served[0]?.requestId ?? ''))[0]?.version).toBe('v2');
  });

  it('rolls back with WAL, incident, forensic bundle and untrusted rows in PostgreSQL, which the CLI reads', async () => {
    for (let i = 0; i < 10; i++) expect((await infer()).version).toBe('v2');
    await vi.waitFor(async () => expect(await sql('SELECT count(*)::int AS n FROM S.ledger')).toEqual([{ n: 10 }]), { timeout: 5_000, interval: 20 });
    v2.behavior = { kind: 'status', status: 500 };
    await vi.waitFor(async () => expect((await infer()).version).toBe('v1'), { timeout: 15_000, interval: 5 });
    await app.rollback?.forceFlush();
    expect(app.rollback?.state('fraud')?.kind).toBe('rolled_back');

    const wal = await sql(`SELECT seq::int, state_kind, completed_at IS NOT NULL AS done, record->'context'->>'incidentId' AS incident FROM S.breaker_wal WHERE model = 'fraud' ORDER BY seq`);
    expect(wal.at(-1)).toMatchObject({ state_kind: 'rolled_back', done: true });
    expect(wal.every((r) => r['done'] === true)).toBe(true);
    const incidentId = wal.find((r) => r['incident'] !== null)?.['incident'] as string;
    const [row] = await sql('SELECT id, state, data FROM S.incidents');
    expect(row).toMatchObject({ id: incidentId, state: 'mitigated' });
    const incident = row?.['data'] as Incident; // the test's own client parses json columns
    expect(incident).toMatchObject({ suspect: 'v2', lkg: 'v1', untrusted: { version: 'v2' } });
    expect(incident.untrusted?.count).toBeGreaterThanOrEqual(10);
    expect(await sql('SELECT count(*)::int AS n FROM S.ledger WHERE incident_id = $1', [incidentId])).toEqual([{ n: incident.untrusted?.count }]);

    const [indexed] = await sql('SELECT digest, location, bytes::int FROM S.forensic_index WHERE incident_id = $1', [incidentId]);
    const digest = incident.bundleDigest as string;
    expect(indexed).toEqual({ digest, location: `postgres:${schema}.forensic_bundles/${digest}`, bytes: expect.any(Number) });
    const [bundle] = await sql('SELECT content FROM S.forensic_bundles WHERE digest = $1', [digest]);
    expect(sha256Hex(bundle?.['content'] as Buffer)).toBe(digest);
    expect((bundle?.['content'] as Buffer).length).toBe(indexed?.['bytes']);

    const listed = await cli(['incidents', 'list', '--json']);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listed.stdout)).toMatchObject({ id: incidentId, state: 'mitigated', bundleDigest: digest });
    const shown = await cli(['forensics', 'show', incidentId, '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ digest, location: `postgres:${schema}.forensic_bundles/${digest}`, model: 'fraud', incident: incidentId });
    const exported = await cli(['forensics', 'export', digest.slice(0, 12)]);
    expect(sha256Hex(exported.stdout)).toBe(digest);
    const untrusted = await cli(['untrusted', 'export', '--incident', incidentId]);
    expect(untrusted.code).toBe(0);
    const lines = untrusted.stdout.split('\n').map((l) => JSON.parse(l) as { incident_id: string; version: string });
    expect(lines).toHaveLength(incident.untrusted?.count ?? -1);
    expect(lines.every((l) => l.incident_id === incidentId && l.version === 'v2')).toBe(true);

    // A human approves from the CLI; the gateway claims the command from PostgreSQL and applies it.
    const approve = await cli(['approve', '--model', 'fraud', '--version', 'v2', '--reason', 'fixed upstream', '--json']);
    expect(approve.code).toBe(0);
    const queued = JSON.parse(approve.stdout) as { id: number; status: string };
    expect(queued.status).toBe('pending');
    await app.rollback?.pollCommands();
    expect(await sql('SELECT status, claimed_by IS NOT NULL AS claimed FROM S.breaker_commands WHERE id = $1', [queued.id])).toEqual([{ status: 'applied', claimed: true }]);
    expect((await app.store.rollback.wal.latest('fraud'))?.context.commandId).toBe(queued.id);
    expect(app.rollback?.state('fraud')?.kind).toBe('rolling_forward');
  });
});
