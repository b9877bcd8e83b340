/**
 * The orchestrator on in-memory ports: trip order and what each effect leaves behind
 * (route, bundle, untrusted rows, webhook, quarantine, incident, alert), the canary with
 * its verification on live events, ignored anomalies, restarts, approvals via the queue.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { harness, ledgerRow, rollbackConfig, settle, T0 } from '../../test/fixtures/rollback/harness.js';
import type { InProcessRouteSwitch, RequestEvent } from '../gateway/index.js';
import type { SqliteStore } from '../store/index.js';
import type { RollbackStores, RouteSwitchPort } from './ports.js';
import type { AnomalyRef } from '../breaker/index.js';
import { sha256Hex } from '../shared/digest.js';
import { enqueueCommand } from './commands.js';
import { ForensicArchive } from './forensics/archive.js';
import { rollbackSettings } from './settings.js';
import type { AnomalyInput, ForensicIndexEntry } from './types.js';

const anomaly = (over: Partial<AnomalyInput> = {}): AnomalyInput => ({
  model: 'fraud',
  id: 'a-1',
  rule: 'entropy-collapse',
  version: 'v2',
  severity: 'page',
  action: 'rollback',
  onset: T0 - 2_000,
  apiKeys: ['attacker'],
  detectedAt: T0 - 500,
  evidence: { entropy: 0.1, baseline: 3.2 },
  sampleRequestIds: ['r-2'],
  ...over,
});

function ringEntry(id: string, version: string, body: string) {
  return { requestId: id, at: T0 - 1_000, model: 'fraud', version, apiKeyId: 'attacker', body: Buffer.from(body), bodyBytes: body.length, signals: { latency_ms: 3 }, status: 200 };
}

function event(version: string, status: number, receivedAt: number, totalMs = 5): RequestEvent {
  return { requestId: `e-${Math.random()}`, endpoint: 'oip-infer', protocol: 'oip-v2', model: 'fraud', version, status, timings: { receivedAt, totalMs }, requestBytes: 10, responseBytes: 10, signals: {} };
}

describe('RollbackOrchestrator: immediate rollback', () => {
  it('applies every effect in trip order and leaves one of each behind', async () => {
    const h = await harness();
    await h.registry.addVersion({ model: 'fraud', version: 'v2', artifact: { digest: sha256Hex('v2'), sizeBytes: 1, path: '/m/v2.onnx' }, actor: 'ci' });
    await h.store.ledger.append([ledgerRow('old', 'v2', T0 - 120_000), ledgerRow('r-1', 'v2', T0 - 30_000), ledgerRow('r-lkg', 'v1', T0 - 10_000), ledgerRow('r-2', 'v2', T0 - 1_000)]);
    h.rings.record(ringEntry('r-1', 'v2', '{"card":"4111 1111 1111 1111"}'));
    h.rings.record(ringEntry('r-2', 'v2', '{"email":"jane@example.com"}'));

    const result = await h.orchestrator.onAnomaly(anomaly());
    expect(result).toMatchObject({ seq: 2, complete: true, state: { kind: 'rolled_back', suspect: 'v2' } });
    expect(h.routes.current('fraud')).toMatchObject({ active: 'v1', lkg: 'v1' });
    expect(h.routes.current('fraud')?.weights).toBeUndefined();

    const [incident] = await h.store.rollback.incidents.list();
    expect(incident).toMatchObject({ model: 'fraud', state: 'mitigated', suspect: 'v2', lkg: 'v1', timeToDetectMs: 1_500, untrusted: { version: 'v2', count: 2 } });
    const marked = (await h.store.ledger.query({ model: 'fraud', fromMs: 0, toMs: T0 + 1 })).filter((r) => r.incidentId === incident?.id);
    expect(marked.map((r) => r.requestId)).toEqual(['r-1', 'r-2']); // not the LKG's row, not the one before the look-back

    expect(h.http.posts).toHaveLength(1);
    expect(h.http.posts[0]).toMatchObject({ url: 'http://hooks.test/untrusted', body: { type: 'bulwark.untrusted', incidentId: incident?.id, requestIds: ['r-1', 'r-2'], count: 2 } });
    expect(h.http.posts[0]?.headers['idempotency-key']).toBe(`${incident?.id}-2-3`);

    const bundles = await h.store.rollback.forensics.list();
    expect(bundles).toHaveLength(1);
    expect(incident?.bundleDigest).toBe(bundles[0]?.digest);
    const bundle = await new ForensicArchive({ index: h.store.rollback.forensics, files: h.store.bundles }).read(bundles[0] as ForensicIndexEntry);
    expect(bundle.events.map((e) => e.input)).toEqual(['{"card":"[CREDIT_CARD]"}', '{"email":"[EMAIL]"}']);
    expect(bundle.triggering.map((e) => e.requestId)).toEqual(['r-2']);
    expect(bundle.route).toMatchObject({ before: { active: 'v2', lkg: 'v1' }, after: { active: 'v1' }, liveBefore: { active: 'v2', epoch: 1 } });
    // Persisted before the quarantine effect: the registry still said candidate.
    expect(bundle.versions).toEqual([
      { version: 'v2', artifactDigest: sha256Hex('v2'), status: 'candidate', baselines: [] },
      { version: 'v1', artifactDigest: null, status: null, baselines: [] },
    ]);
    expect(bundle.anomaly.context).toMatchObject({ evidence: { entropy: 0.1 } });

    expect((await h.registry.getVersion('fraud', 'v2')).status).toBe('quarantined');
    expect(h.alerts).toEqual([expect.objectContaining({ id: 'fraud:2:6', severity: 'page', incidentId: incident?.id })]);
    expect(await h.store.rollback.wal.incomplete()).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('with quietAfterSwitchMs, switches at once and applies the effects after the switch only once the quiet period has passed', async () => {
    const h = await harness({ extra: { quietAfterSwitchMs: 100 } });
    await h.store.ledger.append([ledgerRow('r-1', 'v2', T0 - 1_000)]);
    h.rings.record(ringEntry('r-1', 'v2', '{"x":1}'));
    const done = h.orchestrator.onAnomaly(anomaly());
    await h.timers.advance(99);
    expect(h.routes.current('fraud')).toMatchObject({ active: 'v1' });
    expect(await h.store.rollback.forensics.list()).toEqual([]);
    expect(h.http.posts).toEqual([]);
    expect(h.alerts).toEqual([]);
    await h.timers.advance(1);
    expect(await done).toMatchObject({ complete: true, state: { kind: 'rolled_back' } });
    expect(await h.store.rollback.forensics.list()).toHaveLength(1);
    expect(h.http.posts).toHaveLength(1);
    expect(h.alerts).toHaveLength(1);
    expect(h.errors).toEqual([]);
  });

  it('ignores anomalies the breaker does not act on, persisting nothing', async () => {
    const h = await harness();
    expect((await h.orchestrator.onAnomaly(anomaly({ action: 'alert' }))).seq).toBeNull();
    expect((await h.orchestrator.onAnomaly(anomaly({ version: 'v1' }))).seq).toBeNull();
    expect((await h.store.rollback.wal.list('fraud')).map((r) => r.command.type)).toEqual(['init']);
    await expect(h.orchestrator.onAnomaly(anomaly({ model: 'nope' }))).rejects.toMatchObject({ code: 'RBK_ERR_UNKNOWN_MODEL' });
  });

  it('keeps a failed webhook pending and delivers it on retry with the same idempotency key', async () => {
    const h = await harness({ extra: {} });
    await h.store.ledger.append([ledgerRow('r-1', 'v2', T0 - 1_000)]);
    let fail = true;
    h.http.status = () => (fail ? 503 : 200);
    const done = h.orchestrator.onAnomaly(anomaly());
    await h.timers.advance(60_000);
    const result = await done;
    expect(result.complete).toBe(false);
    expect(h.errors.map((e) => (e as { code?: string }).code)).toEqual(['RBK_ERR_WEBHOOK_FAILED']);
    expect((await h.store.rollback.incidents.list())[0]?.state).toBe('mitigated'); // later effects still ran
    fail = false;
    await h.orchestrator.retryIncomplete();
    const keys = new Set(h.http.posts.map((p) => p.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(h.http.posts.at(-1)?.headers['idempotency-key']).toBe(h.http.posts[0]?.headers['idempotency-key']);
    expect(await h.store.rollback.wal.incomplete()).toEqual([]);
  });
});

describe('RollbackOrchestrator: canary', () => {
  it('moves 5% to the LKG, verifies it on live events, then moves the rest', async () => {
    const h = await harness();
    await h.store.ledger.append([ledgerRow('r-1', 'v2', T0 - 1_000)]);
    await h.orchestrator.onAnomaly(anomaly({ severity: 'ticket' }));
    expect(h.orchestrator.state('fraud')).toMatchObject({ kind: 'rolling_back', stepIndex: 0 });
    expect(h.routes.current('fraud')?.weights).toEqual({ v1: 5, v2: 95 });
    await h.store.ledger.append([ledgerRow('r-canary', 'v2', T0 + 5_000), ledgerRow('r-lkg', 'v1', T0 + 5_000)]); // v2 still serves 95%
    await h.timers.advance(10_000, h.clock);
    await h.orchestrator.forceFlush();
    expect(h.orchestrator.state('fraud')?.kind).toBe('rolled_back');
    expect(h.routes.current('fraud')).toMatchObject({ active: 'v1' });
    const [incident] = await h.store.rollback.incidents.list();
    expect(incident).toMatchObject({ state: 'mitigated', timeToMitigateMs: 10_500, untrusted: { version: 'v2', count: 2 } });
    // The first step's window, then the canary period's (its new rows only).
    expect(h.http.posts.map((p) => (p.body as { requestIds: string[] }).requestIds)).toEqual([['r-1'], ['r-canary']]);
  });

  it('freezes when the LKG is unhealthy at a step (routes pinned, keys contained, a page)', async () => {
    const events: ((e: RequestEvent) => void)[] = [];
    const h = await harness({ extra: { events: { subscribe: (l) => (events.push(l), () => undefined) } } });
    await h.orchestrator.onAnomaly(anomaly({ severity: 'ticket' }));
    for (let i = 0; i < 20; i++) for (const l of events) l(event('v1', i < 5 ? 503 : 200, h.clock.now() + 1));
    await h.timers.advance(10_000, h.clock);
    await h.orchestrator.forceFlush();
    expect(h.orchestrator.state('fraud')).toMatchObject({ kind: 'frozen', reason: 'lkg_unhealthy', lkgPercent: 5 });
    expect(h.routes.current('fraud')?.weights).toEqual({ v1: 5, v2: 95 });
    expect(h.containment.list().map((k) => k.apiKey)).toEqual(['attacker']);
    expect((await h.store.rollback.incidents.list())[0]).toMatchObject({ state: 'frozen', frozenReason: 'lkg_unhealthy' });
    expect(h.alerts.at(-1)?.summary).toMatch(/frozen/);
  });
});

describe('RollbackOrchestrator: restart and commands', () => {
  it('restores the breaker on start and re-pins its route over the config route', async () => {
    const h = await harness();
    await h.orchestrator.onAnomaly(anomaly());
    await h.orchestrator.shutdown();
    h.routes.reconcile(new Map([['fraud', { versions: ['v1', 'v2', 'v3', 'v4'], route: { active: 'v2', lkg: 'v3' } }]]), { actor: 'config', reason: 'restart' });
    expect(h.routes.current('fraud')?.active).toBe('v2');
    const again = await h.restart();
    expect(again.state('fraud')?.kind).toBe('rolled_back');
    expect(h.routes.current('fraud')).toMatchObject({ active: 'v1', lkg: 'v1' });
    await again.shutdown();
  });

  it('applies queued approvals and unfreezes, audit-logged, and rejects what the breaker refuses', async () => {
    const h = await harness();
    await h.orchestrator.onAnomaly(anomaly());
    const queued = await enqueueCommand(h.store.rollback, { model: 'fraud', command: { type: 'approve', version: 'v3' }, actor: 'alice', reason: 'retrained without the flag', now: h.clock.now() });
    await h.orchestrator.pollCommands(); // commandPollMs 0: no poller, so nothing happens
    expect((await h.store.rollback.commands.get(queued.id))?.status).toBe('pending');
    const polling = await h.restart({ commandPollMs: 1_000 });
    await polling.pollCommands();
    expect(await h.store.rollback.commands.get(queued.id)).toMatchObject({ status: 'applied' });
    expect(polling.state('fraud')).toMatchObject({ kind: 'rolling_forward', target: 'v3', approval: { actor: 'alice' } });
    expect(h.routes.current('fraud')?.weights).toEqual({ v3: 5, v1: 95 });
    const [incident] = await h.store.rollback.incidents.list();
    expect(incident).toMatchObject({ state: 'resolved', resolution: { actor: 'alice', how: 'approved' } });
    const actions = (await h.audit.list()).map((e) => e.action);
    expect(actions).toContain('breaker.approve');
    await h.store.rollback.commands.enqueue({ model: 'fraud', command: { type: 'approve', version: 'v9' }, actor: 'bob', reason: 'x', createdAt: h.clock.now() });
    await polling.pollCommands();
    expect((await h.store.rollback.commands.list())[0]).toMatchObject({ status: 'rejected', detail: expect.stringMatching(/^BRK_ERR_(NOT_ALLOWED|BAD_COMMAND)/) });
    await h.store.rollback.commands.enqueue({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'bob', reason: 'x', createdAt: h.clock.now() });
    await polling.pollCommands();
    expect((await h.store.rollback.commands.list())[0]).toMatchObject({ status: 'rejected', detail: expect.stringMatching(/^BRK_ERR_NOT_ALLOWED/) });
    await polling.shutdown();
    await settle();
  });

  it('refuses an approval of a version the config does not declare, before persisting anything', async () => {
    const h = await harness();
    await h.orchestrator.onAnomaly(anomaly());
    await expect(h.orchestrator.approve('fraud', 'v9', { actor: 'alice', reason: 'r' })).rejects.toMatchObject({ code: 'BRK_ERR_BAD_COMMAND' });
    expect(h.orchestrator.state('fraud')?.kind).toBe('rolled_back');
    expect((await h.store.rollback.wal.latest('fraud'))?.seq).toBe(2);
  });

  it('follows a new declared route when steady, and keeps the breaker route otherwise', async () => {
    const h = await harness();
    const moved = [...rollbackSettings(rollbackConfig())].map(([k, v]) => [k, { ...v, declared: { ...v.declared, active: 'v3' } }] as const);
    await h.orchestrator.configure(new Map(moved));
    expect(h.orchestrator.state('fraud')).toMatchObject({ kind: 'steady', active: 'v3' });
    expect((await h.store.rollback.wal.latest('fraud'))?.command.type).toBe('adopt');
  });
});

describe('public API types', () => {
  it('the gateway\'s RouteSwitch is a RouteSwitchPort, stores carry the rollback ports, an AnomalyInput is an AnomalyRef', () => {
    expectTypeOf<InProcessRouteSwitch>().toExtend<RouteSwitchPort>();
    expectTypeOf<SqliteStore['rollback']>().toEqualTypeOf<RollbackStores>();
    expectTypeOf<AnomalyInput>().toExtend<AnomalyRef>();
    expectTypeOf<AnomalyInput['model']>().toEqualTypeOf<string>();
  });
});
