/**
 * The loop guard end to end, through the real `bulwark gateway` composition root
 * (startGatewayApp on an SQLite store, fixture model servers on real sockets):
 * - two bad versions in a row: v2 rolled back, v3 approved and rolled back, v4 approved,
 *   v4's anomaly freezes instead of a third rollback;
 * - an attack that persists on the LKG after the rollback freezes: routes stay pinned, the
 *   offending API key is contained (403 at the gateway), a page goes out, automation stops
 *   until `unfreeze`, which lifts the containment.
 * Never a switch toward a version without an approval, never a cycle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGatewayApp } from '../../../src/app/gateway-app.js';
import type { RunningGateway } from '../../../src/app/gateway-app.js';
import type { RouteChange } from '../../../src/gateway/index.js';
import type { AnomalyInput, RollbackOrchestrator } from '../../../src/rollback/index.js';
import { sha256Hex } from '../../../src/shared/digest.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';

const KEYS = { shop: 'shop-secret-key-1', batch: 'batch-secret-key-2' };

let dir: string;
let upstreams: FixtureUpstream[];
let app: RunningGateway;
let orchestrator: RollbackOrchestrator;
let logs: string[];
let switches: RouteChange[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-loop-'));
  upstreams = await Promise.all(['v1', 'v2', 'v3', 'v4'].map((v) => startFixtureUpstream(v)));
  const config = {
    server: { listen: '127.0.0.1:0' },
    keys: [
      { id: 'shop', sha256: sha256Hex(KEYS.shop) },
      { id: 'batch', sha256: sha256Hex(KEYS.batch) },
    ],
    ledger: { flushIntervalMs: 20 },
    models: {
      fraud: {
        protocol: 'oip-v2',
        versions: Object.fromEntries(upstreams.map((u) => [u.version, { upstream: u.url }])),
        route: { active: 'v2', lkg: 'v1' },
        rules: [{ id: 'entropy-collapse', when: 'entropy(input_fingerprint) < 0.5', severity: 'page', action: 'rollback' }],
        rollback: { canary: { steps: [5, 100], verifySeconds: 0 } },
      },
    },
  };
  writeFileSync(join(dir, 'bulwark.yaml'), stringify(config));
  logs = [];
  app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: {}, log: (l) => void logs.push(l), admin: null, rollback: { commandPollMs: 0 } });
  orchestrator = app.rollback as RollbackOrchestrator;
  switches = [];
  app.gateway.routes.subscribe((c) => void switches.push(c));
});

afterEach(async () => {
  await app.shutdown();
  await Promise.all(upstreams.map((u) => u.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Sends one inference request; returns the status and the version that served it. */
async function infer(key: keyof typeof KEYS = 'shop'): Promise<{ status: number; version: string | null }> {
  const res = await fetch(`${app.addresses.dataPlane}/v2/models/fraud/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEYS[key] },
    body: JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1], data: [1] }] }),
  });
  await res.arrayBuffer();
  return { status: res.status, version: res.headers.get('x-model-version') };
}

let n = 0;
function anomaly(version: string): AnomalyInput {
  n++;
  return { model: 'fraud', id: `attack-${n}`, rule: 'entropy-collapse', version, severity: 'page', action: 'rollback', onset: Date.now() - 1_000, apiKeys: ['shop'] };
}

/** Approves `version` and waits for the canary roll-forward (verifySeconds 0) to reach steady. */
async function approveAndRollForward(version: string): Promise<void> {
  await orchestrator.approve('fraud', version, { actor: 'alice', reason: `${version} fixes it` });
  for (let i = 0; i < 100 && orchestrator.state('fraud')?.kind !== 'steady'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await orchestrator.forceFlush();
  }
  expect(orchestrator.state('fraud')).toMatchObject({ kind: 'steady', active: version });
}

describe('loop guard: two bad versions in a row', () => {
  it('rolls back twice, then freezes on the third anomaly instead of rolling back again', async () => {
    expect(await infer()).toEqual({ status: 200, version: 'v2' });
    await orchestrator.onAnomaly(anomaly('v2'));
    expect(await infer()).toEqual({ status: 200, version: 'v1' });

    await approveAndRollForward('v3');
    expect(await infer()).toEqual({ status: 200, version: 'v3' });
    await orchestrator.onAnomaly(anomaly('v3'));
    expect(orchestrator.state('fraud')).toMatchObject({ kind: 'rolled_back', suspect: 'v3' });
    expect(await infer()).toEqual({ status: 200, version: 'v1' });

    await approveAndRollForward('v4');
    const before = switches.length;
    const third = await orchestrator.onAnomaly(anomaly('v4'));
    expect(third.state).toMatchObject({ kind: 'frozen', reason: 'loop_guard', other: 'v4', lkgPercent: 0 });
    expect(switches.length).toBe(before); // routes pinned: no switch at all
    expect(await infer('shop')).toMatchObject({ status: 403 }); // the offending key is contained
    expect(await infer('batch')).toEqual({ status: 200, version: 'v4' });
    expect(logs.filter((l) => /^alert page fraud .*breaker frozen \(loop guard\)/.test(l))).toHaveLength(1);

    // Automation stopped: another anomaly changes nothing until a human unfreezes.
    expect((await orchestrator.onAnomaly(anomaly('v4'))).seq).toBeNull();
    const incidents = await app.store.rollback.incidents.list();
    expect(incidents.map((i) => [i.suspect, i.state])).toEqual([['v4', 'frozen'], ['v3', 'resolved'], ['v2', 'resolved']]);

    // Every switch toward a non-LKG version followed an approval; two rollbacks, no cycle.
    const awayFromLkg = (c: RouteChange): boolean => c.next.active !== 'v1' || Object.keys(c.next.weights ?? {}).some((v) => v !== 'v1');
    const towardSuspect = switches.filter((c) => c.actor === 'bulwark:rollback' && awayFromLkg(c));
    expect(towardSuspect.length).toBeGreaterThan(0);
    expect(towardSuspect.every((c) => /^(approve|step_passed)\b/.test(c.reason))).toBe(true);
    expect(switches.filter((c) => /^anomaly/.test(c.reason)).map((c) => c.next.active)).toEqual(['v1', 'v1']);

    await orchestrator.unfreeze('fraud', { actor: 'oncall', reason: 'v4 patched, keys rotated' });
    expect(orchestrator.state('fraud')).toMatchObject({ kind: 'steady', active: 'v4', rollbacks: [] });
    expect(await infer('shop')).toEqual({ status: 200, version: 'v4' });
  });
});

describe('loop guard: the attack persists on the LKG (fault in the data)', () => {
  it('freezes with routes pinned on the LKG, contains the key, pages, and waits for unfreeze', async () => {
    await orchestrator.onAnomaly(anomaly('v2'));
    expect(await infer()).toEqual({ status: 200, version: 'v1' });
    const before = switches.length;
    const frozen = await orchestrator.onAnomaly(anomaly('v1'));
    expect(frozen.state).toMatchObject({ kind: 'frozen', reason: 'lkg_anomalous', lkgPercent: 100, other: 'v2' });
    expect(switches.length).toBe(before);
    expect(app.gateway.routes.current('fraud')).toMatchObject({ active: 'v1' });
    const refused = await fetch(`${app.addresses.dataPlane}/v2/models/fraud/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.shop },
      body: '{"inputs":[]}',
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('GW_ERR_FORBIDDEN');
    expect(await infer('batch')).toEqual({ status: 200, version: 'v1' });
    expect(logs.some((l) => /^alert page fraud .*breaker frozen \(lkg anomalous\)/.test(l))).toBe(true);
    const incidents = await app.store.rollback.incidents.list();
    expect(incidents.map((i) => [i.suspect, i.state])).toEqual([['v1', 'frozen'], ['v2', 'mitigated']]);
    expect((await orchestrator.onAnomaly(anomaly('v1'))).seq).toBeNull();
    expect((await orchestrator.onAnomaly(anomaly('v2'))).seq).toBeNull();

    await orchestrator.unfreeze('fraud', { actor: 'oncall', reason: 'attacker keys revoked' });
    expect(orchestrator.state('fraud')).toMatchObject({ kind: 'rolled_back', suspect: 'v2' });
    expect(await infer('shop')).toEqual({ status: 200, version: 'v1' });
    expect((await app.store.rollback.incidents.list())[0]).toMatchObject({ suspect: 'v1', state: 'mitigated', resolution: { how: 'unfrozen', actor: 'oncall' } });
  });
});
