/**
 * The control plane's projections for its newer answers: the runbooks of an incident and of
 * a frozen breaker (from the alerting context's map, with the repository path and the URL
 * under `alerts.runbookBaseUrl`), recent alerts grouped from outbox rows, and the
 * permissions of each role read off the route table.
 */
import { describe, expect, it } from 'vitest';
import type { AlertNotification, OutboxItem } from '../alerts/index.js';
import type { BreakerState } from '../breaker/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Anomaly } from '../detect/index.js';
import { incidentIdFor } from '../rollback/index.js';
import type { Incident } from '../rollback/index.js';
import { alertViews } from './alert-views.js';
import { permissionsOf } from './permissions.js';
import { controlRoutes } from './routes/table.js';
import { breakerRunbookView, incidentRunbookViews } from './runbook-views.js';

function config(runbookBaseUrl?: string): BulwarkConfig {
  const rules = [{ id: 'collapse', when: 'entropy(input_fingerprint) < baseline.p01' }];
  return { models: { fraud: { rules } }, alerts: { sinks: [], ...(runbookBaseUrl === undefined ? {} : { runbookBaseUrl }) } } as unknown as BulwarkConfig;
}

function incident(over: Partial<Incident> = {}): Incident {
  const anomaly = { id: 'a-1', rule: 'collapse', version: 'v2', severity: 'page' as const, action: 'rollback' as const, onset: 0 };
  return { id: incidentIdFor('fraud', 'a-1'), model: 'fraud', anomaly, state: 'mitigated', suspect: 'v2', lkg: 'v1', onsetAt: 0, detectedAt: 1, openedAt: 1, timeToDetectMs: 1, untrusted: { version: 'v2', fromMs: 0, toMs: 1, count: 3 }, updatedAt: 1, ...over };
}

const ids = (views: readonly { id: string }[]): string[] => views.map((v) => v.id);

describe('incident runbooks', () => {
  const none = { breaker: () => undefined, anomaly: () => undefined };

  it("reads the rule's condition from the config, adds the untrusted window after a rollback", () => {
    const views = incidentRunbookViews(incident(), { config: config(), ...none });
    expect(views).toEqual([
      { id: 'entropy-collapse', title: 'Entropy collapse', path: 'docs/runbooks/entropy-collapse.md', url: 'docs/runbooks/entropy-collapse.md' },
      { id: 'untrusted-window', title: 'Untrusted-window follow-up', path: 'docs/runbooks/untrusted-window.md', url: 'docs/runbooks/untrusted-window.md' },
    ]);
  });

  it('adds the freeze page when the breaker froze on the incident, not after a plain rollback', () => {
    const frozen = incident({ state: 'frozen', frozenReason: 'loop_guard', untrusted: null });
    expect(ids(incidentRunbookViews(frozen, { config: config(), ...none }))).toEqual(['entropy-collapse', 'loop-guard-freeze']);
    const breaker = { kind: 'frozen', model: 'fraud', lkg: 'v1', since: 2, reason: 'lkg_unhealthy', lkgPercent: 100, other: 'v2', rollbacks: [], anomaly: incident().anomaly } as unknown as BreakerState;
    expect(ids(incidentRunbookViews(incident(), { config: config(), breaker: () => breaker, anomaly: () => undefined }))).toEqual(['entropy-collapse', 'lkg-unhealthy-canary', 'untrusted-window']);
    expect(ids(incidentRunbookViews(incident({ anomaly: { ...incident().anomaly, id: 'a-2' }, id: incidentIdFor('fraud', 'a-2') }), { config: config(), breaker: () => breaker, anomaly: () => undefined }))).toEqual(['entropy-collapse', 'untrusted-window']);
  });

  it("prefers the recent anomaly's condition and kind, and links under runbookBaseUrl", () => {
    const anomaly = { id: 'a-1', kind: 'evaluation_errors', condition: 'entropy(x) < 1' } as Anomaly;
    const views = incidentRunbookViews(incident({ untrusted: null }), { config: config('https://runbooks.example/b/'), breaker: () => undefined, anomaly: (id) => (id === 'a-1' ? anomaly : undefined) });
    expect(views).toEqual([{ id: 'evaluation-errors', title: 'Rule cannot be evaluated', path: 'docs/runbooks/evaluation-errors.md', url: 'https://runbooks.example/b/evaluation-errors.md' }]);
  });

  it("gives a frozen breaker its page, and other states none", () => {
    expect(breakerRunbookView({ kind: 'frozen', reason: 'loop_guard' } as BreakerState, config())?.id).toBe('loop-guard-freeze');
    expect(breakerRunbookView({ kind: 'frozen', reason: 'lkg_unhealthy' } as BreakerState, config())?.id).toBe('lkg-unhealthy-canary');
    expect(breakerRunbookView({ kind: 'rolled_back' } as BreakerState, config())).toBeNull();
    expect(breakerRunbookView(undefined, config())).toBeNull();
  });
});

describe('alert views', () => {
  function row(key: string, sink: string, createdAt: number, status: OutboxItem['status'] = 'delivered'): OutboxItem {
    const payload = { key, dedupeKey: key.split(':')[0], type: 'alert', action: 'trigger', severity: 'page', summary: key, runbook: { id: 'drift', title: 'Drift (PSI / KS / out-of-distribution)', url: 'docs/runbooks/drift.md' }, related: [] } as unknown as AlertNotification;
    return { sink, key, dedupeKey: payload.dedupeKey, severity: 'page', payload, createdAt, status, attempts: 1, nextAttemptAt: createdAt, leaseOwner: null, leaseUntil: null, lastError: null, lastStatus: 202, updatedAt: createdAt + 1, deliveredAt: status === 'delivered' ? createdAt + 1 : null };
  }

  it('groups the rows of one notification, keeps the rows order (newest first), and stops at the limit', () => {
    const rows = [row('b:trigger', 'webhook-1', 20), row('b:trigger', 'log-1', 20, 'pending'), row('a:trigger', 'webhook-1', 10), row('a:trigger', 'log-1', 10)];
    const views = alertViews(rows, 10);
    expect(views.map((v) => [v.key, v.queuedAt, v.deliveries.map((d) => `${d.sink}:${d.status}`)])).toEqual([
      ['b:trigger', 20, ['log-1:pending', 'webhook-1:delivered']],
      ['a:trigger', 10, ['log-1:delivered', 'webhook-1:delivered']],
    ]);
    expect(views[0]?.runbook).toEqual({ id: 'drift', title: 'Drift (PSI / KS / out-of-distribution)', path: 'docs/runbooks/drift.md', url: 'docs/runbooks/drift.md' });
    expect(alertViews(rows, 1).map((v) => [v.key, v.deliveries.length])).toEqual([['b:trigger', 2]]);
  });
});

describe('permissions', () => {
  it('are read off the route table: operators approve and unfreeze, only admins edit knobs', () => {
    const table = controlRoutes(() => ({}));
    expect(permissionsOf('viewer', table)).toEqual({ approve: false, unfreeze: false, giveFeedback: false, reportMissed: false, editKnobs: false });
    expect(permissionsOf('operator', table)).toEqual({ approve: true, unfreeze: true, giveFeedback: true, reportMissed: true, editKnobs: false });
    expect(permissionsOf('admin', table)).toEqual({ approve: true, unfreeze: true, giveFeedback: true, reportMissed: true, editKnobs: true });
    expect(() => permissionsOf('admin', table.filter((r) => r.operationId !== 'putKnobs'))).toThrow(/no operation putKnobs/);
  });
});
