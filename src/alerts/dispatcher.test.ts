/**
 * The dispatcher on the memory outbox with scripted sinks, a ManualClock and fake timers:
 * policy → outbox → sinks, retries with backoff and injected jitter, dead letters (after
 * N attempts, permanent refusals, unknown sinks), a failing outbox, the background loop,
 * SLO burns, graceful shutdown, metrics.
 */
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../test/helpers/fake-timers.js';
import { ManualClock } from '../shared/clock.js';
import { createMemoryStore } from '../store/index.js';
import type { MemoryStore } from '../store/index.js';
import { AlertDispatcher } from './dispatcher.js';
import type { AlertDispatcherOptions } from './dispatcher.js';
import type { AlertOutbox, AlertSinkPort, DeliveryResult } from './ports.js';
import { retryDelayMs } from './retry.js';
import type { AlertCandidate, AlertClass, AlertNotification } from './types.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;

class ScriptedSink implements AlertSinkPort {
  readonly kind = 'scripted';
  readonly calls: { key: string; attempt: number; notification: AlertNotification }[] = [];
  readonly script: (DeliveryResult | Error)[] = [];

  constructor(
    readonly id: string,
    readonly accepts: readonly AlertClass[],
  ) {}

  async deliver(notification: AlertNotification, attempt: { key: string; attempt: number }): Promise<DeliveryResult> {
    this.calls.push({ ...attempt, notification });
    const next = this.script.shift() ?? { outcome: 'delivered', status: 200 };
    if (next instanceof Error) throw next;
    return next;
  }
}

let clock: ManualClock;
let timers: FakeTimers;
let store: MemoryStore;
let pager: ScriptedSink;
let chat: ScriptedSink;
let errors: Error[];
let n = 0;

function candidate(over: Partial<AlertCandidate> = {}): AlertCandidate {
  n++;
  return { id: `a-${n}`, source: 'anomaly', kind: 'rule', model: 'fraud', rule: `rule-${n}`, version: 'v2', apiKeys: ['shop'], severity: 'page', summary: `alert ${n}`, at: clock.now(), ...over };
}

function dispatcher(over: Partial<AlertDispatcherOptions> = {}): AlertDispatcher {
  return new AlertDispatcher({
    policy: { dedupeWindowMs: 10 * MIN, groupWindowMs: 0, rateCap: null, suppress: [], sinks: [pager, chat] },
    outbox: store.alerts,
    sinks: [pager, chat],
    clock,
    timers,
    random: () => 0.5,
    onError: (e) => errors.push(e),
    owner: 'test',
    delivery: { retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 } },
    ...over,
  });
}

/** Lets promise chains started by fake timers run (no time passes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  clock = new ManualClock(T0);
  timers = new FakeTimers();
  store = createMemoryStore();
  pager = new ScriptedSink('pager', ['page']);
  chat = new ScriptedSink('chat', ['page', 'ticket']);
  errors = [];
});
afterEach(async () => {
  await store.shutdown();
});

describe('AlertDispatcher', () => {
  it('enqueues one delivery per sink and delivers it; the same event again is a no-op', async () => {
    const d = dispatcher();
    await d.start();
    const c = candidate({ incidentId: 'inc-1', action: 'rollback' });
    expect((await d.submit(c))?.decision).toBe('notified');
    await d.forceFlush();
    expect(pager.calls.map((x) => [x.key, x.attempt])).toEqual([['incident/inc-1:opened', 1]]);
    expect(chat.calls).toHaveLength(1);
    expect(await store.alerts.depth()).toEqual({ pending: 0, delivered: 2, dead: 0 });
    // A resumed orchestrator re-emits its alert after the dedupe window: same delivery key, nothing new.
    clock.advance(11 * MIN);
    await d.submit({ ...c, id: 'fraud:2:6', source: 'incident', kind: 'opened' });
    await d.forceFlush();
    expect(pager.calls).toHaveLength(1);
    await d.shutdown();
    expect(errors).toEqual([]);
  });

  it('retries 429/5xx/network with backoff and jitter, then dead-letters after maxAttempts', async () => {
    const d = dispatcher({ sinks: [pager], policy: { dedupeWindowMs: MIN, groupWindowMs: 0, rateCap: null, suppress: [], sinks: [pager] } });
    await d.start();
    pager.script.push({ outcome: 'retry', error: 'HTTP 503', status: 503 }, { outcome: 'retry', error: 'connect ECONNREFUSED', status: 0 }, { outcome: 'retry', error: 'HTTP 429', status: 429 });
    await d.submit(candidate());
    await d.forceFlush();
    const first = (await store.alerts.list())[0];
    const wait1 = retryDelayMs({ maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 }, 1, () => 0.5);
    expect(wait1).toBe(750);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + wait1, lastError: 'HTTP 503', lastStatus: 503 });
    clock.advance(wait1 - 1);
    await d.forceFlush();
    expect(pager.calls).toHaveLength(1); // not due yet
    clock.advance(1);
    await d.forceFlush();
    expect((await store.alerts.list())[0]).toMatchObject({ attempts: 2, nextAttemptAt: clock.now() + 1_500, lastStatus: 0 });
    clock.advance(1_500);
    await d.forceFlush();
    expect(pager.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect((await store.alerts.list())[0]).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 429' });
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['ALR_ERR_DELIVERY_FAILED']);
    expect(errors[0]?.message).toMatch(/not delivered after 3 attempt/);
    await d.shutdown();
  });

  it('dead-letters a permanent refusal at once, a payload for an unknown sink, and retries a sink that throws', async () => {
    const d = dispatcher();
    await d.start();
    pager.script.push({ outcome: 'failed', error: 'HTTP 400', status: 400 });
    chat.script.push(new Error('boom'));
    await d.submit(candidate());
    await store.alerts.enqueue([{ sink: 'gone', key: 'k:trigger', dedupeKey: 'k', severity: 'page', payload: chat.calls[0]?.notification ?? ({ key: 'k:trigger', dedupeKey: 'k', summary: 's', severity: 'page' } as AlertNotification), createdAt: T0 }]);
    await d.forceFlush();
    expect(await store.alerts.get('pager', pager.calls[0]?.key ?? '')).toMatchObject({ status: 'dead', attempts: 1, lastStatus: 400 });
    expect(await store.alerts.get('chat', chat.calls[0]?.key ?? '')).toMatchObject({ status: 'pending', lastError: 'sink threw: boom' });
    expect(await store.alerts.get('gone', 'k:trigger')).toMatchObject({ status: 'dead' });
    expect(errors.map((e) => (e as { code?: string }).code).sort()).toEqual(['ALR_ERR_DELIVERY_FAILED', 'ALR_ERR_UNKNOWN_SINK']);
    // Requeued once the sink is fixed, and delivered.
    expect(await store.alerts.requeueDead({ sink: 'pager', now: clock.now() })).toBe(1);
    await d.forceFlush();
    expect(await store.alerts.depth()).toMatchObject({ delivered: 1, dead: 1 });
    await d.shutdown();
  });

  it('keeps notifications a failing outbox refused and enqueues them on a later tick', async () => {
    let failing = true;
    const outbox: AlertOutbox = new Proxy(store.alerts, {
      get(target, prop, receiver) {
        if (prop === 'enqueue' && failing) return async () => Promise.reject(new Error('disk full'));
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const d = dispatcher({ outbox });
    await d.start();
    await d.submit(candidate());
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['ALR_ERR_OUTBOX_FAILED']);
    expect(await store.alerts.depth()).toEqual({ pending: 0, delivered: 0, dead: 0 });
    failing = false;
    await d.forceFlush();
    expect(pager.calls).toHaveLength(1);
    await d.shutdown();
  });

  it('runs on its timers: closes group windows and delivers retries as time passes', async () => {
    const d = dispatcher({ policy: { dedupeWindowMs: 10 * MIN, groupWindowMs: MIN, rateCap: null, suppress: [], sinks: [pager, chat] }, delivery: { pollIntervalMs: 1_000 } });
    await d.start();
    await d.submit(candidate({ rule: 'r', version: 'v1' }));
    await d.submit(candidate({ rule: 'r', version: 'v2' }));
    await settle();
    expect(pager.calls.map((c) => c.notification.type)).toEqual(['alert']);
    clock.advance(MIN);
    timers.advance(1_000);
    await settle();
    expect(pager.calls.map((c) => c.notification.type)).toEqual(['alert', 'group']);
    await d.shutdown();
    expect(timers.pending).toBe(0);
  });

  it('turns SLI counts into burn-rate pages', async () => {
    const d = dispatcher({ slos: [{ name: 'untrusted', signal: 'untrusted_requests', objective: 0.999, minEvents: 100 }] });
    await d.start();
    for (let m = 0; m < 60; m++) {
      clock.advance(MIN);
      await d.observe({ signal: 'untrusted_requests', total: 100, bad: m >= 40 ? 5 : 0, at: clock.now() });
    }
    await d.forceFlush();
    expect(pager.calls.map((c) => [c.notification.source, c.notification.kind, c.notification.runbook.id])).toEqual([['slo', 'burn_page', 'slo-burn']]);
    expect(chat.calls.map((c) => c.notification.kind)).toEqual(['burn_ticket', 'burn_page']); // the ticket's threshold (1×) is crossed first
    await d.shutdown();
  });

  it('on shutdown sends open groups to the outbox, releases its claims, refuses later alerts; idempotent', async () => {
    const d = dispatcher({ policy: { dedupeWindowMs: 10 * MIN, groupWindowMs: MIN, rateCap: null, suppress: [], sinks: [pager] }, sinks: [pager] });
    await d.start();
    await d.submit(candidate({ rule: 'r', version: 'v1' }));
    await d.submit(candidate({ rule: 'r', version: 'v2' }));
    await d.forceFlush();
    const stopping = d.shutdown();
    expect(d.shutdown()).toBe(stopping);
    await stopping;
    expect((await store.alerts.list()).map((i) => [i.payload.type, i.status])).toEqual([
      ['alert', 'delivered'],
      ['group', 'delivered'],
    ]);
    expect(await d.submit(candidate())).toBeUndefined();
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['ALR_ERR_DISPATCHER_STOPPED']);
    await expect(d.start()).rejects.toMatchObject({ code: 'ALR_ERR_DISPATCHER_STOPPED' });
  });

  it('reports a bad candidate with ALR_ERR_BAD_CANDIDATE naming the field, and enqueues nothing', async () => {
    const d = dispatcher();
    await d.start();
    expect(await d.submit({ ...candidate(), model: '' })).toBeUndefined();
    expect(await d.submit({ ...candidate(), at: Number.NaN })).toBeUndefined();
    expect(errors.map((e) => (e as { details?: unknown }).details)).toEqual([
      { field: 'model', id: `a-${n - 1}` },
      { field: 'at', id: `a-${n}` },
    ]);
    expect(await store.alerts.depth()).toEqual({ pending: 0, delivered: 0, dead: 0 });
    await d.shutdown();
  });

  it('exposes alert volume, deliveries by sink/severity/outcome, retries, dead letters and outbox depth', async () => {
    const registry = new Registry();
    const d = dispatcher({ registry });
    await d.start();
    chat.script.push({ outcome: 'retry', error: 'HTTP 502', status: 502 });
    await d.submit(candidate());
    await d.submit(candidate({ severity: 'ticket' }));
    await d.forceFlush();
    const text = await registry.metrics();
    expect(text).toContain('bulwark_alerts_notifications_total{severity="page",type="alert"} 1');
    expect(text).toContain('bulwark_alerts_candidates_total{source="anomaly",severity="ticket",decision="notified"} 1');
    expect(text).toContain('bulwark_alerts_deliveries_total{sink="pager",severity="page",outcome="delivered"} 1');
    expect(text).toContain('bulwark_alerts_deliveries_total{sink="chat",severity="page",outcome="retry"} 1');
    expect(text).toContain('bulwark_alerts_deliveries_retried_total{sink="chat"} 1');
    expect(text).toContain('bulwark_alerts_outbox_depth{status="pending"} 1');
    expect(text).toContain('bulwark_alerts_outbox_depth{status="dead"} 0');
    await d.shutdown();
    // A dispatcher started again in the same process takes the series over.
    const again = dispatcher({ registry });
    expect(await registry.metrics()).toContain('bulwark_alerts_outbox_depth{status="pending"} 1');
    await again.shutdown();
  });
});
