/**
 * Issue 4 items 1, 7, 8 over real sockets: the admin port (/healthz, /readyz, /metrics),
 * graceful shutdown (an in-flight slow request completes, nothing of the ledger is lost),
 * hot reload through the app (keys and routes swap; an invalid file keeps the old config),
 * and `bulwark gateway` itself, stopped by SIGTERM.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGatewayApp } from '../../../src/app/gateway-app.js';
import type { RunningGateway } from '../../../src/app/gateway-app.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { main } from '../../../src/cli/main.js';
import { runCli } from '../../helpers/cli.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { KEYS, jsonHeaders, startTestGateway, testConfig } from '../../helpers/test-gateway.js';

const BODY = '{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1,2]}]}';

let v1: FixtureUpstream;
let v2: FixtureUpstream;
let dir: string;

beforeAll(async () => {
  [v1, v2] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('v2')]);
});

afterAll(async () => {
  await Promise.all([v1.close(), v2.close()]);
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-gw-'));
  v1.behavior = { kind: 'normal' };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function infer(url: string, key: string = KEYS.shop) {
  const res = await request(`${url}/v2/models/fraud/infer`, { method: 'POST', headers: jsonHeaders(key), body: BODY });
  await res.body.dump();
  return { status: res.statusCode, version: res.headers['x-model-version'] };
}

describe('admin port', () => {
  it('answers /healthz, /readyz and /metrics with the expected series', async () => {
    const gw = await startTestGateway({ config: testConfig({ fraud: { v1: v1.url, v2: v2.url } }) });
    try {
      expect(await (await fetch(`${gw.admin}/healthz`)).json()).toEqual({ status: 'live' });
      const ready = await fetch(`${gw.admin}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      await infer(gw.url);
      await gw.gateway.routes.switch('fraud', { active: 'v1' }, { actor: 'test', reason: 'metrics' });
      const res = await fetch(`${gw.admin}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      for (const series of [
        'bulwark_gateway_requests_total{model="fraud",version="v2",endpoint="oip-infer",status="200"} 1',
        'bulwark_gateway_request_duration_seconds_bucket{le="0.5",model="fraud",version="v2",endpoint="oip-infer"} 1',
        'bulwark_gateway_upstream_duration_seconds_count{model="fraud",version="v2"} 1',
        'bulwark_gateway_route_epoch{model="fraud"} 2',
        'bulwark_gateway_ready 1',
        'bulwark_gateway_in_flight_requests 0',
        '# TYPE bulwark_gateway_ledger_lag_rows gauge',
        '# TYPE bulwark_gateway_upstream_errors_total counter',
        '# TYPE bulwark_gateway_rate_limited_total counter',
        '# TYPE bulwark_gateway_shadow_disagreements_total counter',
        '# TYPE bulwark_gateway_events_dropped_total counter',
      ]) {
        expect(text, series).toContain(series);
      }
      expect((await fetch(`${gw.admin}/nope`)).status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});

describe('start', () => {
  it('fails with GW_ERR_LISTEN_FAILED when the port is taken, leaving nothing open', async () => {
    const first = await startTestGateway({ config: testConfig({ fraud: { v1: v1.url } }) });
    try {
      const taken = new URL(first.url).host;
      await expect(startTestGateway({ config: testConfig({ fraud: { v1: v1.url } }, { server: { listen: taken, admin: '127.0.0.1:0' } }) })).rejects.toMatchObject({
        code: 'GW_ERR_LISTEN_FAILED',
        message: expect.stringContaining('EADDRINUSE'),
      });
    } finally {
      await first.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight slow request finish, refuses new connections, and reports not ready meanwhile', async () => {
    const gw = await startTestGateway({ config: testConfig({ fraud: { v1: v1.url } }) });
    v1.behavior = { kind: 'delay', ms: 600 };
    const before = v1.requests.length;
    const slow = infer(gw.url);
    await vi.waitFor(() => expect(v1.requests.length).toBe(before + 1));
    const stopping = gw.gateway.shutdown();
    const ready = await fetch(`${gw.admin}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'not ready', reasons: ['draining for shutdown'] }]);
    await expect(fetch(`${gw.url}/v2/models/fraud/ready`)).rejects.toThrow();
    expect(await slow).toEqual({ status: 200, version: 'v1' });
    await stopping;
    await gw.gateway.shutdown();
    await gw.store.shutdown();
  });

  it('does not wait for clients that went away: their upstream requests are aborted, recorded as 499, and the drain finishes', async () => {
    const gw = await startTestGateway({ config: testConfig({ fraud: { v1: v1.url } }) });
    v1.behavior = { kind: 'hang' };
    const before = v1.requests.length;
    const clients = Array.from({ length: 3 }, () => new AbortController());
    const sent = clients.map((c) => request(`${gw.url}/v2/models/fraud/infer`, { method: 'POST', headers: jsonHeaders(KEYS.shop), body: BODY, signal: c.signal }).catch((err: unknown) => err));
    await vi.waitFor(() => expect(v1.requests.length).toBe(before + 3));
    expect(gw.gateway.inFlight).toBe(3);
    for (const c of clients) c.abort();
    await Promise.all(sent);
    // Before the fix the relay only watched the client once the upstream answered: these stayed in flight until the drain timed out.
    await vi.waitFor(() => expect(gw.gateway.inFlight).toBe(0));
    await gw.gateway.shutdown();
    const rows = await gw.store.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
    expect(rows.map((r) => r.status)).toEqual([499, 499, 499]);
    await gw.store.shutdown();
  });

  it('writes every ledger row before it finishes (N requests → N rows in SQLite)', async () => {
    const dbPath = join(dir, 'bulwark.db');
    const configPath = join(dir, 'bulwark.yaml');
    const config = testConfig({ fraud: { v1: v1.url } }, { store: { kind: 'sqlite', path: dbPath }, ledger: { batchSize: 1_000, flushIntervalMs: 60_000 } });
    await writeFile(configPath, stringify(config));
    const lines: string[] = [];
    const app = await startGatewayApp({ configPath, cwd: dir, env: {}, log: (l) => void lines.push(l) });
    const n = 250;
    const results = await Promise.all(Array.from({ length: n }, () => infer(app.addresses.dataPlane)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(app.gateway.ledger.lag).toBe(n);
    await app.shutdown();
    const store = openSqliteStore({ path: dbPath });
    try {
      expect(await store.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toHaveLength(n);
    } finally {
      await store.shutdown();
    }
    expect(lines.filter((l) => l.startsWith('warning'))).toEqual([]);
  });
});

describe('hot reload (startGatewayApp + ConfigWatcher)', () => {
  let app: RunningGateway;
  let configPath: string;
  let lines: string[];
  const base = () => testConfig({ fraud: { v1: v1.url, v2: v2.url } });

  beforeEach(async () => {
    configPath = join(dir, 'bulwark.yaml');
    await writeFile(configPath, stringify(base()));
    lines = [];
    app = await startGatewayApp({ configPath, cwd: dir, env: {}, log: (l) => void lines.push(l) });
  });

  afterEach(async () => {
    await app.shutdown();
  });

  it('swaps keys and routes together, and audits the route change', async () => {
    expect(await infer(app.addresses.dataPlane)).toEqual({ status: 200, version: 'v2' });
    const next = base();
    next.keys = (next.keys ?? []).filter((k) => k.id !== 'shop');
    const fraud = next.models?.['fraud'];
    if (fraud !== undefined) fraud.route = { active: 'v1', lkg: 'v2' };
    await writeFile(configPath, stringify(next));
    await app.watcher.forceFlush();
    expect((await infer(app.addresses.dataPlane)).status).toBe(401);
    expect(await infer(app.addresses.dataPlane, KEYS.fraudOnly)).toEqual({ status: 200, version: 'v1' });
    expect(app.gateway.routes.current('fraud')).toMatchObject({ active: 'v1', epoch: 2 });
    await vi.waitFor(async () => expect((await app.gateway.routes.current('fraud'))?.epoch).toBe(2));
    expect(lines).toContain('config reloaded');
  });

  it('keeps the config in force when the new file is invalid, and says why', async () => {
    const bad = base();
    const fraud = bad.models?.['fraud'];
    if (fraud !== undefined) fraud.route = { active: 'v9' };
    await writeFile(configPath, stringify(bad));
    await app.watcher.forceFlush();
    expect(await infer(app.addresses.dataPlane)).toEqual({ status: 200, version: 'v2' });
    expect(lines.join('\n')).toMatch(/config reload rejected[\s\S]*models\.fraud\.route\.active/);
    const metrics = await (await fetch(`${app.addresses.admin}/metrics`)).text();
    expect(metrics).toContain('bulwark_gateway_config_reloads_total{result="rejected"} 1');
  });

  it('does not undo a rollback when the route in the file did not change', async () => {
    await app.gateway.routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'rollback', reason: 'anomaly' });
    const next = base();
    next.server = { ...next.server, maxBodyBytes: 1_000 };
    await writeFile(configPath, stringify(next));
    await app.watcher.forceFlush();
    expect(app.gateway.state.maxBodyBytes).toBe(1_000);
    expect((await infer(app.addresses.dataPlane)).version).toBe('v1');
  });
});

describe('bulwark gateway (CLI)', () => {
  it('prints its addresses, serves, and exits 0 after SIGTERM with the ledger written', async () => {
    const dbPath = join(dir, 'cli.db');
    await writeFile(join(dir, 'bulwark.yaml'), stringify(testConfig({ fraud: { v1: v1.url } }, { store: { kind: 'sqlite', path: dbPath } })));
    const out: string[] = [];
    const err: string[] = [];
    const exit = main(['gateway', '--config', 'bulwark.yaml', '--json'], { io: { out: (s) => void out.push(s), err: (s) => void err.push(s) }, cwd: dir, env: {} });
    await vi.waitFor(() => expect(out).toHaveLength(1), { timeout: 10_000 });
    const addresses = JSON.parse(out[0] as string) as { dataPlane: string; admin: string };
    expect(addresses.dataPlane).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await infer(addresses.dataPlane)).toEqual({ status: 200, version: 'v1' });
    expect((await fetch(`${addresses.admin}/readyz`)).status).toBe(200);
    process.emit('SIGTERM');
    expect(await exit).toBe(0);
    expect(err).toEqual(['SIGTERM received: draining in-flight requests', 'gateway stopped']);
    const store = openSqliteStore({ path: dbPath });
    try {
      expect(await store.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toHaveLength(1);
    } finally {
      await store.shutdown();
    }
  });

  it('fails with exit 2 and the config problems when the file is invalid', async () => {
    await writeFile(join(dir, 'bulwark.yaml'), 'models:\n  fraud:\n    protocol: oip-v2\n    versions: {}\n    route: { active: v1 }\n');
    const result = await runCli(['gateway', '--config', 'bulwark.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CFG_ERR_INVALID');
  });
});
