/**
 * GET /api/v1/alerts and the runbooks the API attaches, against a real gateway whose alerts
 * go to a log sink (so into the durable outbox): its active version fails, the breaker rolls
 * back; an approved v3 fails too and the loop guard freezes the breaker instead of rolling
 * back again. The list shows both alerts newest first with their deliveries, says what the
 * breaker actually did (rollback, then a freeze with containment, never "rollback" for the
 * freeze), and validates `limit` and `status` with field-named errors. Incidents and a
 * frozen breaker carry their runbooks (id, title, repository path, URL) from the alerting
 * context's map.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startControlHarness } from './harness.js';
import type { ControlHarness } from './harness.js';

let h: ControlHarness;

interface AlertBody {
  key: string;
  summary: string;
  source: string;
  automatedAction?: string;
  incidentId?: string;
  runbook: { id: string; title: string; path: string; url: string };
  related: { id: string }[];
  queuedAt: number;
  deliveries: { sink: string; status: string; attempts: number }[];
}

async function alerts(query = ''): Promise<AlertBody[]> {
  const answer = await h.call('GET', `/api/v1/alerts${query}`, { role: 'viewer' });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.alerts as AlertBody[];
}

/** Sends traffic to fraud until an alert from an anomaly matching `summary` is listed. */
async function failUntilAlert(summary: RegExp): Promise<AlertBody> {
  let found: AlertBody | undefined;
  await vi.waitFor(
    async () => {
      await Promise.all(Array.from({ length: 5 }, () => h.infer()));
      found = (await alerts()).find((a) => a.source === 'anomaly' && summary.test(a.summary));
      expect(found).toBeDefined();
    },
    { timeout: 25_000, interval: 5 },
  );
  return found as AlertBody;
}

beforeAll(async () => {
  // Grouping off: the second page of the same rule within a minute would otherwise wait for the group's notification.
  h = await startControlHarness({ alertsConfig: { sinks: [{ kind: 'log' }], groupWindow: '0s' }, rollback: { loopGuard: { maxRollbacks: 1, perMinutes: 60 } } });
});

afterAll(async () => {
  await h?.close();
});

describe('GET /api/v1/alerts', () => {
  it('is empty before anything fired, and names the bad field of a bad query', async () => {
    expect(await alerts()).toEqual([]);
    const bad = await h.call('GET', '/api/v1/alerts?status=lost&limit=0', { role: 'viewer' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'API_ERR_INVALID_REQUEST']);
    expect((bad.body.error.problems as { path: string }[]).map((p) => p.path).sort()).toEqual(['query.limit', 'query.status']);
    const big = await h.call('GET', '/api/v1/alerts?limit=1001', { role: 'viewer' });
    expect([big.status, big.body.error.problems[0].path]).toEqual([400, 'query.limit']);
    const unknown = await h.call('GET', '/api/v1/alerts?severity=page', { role: 'viewer' });
    expect([unknown.status, unknown.body.error.problems[0].path]).toEqual([400, 'query.severity']);
    expect((await h.call('GET', '/api/v1/alerts')).status).toBe(401);
  });

  it('lists the rollback, then the loop-guard freeze that followed, each saying what the breaker did', async () => {
    h.upstreams.v2.behavior = { kind: 'status', status: 500 };
    const rollback = await failUntilAlert(/rule error-surge fired/);
    expect(rollback.summary).toMatch(/; automated action: rollback v2 → v1$/);
    expect(rollback).toMatchObject({ automatedAction: 'rollback', runbook: { id: 'error-latency', title: 'Errors and latency', path: 'docs/runbooks/error-latency.md', url: 'docs/runbooks/error-latency.md' }, related: [{ id: 'untrusted-window' }] });
    await vi.waitFor(() => expect(h.app.rollback?.state('fraud')?.kind).toBe('rolled_back'), { timeout: 10_000, interval: 20 });
    h.upstreams.v2.behavior = { kind: 'normal' };

    // v3 is approved and takes the traffic; then it fails too: a second rollback within the hour trips the loop guard.
    expect((await h.call('POST', '/api/v1/models/fraud/approve', { role: 'operator', body: { version: 'v3', reason: 'retrained' } })).status).toBe(202);
    await vi.waitFor(() => expect(h.app.rollback?.state('fraud')?.kind).toBe('steady'), { timeout: 15_000, interval: 20 });
    h.upstreams.v3.behavior = { kind: 'status', status: 500 };
    const freeze = await failUntilAlert(/fraud v3: rule error-surge fired/);
    expect(h.app.rollback?.state('fraud')).toMatchObject({ kind: 'frozen', reason: 'loop_guard' });
    expect(freeze.summary).toMatch(/; automated action: breaker frozen \(loop guard\) instead of a rollback, (no API key to contain|API keys? .+ contained); automation stopped until unfreeze$/);
    expect(freeze.summary).not.toMatch(/automated action: rollback/);
    expect(freeze).toMatchObject({ automatedAction: 'freeze', related: [] });
    expect(freeze.incidentId).toMatch(/^inc-/);
    h.upstreams.v3.behavior = { kind: 'normal' };

    // The orchestrator's own page of the freeze follows (its effects run after the decision).
    await vi.waitFor(async () => expect((await alerts()).some((a) => a.source === 'incident' && /breaker frozen \(loop guard\)/.test(a.summary))).toBe(true), { timeout: 10_000, interval: 20 });
    // Newest first, one entry per notification, with its delivery to the log sink.
    await vi.waitFor(async () => expect((await alerts()).every((a) => a.deliveries.every((d) => d.status === 'delivered'))).toBe(true), { timeout: 10_000, interval: 20 });
    const listed = await alerts();
    const keys = listed.map((a) => a.key);
    expect(keys.indexOf(freeze.key)).toBeLessThan(keys.indexOf(rollback.key));
    expect(listed.map((a) => a.queuedAt)).toEqual([...listed.map((a) => a.queuedAt)].sort((a, b) => b - a));
    expect(new Set(keys).size).toBe(keys.length);
    for (const alert of listed) expect(alert.deliveries).toEqual([expect.objectContaining({ sink: expect.stringMatching(/^log-/), status: 'delivered', attempts: 1 })]);
    expect((await alerts('?limit=1')).map((a) => a.key)).toEqual([keys[0]]);
    expect(await alerts('?status=dead')).toEqual([]);
    expect((await alerts('?status=delivered')).map((a) => a.key)).toEqual(keys);
  });

  it('incidents carry their runbooks: what fired, the freeze page on the frozen one, the untrusted window after the rollback', async () => {
    const { incidents } = (await h.call('GET', '/api/v1/incidents', { role: 'viewer' })).body as { incidents: { id: string; state: string; suspect: string; runbooks: { id: string; title: string; path: string; url: string }[] }[] };
    const frozen = incidents.find((i) => i.state === 'frozen');
    const rolledBack = incidents.find((i) => i.suspect === 'v2');
    expect(frozen?.runbooks.map((r) => r.id)).toEqual(['error-latency', 'loop-guard-freeze']);
    expect(rolledBack?.runbooks.map((r) => r.id)).toEqual(['error-latency', 'untrusted-window']);
    expect(frozen?.runbooks[1]).toEqual({ id: 'loop-guard-freeze', title: 'Loop-guard freeze', path: 'docs/runbooks/loop-guard-freeze.md', url: 'docs/runbooks/loop-guard-freeze.md' });
    const detail = (await h.call('GET', `/api/v1/incidents/${frozen?.id}`, { role: 'viewer' })).body as { incident: { runbooks: unknown[] } };
    expect(detail.incident.runbooks).toEqual(frozen?.runbooks);
    // The frozen breaker names its page too (the dashboard shows it where it shows the breaker); a model without a frozen breaker has none.
    const models = (await h.call('GET', '/api/v1/models', { role: 'viewer' })).body as { models: { name: string; breakerRunbook: { id: string } | null }[] };
    expect(models.models.map((m) => [m.name, m.breakerRunbook?.id ?? null])).toEqual([
      ['fraud', 'loop-guard-freeze'],
      ['assistant', null],
    ]);
  });
});
