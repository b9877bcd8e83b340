/**
 * Alerting wiring: `alerts:` of bulwark.yaml to policy settings, SLOs and sinks (defaults,
 * suppress windows, stable sink ids), config errors that name their path, the candidate
 * builders for anomalies and the orchestrator's alerts and incidents, and startAlerting
 * end to end on the memory store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTimers } from '../../test/helpers/fake-timers.js';
import { AlertEventBus, classify, runbookFor } from '../alerts/index.js';
import type { AlertEventSource } from '../alerts/index.js';
import { bulwarkConfigSchema, parseConfig, problemLine, validateWith } from '../config/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Anomaly } from '../detect/index.js';
import { incidentIdFor } from '../rollback/index.js';
import type { Incident } from '../rollback/index.js';
import { ManualClock } from '../shared/clock.js';
import { createMemoryStore } from '../store/index.js';
import { alertPolicySettings, alertSinks, anomalyCandidate, incidentResolvedCandidate, rollbackAlertCandidate, sloSettings, startAlerting } from './alerting-app.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const MODELS = `
models:
  fraud:
    protocol: oip-v2
    versions: { v1: { upstream: "http://127.0.0.1:9001" }, v2: { upstream: "http://127.0.0.1:9002" } }
    route: { active: v2, lkg: v1 }
    rules:
      - { id: collapse, when: "entropy(input_fingerprint) < baseline.p01", severity: page, action: rollback }
      - { id: extraction, when: "prada(api_key) < 0.9", severity: ticket, action: contain }
`;

function load(alerts: string): BulwarkConfig {
  return parseConfig(`${MODELS}\nalerts:\n${alerts}`, { file: 'bulwark.yaml', env: {} });
}

function problems(alerts: Record<string, unknown>): string[] {
  const input = { ...(parseConfig(MODELS, { file: 'x', env: {} }) as unknown as Record<string, unknown>), alerts };
  const result = validateWith(bulwarkConfigSchema, JSON.parse(JSON.stringify(input)));
  return result.ok ? [] : result.problems.map(problemLine);
}

const clock = new ManualClock(T0);
const noLog = (): void => undefined;

describe('alerts: config → settings', () => {
  it('fills group window and rate cap from defaults, and reads suppress windows as UTC times', () => {
    const config = load(`
  sinks: [{ kind: log }, { kind: slack, url: "https://hooks.slack.example/T/B/X", for: ticket }]
  suppress:
    - { apiKey: nightly-batch, rules: [extraction], until: "2026-12-31" }
    - { model: fraud, from: "2026-07-01T02:00:00Z", until: "2026-07-01T04:00:00Z", reason: maintenance }
`);
    const sinks = alertSinks(config, { clock, log: noLog });
    const settings = alertPolicySettings(config, sinks);
    expect(settings).toMatchObject({ dedupeWindowMs: 600_000, groupWindowMs: 60_000, rateCap: { max: 20, windowMs: 900_000 } });
    expect(settings.suppress).toEqual([
      { apiKey: 'nightly-batch', rules: ['extraction'], untilMs: Date.UTC(2027, 0, 1) },
      { model: 'fraud', fromMs: Date.UTC(2026, 6, 1, 2), untilMs: Date.UTC(2026, 6, 1, 4), reason: 'maintenance' },
    ]);
    expect(settings.sinks.map((s) => [s.id.replace(/[0-9a-f]{8}$/, 'x'), s.accepts])).toEqual([
      ['log-x', ['page', 'ticket', 'info']],
      ['slack-x', ['ticket']],
    ]);
    expect(sloSettings(config)).toEqual([]);
  });

  it('reads explicit windows, caps, SLOs and the runbook base; sink ids do not depend on order', () => {
    const config = load(`
  sinks:
    - { kind: webhook, url: "https://a.example/hook" }
    - { kind: pagerduty, routingKey: K1, for: page }
  groupWindow: 0s
  rateCap: { max: 5, window: 1h }
  runbookBaseUrl: https://runbooks.example/bulwark/
  slos:
    - { name: untrusted, signal: untrusted_requests, objective: 0.999, model: fraud }
    - { name: robustness, signal: adversarial_success, objective: 0.95, minEvents: 20 }
`);
    const sinks = alertSinks(config, { clock, log: noLog });
    expect(alertPolicySettings(config, sinks)).toMatchObject({ groupWindowMs: 0, rateCap: { max: 5, windowMs: 3_600_000 }, runbookBaseUrl: 'https://runbooks.example/bulwark/' });
    expect(sloSettings(config)).toEqual([
      { name: 'untrusted', signal: 'untrusted_requests', objective: 0.999, minEvents: 100, model: 'fraud' },
      { name: 'robustness', signal: 'adversarial_success', objective: 0.95, minEvents: 20 },
    ]);
    const reversed = load(`
  sinks:
    - { kind: pagerduty, routingKey: K1, for: page }
    - { kind: webhook, url: "https://a.example/hook" }
`);
    expect(alertSinks(reversed, { clock, log: noLog }).map((s) => s.id).reverse()).toEqual(sinks.map((s) => s.id));
  });

  it.each([
    [{ slos: [{ name: 'u', signal: 'untrusted_requests', objective: 1 }] }, 'alerts.slos[0].objective: Too big: expected number to be <1'],
    [{ slos: [{ name: 'u', signal: 'errors', objective: 0.9 }] }, 'alerts.slos[0].signal: Invalid option: expected one of "untrusted_requests"|"adversarial_success"'],
    [{ slos: [{ name: 'u', signal: 'untrusted_requests', objective: 0.9, model: 'ghost' }] }, 'alerts.slos[0].model: model "ghost" is not declared under models'],
    [{ slos: [{ name: 'u', signal: 'untrusted_requests', objective: 0.9 }, { name: 'u', signal: 'adversarial_success', objective: 0.9 }] }, 'alerts.slos[1].name: duplicate SLO name "u" (also alerts.slos[0])'],
    [{ rateCap: { max: 0, window: '1m' } }, 'alerts.rateCap.max: Too small: expected number to be >=1'],
    [{ rateCap: { max: 3, window: '0s' } }, 'alerts.rateCap.window: must be longer than 0'],
    [{ groupWindow: 'soon' }, 'alerts.groupWindow: expected a duration such as 500ms, 10s, 5m, 1h or 1h30m'],
    [{ suppress: [{ model: 'fraud', from: '2026-07-02', until: '2026-07-01' }] }, 'alerts.suppress[0].until: ends before it starts (from 2026-07-02)'],
    [{ runbookBaseUrl: 'ftp://x' }, 'alerts.runbookBaseUrl: expected an http:// or https:// URL'],
  ])('%j is refused naming its path', (alerts, message) => {
    expect(problems(alerts)).toEqual([message]);
  });
});

function anomaly(over: Partial<Anomaly> = {}): Anomaly {
  return {
    id: 'a-17',
    kind: 'rule',
    model: 'fraud',
    version: 'v2',
    rule: 'collapse',
    condition: 'entropy(input_fingerprint) < baseline.p01',
    observed: 0.41234,
    expected: 3.1,
    window: { fromMs: T0 - 10_000, toMs: T0 },
    onset: T0 - 10_000,
    detectedAt: T0,
    timeToDetectMs: 10_000,
    sampleRequestIds: Array.from({ length: 20 }, (_, i) => `r${i}`),
    apiKeys: ['shop', 'partner'],
    severity: 'page',
    action: 'rollback',
    strategy: 'immediate',
    dryRun: false,
    evidence: {} as Anomaly['evidence'],
    ...over,
  };
}

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    model: 'fraud',
    anomaly: { id: 'a-17', rule: 'collapse', version: 'v2', severity: 'page', action: 'rollback', onset: T0 - 10_000, apiKeys: ['shop'] },
    state: 'mitigated',
    suspect: 'v2',
    lkg: 'v1',
    onsetAt: T0 - 10_000,
    detectedAt: T0,
    openedAt: T0,
    timeToDetectMs: 10_000,
    untrusted: { version: 'v2', fromMs: T0 - 70_000, toMs: T0, count: 42 },
    updatedAt: T0,
    ...over,
  };
}

describe('candidate builders', () => {
  it("an anomaly that rolls back carries its incident's id and pages; a dry run only tickets", () => {
    const c = anomalyCandidate(anomaly());
    expect(c).toMatchObject({ id: 'a-17', source: 'anomaly', kind: 'rule', action: 'rollback', incidentId: incidentIdFor('fraud', 'a-17'), apiKeys: ['shop', 'partner'], at: T0 });
    expect(c.summary).toBe('fraud v2: rule collapse fired: entropy(input_fingerprint) < baseline.p01 (observed 0.4123, expected 3.1); automated action: rollback');
    expect((c.details?.['sampleRequestIds'] as string[]).length).toBe(10);
    expect(classify(c)).toBe('page');
    const trial = anomalyCandidate(anomaly({ dryRun: true }));
    expect(trial).toMatchObject({ dryRun: true });
    expect(trial.action).toBeUndefined();
    expect(trial.incidentId).toBeUndefined();
    expect(classify(trial)).toBe('ticket');
    expect(classify(anomalyCandidate(anomaly({ kind: 'extraction_suspected', rule: 'extraction', severity: 'ticket', action: 'contain' })))).toBe('page');
    expect(anomalyCandidate(anomaly({ kind: 'evaluation_errors', observed: undefined })).summary).toBe('fraud v2: rule collapse cannot be evaluated: entropy(input_fingerprint) < baseline.p01; automated action: rollback');
  });

  it("reads the orchestrator's alerts: opened, frozen (with its reason and runbook), roll-forward aborted", () => {
    const config = load('  sinks: []');
    const opened = rollbackAlertCandidate({ id: 'fraud:2:6', model: 'fraud', severity: 'page', summary: 'fraud: rolling back v2 → v1 (collapse)', incidentId: 'inc-1', at: T0 }, incident({ state: 'rolling_back' }), config);
    expect(opened).toMatchObject({ source: 'incident', kind: 'opened', action: 'rollback', rule: 'collapse', version: 'v2', apiKeys: ['shop'], incidentId: 'inc-1', condition: 'entropy(input_fingerprint) < baseline.p01' });
    expect(runbookFor(opened)).toBe('entropy-collapse');
    const frozen = rollbackAlertCandidate({ id: 'fraud:3:4', model: 'fraud', severity: 'page', summary: 'fraud: breaker frozen (lkg unhealthy); automation stopped until unfreeze', incidentId: 'inc-1', at: T0 });
    expect(frozen).toMatchObject({ kind: 'frozen', action: 'freeze', condition: 'lkg_unhealthy', rule: 'breaker' });
    expect(runbookFor(frozen)).toBe('lkg-unhealthy-canary');
    expect(runbookFor(rollbackAlertCandidate({ id: 'x', model: 'fraud', severity: 'page', summary: 'fraud: breaker frozen (loop guard); …', at: T0 }))).toBe('loop-guard-freeze');
    const aborted = rollbackAlertCandidate({ id: 'fraud:9:1', model: 'fraud', severity: 'ticket', summary: 'fraud: roll-forward to v3 aborted: error rate 0.2', at: T0 });
    expect(aborted).toMatchObject({ kind: 'aborted', action: 'revert' });
    expect(classify(aborted)).toBe('ticket');
  });

  it('resolves an incident under its dedupe key', () => {
    const c = incidentResolvedCandidate(incident({ state: 'resolved', resolution: { actor: 'alice', reason: 'fixed', at: T0 + 5, how: 'approved' } }));
    expect(c).toMatchObject({ id: 'inc-1:resolved', kind: 'resolved', resolve: true, incidentId: 'inc-1', at: T0 + 5, summary: 'fraud: incident inc-1 resolved (approved by alice: fixed)' });
  });
});

describe('startAlerting', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
  });
  afterEach(() => {
    clock.set(T0);
  });

  it('subscribes the dispatcher to the source and delivers through the log sink; shutdown unsubscribes, idempotently', async () => {
    const store = createMemoryStore();
    const bus = new AlertEventBus((e) => {
      throw e;
    });
    const config = load('  sinks: [{ kind: log }]');
    const errors: Error[] = [];
    const alerting = await startAlerting(config, { source: bus, outbox: store.alerts, clock, timers: new FakeTimers(), onError: (e) => errors.push(e), log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/^alerting: log-[0-9a-f]{8} \(page\/ticket\/info\); 0 SLO\(s\)$/);
    bus.publish({ type: 'candidate', candidate: anomalyCandidate(anomaly({ severity: 'soft', action: 'alert' })) });
    await alerting.dispatcher.forceFlush();
    const alert = JSON.parse(lines[1] ?? '{}') as { severity?: string; runbook?: { id: string } };
    expect(alert).toMatchObject({ event: 'bulwark.alert', severity: 'info', runbook: { id: 'entropy-collapse', url: 'docs/runbooks/entropy-collapse.md' } });
    const stop = alerting.shutdown();
    expect(alerting.shutdown()).toBe(stop);
    await stop;
    bus.publish({ type: 'candidate', candidate: anomalyCandidate(anomaly({ id: 'a-18' })) });
    expect(errors).toEqual([]);
    expect(await store.alerts.depth()).toEqual({ pending: 0, delivered: 1, dead: 0 });
    await store.shutdown();
  });

  it('falls back to an in-memory outbox (and says so, when it has sinks) when the store has none', async () => {
    const source: AlertEventSource = { subscribe: () => () => undefined };
    const alerting = await startAlerting(load('  sinks:\n    - { kind: log }'), { source, clock, timers: new FakeTimers(), onError: () => undefined, log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/no alert outbox; alerts are queued in memory/);
    await alerting.shutdown();
    const quiet: string[] = [];
    await (await startAlerting(load('  sinks: []'), { source, clock, timers: new FakeTimers(), onError: () => undefined, log: (l) => quiet.push(l) })).shutdown();
    expect(quiet).toEqual([]);
  });
});
