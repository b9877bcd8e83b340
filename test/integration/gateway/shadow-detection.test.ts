/**
 * Shadow comparisons reach the detection engine in the real composition root
 * (startGatewayApp, SQLite, fixture model servers on real sockets): a
 * `rate(shadow_disagree)` rule fires on the serving version when the shadow disagrees on
 * the predicted label, and stays quiet when it agrees.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startGatewayApp } from '../../../src/app/gateway-app.js';
import type { RunningGateway } from '../../../src/app/gateway-app.js';
import { startOipFixture } from './oip-fixture.js';
import type { OipFixture } from './oip-fixture.js';

const answer = (data: number[]): string => JSON.stringify({ outputs: [{ name: 'p', datatype: 'FP32', shape: [1, 2], data }] });

let dir: string;
let fixtures: OipFixture[] = [];
let app: RunningGateway | undefined;

afterEach(async () => {
  await app?.shutdown();
  await Promise.all(fixtures.map((f) => f.close()));
  fixtures = [];
  app = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(shadowAnswer: string): Promise<{ app: RunningGateway; logs: string[] }> {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-shadow-detect-'));
  const v1 = await startOipFixture('v1', [], shadowAnswer);
  const v2 = await startOipFixture('v2', [], answer([0.1, 0.9]));
  fixtures = [v1, v2];
  const config = {
    server: { listen: '127.0.0.1:0' },
    anonymous: true,
    models: {
      fraud: {
        protocol: 'oip-v2',
        versions: { v1: { upstream: v1.url }, v2: { upstream: v2.url } },
        route: { active: 'v2', lkg: 'v1', shadow: { version: 'v1', percent: 100 } },
        rules: [{ id: 'shadow-divergence', when: 'rate(shadow_disagree) > 0.5', window: '10s', minEvents: 10, severity: 'ticket', action: 'alert' }],
      },
    },
  };
  writeFileSync(join(dir, 'bulwark.yaml'), stringify(config));
  const logs: string[] = [];
  app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: {}, log: (l) => void logs.push(l), admin: null, rollback: { commandPollMs: 0 } });
  return { app, logs };
}

async function infer(running: RunningGateway): Promise<void> {
  const res = await fetch(`${running.addresses.dataPlane}/v2/models/fraud/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}' });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

describe('shadow comparisons in the detection engine', () => {
  it('a shadow that disagrees on the label trips rate(shadow_disagree) on the serving version', async () => {
    const { app: running, logs } = await start(answer([0.8, 0.2]));
    expect(running.detection).toBeDefined();
    for (let i = 0; i < 15; i++) await infer(running);
    await vi.waitFor(() => {
      running.detection?.engine.tick();
      expect(logs.some((l) => /anomaly fraud v2 rule shadow-divergence/.test(l))).toBe(true);
    });
  });

  it('a shadow that agrees (same labels, other scores) keeps it quiet', async () => {
    const { app: running, logs } = await start(answer([0.3, 0.7]));
    for (let i = 0; i < 15; i++) await infer(running);
    await running.gateway.shadow.forceFlush();
    await running.gateway.shadowEvents.forceFlush();
    running.detection?.engine.tick();
    expect(logs.filter((l) => l.startsWith('anomaly'))).toEqual([]);
  });
});
