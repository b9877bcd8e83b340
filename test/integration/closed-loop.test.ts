/**
 * The closed loop through the real composition root (startGatewayApp on SQLite, fixture
 * model servers on real sockets): gateway events → detection engine → breaker → rollback.
 * The suspect version starts failing; the error-rate rule fires from live traffic alone
 * (no test calls onAnomaly), traffic moves to the LKG, and later responses say so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGatewayApp } from '../../src/app/gateway-app.js';
import type { RunningGateway } from '../../src/app/gateway-app.js';
import { startFixtureUpstream } from '../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../helpers/fixture-upstream.js';

let dir: string;
let v1: FixtureUpstream;
let v2: FixtureUpstream;
let app: RunningGateway;
let logs: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-loop-closed-'));
  [v1, v2] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('v2')]);
  const config = {
    server: { listen: '127.0.0.1:0' },
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
  logs = [];
  app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: {}, log: (l) => void logs.push(l), admin: null, rollback: { commandPollMs: 0 } });
});

afterEach(async () => {
  await app.shutdown();
  await Promise.all([v1.close(), v2.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function infer(): Promise<{ status: number; version: string | null }> {
  const res = await fetch(`${app.addresses.dataPlane}/v2/models/fraud/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] }),
  });
  await res.arrayBuffer();
  return { status: res.status, version: res.headers.get('x-model-version') };
}

describe('closed loop: detection drives the rollback', () => {
  it('rolls back to the LKG when the active version starts failing, from live traffic alone', async () => {
    expect(app.detection).toBeDefined();
    for (let i = 0; i < 10; i++) expect(await infer()).toEqual({ status: 200, version: 'v2' });
    v2.behavior = { kind: 'status', status: 500 };
    let served: { status: number; version: string | null } = { status: 0, version: null };
    await vi.waitFor(
      async () => {
        served = await infer();
        expect(served.version).toBe('v1');
      },
      { timeout: 15_000, interval: 5 },
    );
    expect(served.status).toBe(200);
    expect(app.gateway.routes.current('fraud')?.active).toBe('v1');
    expect(logs.some((l) => /anomaly fraud v2 rule error-surge/.test(l))).toBe(true);
    const state = app.rollback?.state('fraud');
    expect(state?.kind).toBe('rolled_back');
  });

  it('stays on the active version while it is healthy', async () => {
    for (let i = 0; i < 60; i++) expect((await infer()).version).toBe('v2');
    app.detection?.engine.tick();
    expect(app.rollback?.state('fraud')?.kind).toBe('steady');
  });
});
