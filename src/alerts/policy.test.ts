/**
 * The pure alert policy driven by a ManualClock: page/ticket classification, fingerprint
 * dedupe (and the anomaly ↔ incident correlation), grouping, suppression windows and
 * allow-lists, per-sink rate caps with summaries, resolves.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { classify } from './classify.js';
import { decide, flushAll, initialPolicyState, tick } from './policy.js';
import type { Decision, PolicyResult, PolicyState } from './policy.js';
import type { AlertPolicySettings } from './settings.js';
import type { AlertCandidate, AlertNotification, RoutedNotification } from './types.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;

const SINKS: AlertPolicySettings['sinks'] = [
  { id: 'pager', accepts: ['page'] },
  { id: 'chat', accepts: ['page', 'ticket'] },
  { id: 'log', accepts: ['page', 'ticket', 'info'] },
];

function settings(over: Partial<AlertPolicySettings> = {}): AlertPolicySettings {
  return { dedupeWindowMs: 10 * MIN, groupWindowMs: 0, rateCap: null, suppress: [], sinks: SINKS, ...over };
}

/** The policy with its state, as the dispatcher runs it. */
class Harness {
  state: PolicyState = initialPolicyState();
  readonly sent: RoutedNotification[] = [];
  readonly clock = new ManualClock(T0);
  #next = 1;

  constructor(readonly settings: AlertPolicySettings) {}

  anomaly(over: Partial<AlertCandidate> = {}): AlertCandidate {
    return {
      id: `a-${this.#next++}`,
      source: 'anomaly',
      kind: 'rule',
      model: 'fraud',
      rule: 'entropy-collapse',
      version: 'v2',
      apiKeys: ['shop'],
      severity: 'ticket',
      condition: 'entropy(input_fingerprint) < baseline.p01',
      summary: 'fraud v2: entropy collapsed',
      at: this.clock.now(),
      ...over,
    };
  }

  submit(candidate: AlertCandidate): Decision {
    return this.#adopt(decide(this.settings, this.state, candidate, this.clock.now()));
  }

  tick(): PolicyResult {
    return this.#adopt(tick(this.settings, this.state, this.clock.now()));
  }

  /** Notifications sent to one sink. */
  to(sink: string): AlertNotification[] {
    return this.sent.filter((s) => s.sink === sink).map((s) => s.notification);
  }

  #adopt<R extends PolicyResult>(result: R): R {
    this.state = result.state;
    this.sent.push(...result.notifications);
    return result;
  }
}

let h: Harness;

describe('classify: page for high confidence and high impact, ticket otherwise, soft is log only', () => {
  beforeEach(() => {
    h = new Harness(settings());
  });

  it.each([
    [{ severity: 'page' }, 'page'],
    [{ severity: 'ticket' }, 'ticket'],
    [{ severity: 'soft' }, 'info'],
    [{ severity: 'ticket', action: 'rollback' }, 'page'],
    [{ severity: 'soft', action: 'contain' }, 'page'],
    [{ source: 'incident', kind: 'frozen', severity: 'page', action: 'freeze' }, 'page'],
    [{ source: 'incident', kind: 'aborted', severity: 'ticket', action: 'revert' }, 'ticket'],
    [{ severity: 'page', dryRun: true }, 'ticket'],
    [{ severity: 'page', action: 'rollback', dryRun: true }, 'ticket'],
    [{ severity: 'soft', dryRun: true }, 'info'],
    [{ kind: 'evaluation_errors', severity: 'page' }, 'ticket'],
    [{ kind: 'evaluation_errors', severity: 'page', action: 'rollback' }, 'page'],
  ] as const)('%j → %s', (over, expected) => {
    expect(classify(h.anomaly(over as Partial<AlertCandidate>))).toBe(expected);
  });

  it('routes each class to the sinks that accept it; a class no sink takes is unrouted (counted, not sent)', () => {
    h.submit(h.anomaly({ severity: 'page' }));
    h.submit(h.anomaly({ severity: 'ticket', rule: 'other' }));
    expect(h.sent.map((s) => `${s.sink}:${s.notification.severity}`)).toEqual(['pager:page', 'chat:page', 'log:page', 'chat:ticket', 'log:ticket']);
    const quiet = new Harness(settings({ sinks: [{ id: 'pager', accepts: ['page'] }] }));
    expect(quiet.submit(quiet.anomaly({ severity: 'soft' })).decision).toBe('unrouted');
    expect(quiet.sent).toEqual([]);
  });
});

describe('dedupe by fingerprint', () => {
  beforeEach(() => {
    h = new Harness(settings());
  });

  it('identical alerts within the dedupe window are one alert with a count; after it, a new alert says how many repeats it folded', () => {
    const first = h.submit(h.anomaly({ apiKeys: ['shop', 'partner'] }));
    h.clock.advance(MIN);
    const again = h.submit(h.anomaly({ apiKeys: ['partner', 'shop', 'shop'] }));
    h.clock.advance(8 * MIN);
    h.submit(h.anomaly({ apiKeys: ['shop', 'partner'] }));
    expect([first.decision, again.decision]).toEqual(['notified', 'deduplicated']);
    expect(h.to('chat')).toHaveLength(1);
    expect(Object.values(h.state.alerts)).toEqual([expect.objectContaining({ count: 3, firstAt: T0, lastAt: T0 + 9 * MIN })]);
    h.clock.advance(MIN); // the window (10 min from the first) has ended
    const later = h.submit(h.anomaly({ apiKeys: ['shop', 'partner'] }));
    expect(later.decision).toBe('notified');
    const [a, b] = h.to('chat');
    expect(b?.repeatsBefore).toBe(2);
    expect(b?.dedupeKey).not.toBe(a?.dedupeKey);
    expect(a?.key).toBe(`${a?.dedupeKey}:trigger`);
  });

  it('another version, rule, model, key set or kind is another alert; a louder repeat is an escalation and is sent', () => {
    h.submit(h.anomaly());
    h.submit(h.anomaly({ version: 'v3' }));
    h.submit(h.anomaly({ rule: 'shadow-divergence' }));
    h.submit(h.anomaly({ model: 'assistant' }));
    h.submit(h.anomaly({ apiKeys: ['shop', 'other'] }));
    h.submit(h.anomaly({ kind: 'extraction_suspected' }));
    expect(h.to('chat')).toHaveLength(6);
    expect(h.submit(h.anomaly({ severity: 'page' })).decision).toBe('notified');
    expect(h.to('pager')).toHaveLength(1);
    expect(h.submit(h.anomaly({ severity: 'ticket' })).decision).toBe('deduplicated');
  });

  it("an anomaly that opens an incident and the orchestrator's alert for it are one page; frozen and resolved are new notifications under the same dedupe key", () => {
    const opened = h.submit(h.anomaly({ severity: 'page', action: 'rollback', incidentId: 'inc-1' }));
    const orchestrator = h.submit(h.anomaly({ id: 'fraud:2:6', source: 'incident', kind: 'opened', rule: 'entropy-collapse', severity: 'page', action: 'rollback', incidentId: 'inc-1', summary: 'fraud: rolling back v2 → v1' }));
    h.clock.advance(MIN);
    const frozen = h.submit(h.anomaly({ id: 'fraud:5:4', source: 'incident', kind: 'frozen', severity: 'page', action: 'freeze', incidentId: 'inc-1', condition: 'loop_guard', summary: 'fraud: breaker frozen' }));
    h.clock.advance(MIN);
    const resolved = h.submit(h.anomaly({ id: 'inc-1:resolved', source: 'incident', kind: 'resolved', incidentId: 'inc-1', resolve: true, summary: 'resolved' }));
    const again = h.submit(h.anomaly({ id: 'inc-1:resolved', source: 'incident', kind: 'resolved', incidentId: 'inc-1', resolve: true, summary: 'resolved' }));
    expect([opened.decision, orchestrator.decision, frozen.decision, resolved.decision, again.decision]).toEqual(['notified', 'deduplicated', 'notified', 'resolved', 'deduplicated']);
    expect(h.to('pager').map((n) => [n.key, n.action, n.runbook.id])).toEqual([
      ['incident/inc-1:opened', 'trigger', 'entropy-collapse'],
      ['incident/inc-1:frozen', 'trigger', 'loop-guard-freeze'],
      ['incident/inc-1:resolved', 'resolve', 'untrusted-window'],
    ]);
    expect(new Set(h.to('pager').map((n) => n.dedupeKey))).toEqual(new Set(['incident/inc-1']));
    expect(h.to('pager')[0]?.related.map((r) => r.id)).toEqual(['untrusted-window']);
  });

  it('repeated anomalies of one rule dedupe although each names its own would-be incident (a frozen breaker ignores them)', () => {
    const first = h.submit(h.anomaly({ severity: 'page', action: 'rollback', incidentId: 'inc-a' }));
    h.clock.advance(MIN);
    const again = h.submit(h.anomaly({ severity: 'page', action: 'rollback', incidentId: 'inc-b' }));
    expect([first.decision, again.decision]).toEqual(['notified', 'deduplicated']);
    expect(h.to('pager')).toHaveLength(1);
    // The breaker did act on the second one after all: its incident's own alert is a new page.
    const opened = h.submit(h.anomaly({ id: 'fraud:7:6', source: 'incident', kind: 'opened', severity: 'page', action: 'rollback', incidentId: 'inc-b' }));
    expect(opened.decision).toBe('notified');
    expect(h.to('pager').map((n) => n.key)).toEqual(['incident/inc-a:opened', 'incident/inc-b:opened']);
  });

  it('never mutates the state it is given', () => {
    const frozen = deepFreeze(initialPolicyState());
    const result = decide(settings({ groupWindowMs: MIN, rateCap: { max: 1, windowMs: MIN } }), frozen, h.anomaly(), T0);
    expect(frozen).toEqual({ alerts: {}, groups: {}, caps: {} });
    expect(Object.keys(result.state.alerts)).toHaveLength(1);
  });
});

describe('grouping by model, rule and API key', () => {
  beforeEach(() => {
    h = new Harness(settings({ groupWindowMs: MIN }));
  });

  it('sends the first alert at once and the rest of the group window as one notification listing them', () => {
    h.submit(h.anomaly({ version: 'v2' }));
    h.clock.advance(10_000);
    expect(h.submit(h.anomaly({ version: 'v3' })).decision).toBe('grouped');
    h.submit(h.anomaly({ kind: 'evaluation_errors', summary: 'cannot evaluate' }));
    h.submit(h.anomaly({ version: 'v3' })); // a repeat of a member: its count, not a member
    h.submit(h.anomaly({ apiKeys: ['other'] })); // another key: another group, sent at once
    expect(h.to('chat').map((n) => n.type)).toEqual(['alert', 'alert']);
    h.clock.set(T0 + MIN - 1);
    expect(h.tick().notifications).toEqual([]);
    h.clock.set(T0 + MIN);
    h.tick();
    const group = h.to('chat')[2];
    expect(group).toMatchObject({ type: 'group', severity: 'ticket', model: 'fraud', rule: 'entropy-collapse', apiKeys: ['shop'], count: 2, moreMembers: 0 });
    expect(group?.members?.map((m) => [m.version, m.count])).toEqual([['v3', 2], ['v2', 1]]);
    expect(group?.summary).toMatch(/^2 more ticket alerts for fraud \/ entropy-collapse \/ key shop since /);
    expect(h.to('log').filter((n) => n.type === 'group')).toHaveLength(1);
    expect(h.to('pager')).toEqual([]);
    // The group closed: the next alert of that group is sent at once again.
    h.submit(h.anomaly({ version: 'v4' }));
    expect(h.to('chat').at(-1)).toMatchObject({ type: 'alert', version: 'v4' });
  });

  it('keeps pages and tickets in separate groups, and flushes open groups on shutdown', () => {
    h.submit(h.anomaly({ severity: 'page' }));
    h.submit(h.anomaly({ severity: 'page', version: 'v9' }));
    h.submit(h.anomaly({ severity: 'ticket', version: 'v8' }));
    expect(h.to('pager')).toHaveLength(1);
    expect(h.to('chat').map((n) => n.severity)).toEqual(['page', 'ticket']);
    const flushed = flushAll(h.settings, h.state, h.clock.now());
    expect(flushed.notifications.map((n) => `${n.sink}:${n.notification.type}:${n.notification.severity}`)).toEqual(['pager:group:page', 'chat:group:page', 'log:group:page']);
    expect(flushed.state.groups).toEqual({});
  });
});

describe('suppression windows and allow-lists', () => {
  const BATCH = { apiKey: 'nightly-batch', rules: ['extraction'], untilMs: T0 + 60 * MIN, reason: 'known bulk client' };

  it('suppresses an allow-listed key for its rules until the window ends, and counts what it suppressed', () => {
    h = new Harness(settings({ suppress: [BATCH] }));
    const extraction = (over: Partial<AlertCandidate> = {}): AlertCandidate => h.anomaly({ kind: 'extraction_suspected', rule: 'extraction', apiKeys: ['nightly-batch'], action: 'contain', ...over });
    expect(h.submit(extraction()).decision).toBe('suppressed');
    expect(h.submit(extraction()).decision).toBe('suppressed');
    expect(Object.values(h.state.alerts)).toEqual([expect.objectContaining({ suppressed: true, count: 2 })]);
    expect(h.submit(extraction({ rule: 'other-rule' })).decision).toBe('notified');
    // An attacker hiding among the benign client's traffic is not suppressed.
    expect(h.submit(extraction({ apiKeys: ['nightly-batch', 'attacker'] })).decision).toBe('notified');
    h.clock.set(T0 + 60 * MIN);
    expect(h.submit(extraction()).decision).toBe('notified');
  });

  it('a window that has not started does not suppress; a model-wide window does; a frozen breaker always pages', () => {
    h = new Harness(settings({ suppress: [{ model: 'fraud', fromMs: T0 + MIN, untilMs: T0 + 2 * MIN }] }));
    expect(h.submit(h.anomaly()).decision).toBe('notified');
    h.clock.advance(MIN);
    expect(h.submit(h.anomaly({ rule: 'anything', apiKeys: [] })).decision).toBe('suppressed');
    expect(h.submit(h.anomaly({ source: 'incident', kind: 'opened', action: 'rollback', incidentId: 'inc-9' })).decision).toBe('suppressed');
    expect(h.submit(h.anomaly({ source: 'incident', kind: 'frozen', action: 'freeze', incidentId: 'inc-9' })).decision).toBe('notified');
    expect(h.submit(h.anomaly({ model: 'assistant' })).decision).toBe('notified');
  });

  it('does not send the resolve of an alert it suppressed', () => {
    h = new Harness(settings({ suppress: [{ model: 'fraud' }] }));
    h.submit(h.anomaly({ source: 'incident', kind: 'opened', action: 'rollback', incidentId: 'inc-2' }));
    expect(h.submit(h.anomaly({ source: 'incident', kind: 'resolved', resolve: true, incidentId: 'inc-2' })).decision).toBe('suppressed');
    expect(h.sent).toEqual([]);
  });
});

describe('rate caps per sink', () => {
  it('sends at most max per window; the rest become one summary at the end of the window; nothing is dropped silently', () => {
    h = new Harness(settings({ rateCap: { max: 2, windowMs: 10 * MIN }, sinks: [{ id: 'pager', accepts: ['page'] }, { id: 'chat', accepts: ['page', 'ticket'] }] }));
    const capped: string[] = [];
    for (let i = 0; i < 5; i++) {
      capped.push(...h.submit(h.anomaly({ rule: `r${i}`, severity: i < 4 ? 'page' : 'ticket' })).capped);
      h.clock.advance(MIN);
    }
    expect(h.to('pager').map((n) => n.rule)).toEqual(['r0', 'r1']);
    expect(h.to('chat').map((n) => n.rule)).toEqual(['r0', 'r1']);
    expect(capped).toEqual(['pager', 'chat', 'pager', 'chat', 'chat']);
    // A resolve is never capped.
    h.submit(h.anomaly({ id: 'x', source: 'incident', kind: 'resolved', resolve: true, incidentId: 'inc-7' }));
    expect(h.to('pager').at(-1)?.action).toBe('resolve');
    h.clock.set(T0 + 10 * MIN - 1);
    expect(h.tick().notifications).toEqual([]);
    h.clock.set(T0 + 10 * MIN);
    h.tick();
    const pagerSummary = h.to('pager').at(-1);
    const chatSummary = h.to('chat').at(-1);
    expect(pagerSummary).toMatchObject({ type: 'summary', severity: 'page', count: 2, heldBack: { count: 2, bySeverity: { page: 2 } }, runbook: { id: 'alert-flood' } });
    expect(chatSummary).toMatchObject({ type: 'summary', severity: 'page', count: 3, heldBack: { count: 3, bySeverity: { page: 2, ticket: 1 } } });
    expect(chatSummary?.heldBack?.samples.map((s) => s.summary)).toHaveLength(3);
    expect(chatSummary?.summary).toMatch(/^rate cap reached: 3 alerts held back between .* \(page: 2, ticket: 1\)$/);
    // sent + summarised = every alert, per sink
    expect(h.to('chat').filter((n) => n.type === 'alert' && n.action === 'trigger').length + (chatSummary?.count ?? 0)).toBe(5);
    // A new window starts with the next alert.
    h.submit(h.anomaly({ rule: 'r9', severity: 'page' }));
    expect(h.to('pager').at(-1)?.rule).toBe('r9');
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
