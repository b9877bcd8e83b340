/**
 * Issue 8, the operator's side against a real orchestrator: approve and unfreeze through
 * the API are refused with the breaker's error (409) when the state does not allow them,
 * and otherwise queued (202), applied by the gateway's orchestrator and audit-logged under
 * the token id like `bulwark approve|unfreeze`. Feedback and missed-attack reports feed the
 * SLI metrics on the admin port's /metrics; forensic bundles stored without redaction come
 * out redacted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startControlHarness } from './harness.js';
import type { ControlHarness } from './harness.js';

let h: ControlHarness;

beforeAll(async () => {
  h = await startControlHarness({ rollback: { forensics: { redactPii: false } } });
});

afterAll(async () => {
  await h?.close();
});

function breaker(): string | undefined {
  return h.app.rollback?.state('fraud')?.kind;
}

async function settled(id: number): Promise<{ status: string; detail: string | null }> {
  let command: { status: string; detail: string | null } = { status: 'pending', detail: null };
  await vi.waitFor(
    async () => {
      command = (await h.call('GET', `/api/v1/commands/${id}`, { role: 'viewer' })).body;
      expect(command.status).not.toBe('pending');
    },
    { timeout: 15_000, interval: 20 },
  );
  return command;
}

async function metrics(): Promise<string> {
  const res = await fetch(`${h.app.addresses.admin}/metrics`);
  return res.text();
}

async function audit(): Promise<{ actor: string; action: string; target: string; details: Record<string, unknown> }[]> {
  return h.app.store.audit.list();
}

describe('approve and unfreeze', () => {
  it('refuses both while the breaker is steady, with the breaker error and nothing queued', async () => {
    expect(breaker()).toBe('steady');
    const approve = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'operator', body: { version: 'v3', reason: 'retrained' } });
    expect([approve.status, approve.body.error.code]).toEqual([409, 'BRK_ERR_NOT_ALLOWED']);
    expect(approve.body.error.message).toMatch(/steady/);
    const unfreeze = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', body: { reason: 'x' } });
    expect([unfreeze.status, unfreeze.body.error.code]).toEqual([409, 'BRK_ERR_NOT_ALLOWED']);
    const undeclared = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'operator', body: { version: 'v9', reason: 'x' } });
    expect([undeclared.status, undeclared.body.error.code]).toEqual([409, 'BRK_ERR_BAD_COMMAND']);
    const noBreaker = await h.call('POST', '/api/v1/models/assistant/unfreeze', { role: 'operator', body: { reason: 'x' } });
    expect([noBreaker.status, noBreaker.body.error.code]).toEqual([404, 'RBK_ERR_UNKNOWN_MODEL']);
    expect(await h.app.store.rollback.commands.list()).toEqual([]);
  });

  it('unfreezes a frozen breaker and approves a roll-forward, audit-logged under the token id', async () => {
    // A request carrying PII lands in the forensic ring before the rollback.
    const res = await fetch(`${h.app.addresses.dataPlane}/v2/models/fraud/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 1], datatype: 'FP32', data: [1] }], parameters: { customer: 'jane.doe@example.com' } }) });
    await res.arrayBuffer();
    const rollback = h.app.rollback!;
    await rollback.onAnomaly({ model: 'fraud', id: 'a-op-1', rule: 'error-surge', version: 'v2', severity: 'page', action: 'rollback', onset: Date.now() - 2_000 });
    expect(breaker()).toBe('rolled_back');
    await rollback.onAnomaly({ model: 'fraud', id: 'a-op-2', rule: 'error-surge', version: 'v1', severity: 'page', action: 'rollback', onset: Date.now() - 1_000 });
    expect(breaker()).toBe('frozen');

    const unfreeze = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', body: { reason: 'attacker keys revoked' } });
    expect(unfreeze.status).toBe(202);
    expect(unfreeze.body.command).toMatchObject({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'olga', reason: 'attacker keys revoked', status: 'pending' });
    expect(await settled(unfreeze.body.command.id)).toMatchObject({ status: 'applied' });
    expect(breaker()).toBe('rolled_back');

    const approve = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'admin', body: { version: 'v3', reason: 'retrained without the flag' } });
    expect([approve.status, approve.body.command.actor]).toEqual([202, 'ada']);
    expect(await settled(approve.body.command.id)).toMatchObject({ status: 'applied', detail: expect.stringMatching(/rolling_forward/) });
    await vi.waitFor(() => expect(h.app.gateway.routes.current('fraud')?.active).toBe('v3'), { timeout: 15_000, interval: 20 });

    const entries = (await audit()).filter((e) => e.actor === 'olga' || e.actor === 'ada');
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ['olga', 'breaker.unfreeze.requested'],
      ['olga', 'breaker.unfreeze'],
      ['ada', 'breaker.approve.requested'],
      ['ada', 'breaker.approve'],
    ]);
    expect(entries[2]?.details).toMatchObject({ commandId: approve.body.command.id, version: 'v3', reason: 'retrained without the flag' });
  });

  it('serves the forensic bundle with PII redacted although it was stored unredacted', async () => {
    const incidents = (await h.call('GET', '/api/v1/incidents?model=fraud', { role: 'viewer' })).body.incidents;
    const first = incidents.find((i: { anomaly: { id: string } }) => i.anomaly.id === 'a-op-1');
    expect(first).toMatchObject({ kind: 'detected', bundleDigest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const index = await h.call('GET', `/api/v1/forensics?incident=${first.id}`, { role: 'viewer' });
    expect(index.body.bundles).toEqual([expect.objectContaining({ digest: first.bundleDigest, incidentId: first.id })]);
    expect(index.text).not.toMatch(/location/);
    const stored = Buffer.from((await h.app.store.bundles.read(first.bundleDigest))!).toString('utf8');
    expect(stored).toContain('jane.doe@example.com');
    for (const id of [first.bundleDigest, first.bundleDigest.slice(0, 12), first.id]) {
      const bundle = await h.call('GET', `/api/v1/forensics/${id}`, { role: 'viewer' });
      expect(bundle.status).toBe(200);
      expect(bundle.body.entry.digest).toBe(first.bundleDigest);
      expect(bundle.body.bundle).toMatchObject({ redactedPii: true, storedRedactedPii: false });
      expect(bundle.body.bundle.events.some((e: { input: string }) => e.input.includes('[EMAIL]'))).toBe(true);
      expect(bundle.text).not.toContain('jane.doe@example.com');
    }
    const page = await h.call('GET', `/api/v1/forensics/${first.id}?offset=0&limit=1`, { role: 'viewer' });
    expect(page.body.bundle.events).toHaveLength(1);
    expect(page.body.events).toMatchObject({ offset: 0, limit: 1, total: expect.any(Number) });
  });
});

describe('feedback, missed attacks and the SLI metrics', () => {
  it('records verdicts (audited) and exposes precision, recall and times on the admin port', async () => {
    const incidents = (await h.call('GET', '/api/v1/incidents?kind=detected', { role: 'viewer' })).body.incidents as { id: string; anomaly: { id: string } }[];
    const byAnomaly = new Map(incidents.map((i) => [i.anomaly.id, i.id]));
    const tp = await h.call('POST', `/api/v1/incidents/${byAnomaly.get('a-op-1')}/feedback`, { role: 'operator', body: { verdict: 'true_positive', note: 'confirmed with the fraud team' } });
    expect(tp.status).toBe(200);
    expect(tp.body.feedback).toMatchObject({ verdict: 'true_positive', note: 'confirmed with the fraud team', actor: 'olga' });
    const fp = await h.call('POST', `/api/v1/incidents/${byAnomaly.get('a-op-2')}/feedback`, { role: 'operator', body: { verdict: 'false_positive' } });
    expect(fp.status).toBe(200);
    expect((await audit()).filter((e) => e.action === 'incident.feedback').map((e) => [e.actor, e.target, e.details['verdict']])).toEqual([
      ['olga', `incident:${byAnomaly.get('a-op-1')}`, 'true_positive'],
      ['olga', `incident:${byAnomaly.get('a-op-2')}`, 'false_positive'],
    ]);

    let text = await metrics();
    expect(text).toMatch(/^bulwark_detection_precision\{model="fraud"\} 0\.5$/m);
    expect(text).toMatch(/^bulwark_detection_recall\{model="fraud"\} 1$/m);
    expect(text).toMatch(/^bulwark_time_to_detect_seconds_count\{model="fraud"\} 2$/m);
    expect(text).toMatch(/^bulwark_time_to_mitigate_seconds_count\{model="fraud"\} 2$/m);

    const missed = await h.call('POST', '/api/v1/incidents', { role: 'operator', body: { kind: 'missed', model: 'fraud', version: 'v3', onsetAt: Date.now() - 60_000, note: 'slow extraction over a week' } });
    expect(missed.status).toBe(201);
    expect(missed.body).toMatchObject({ kind: 'missed', model: 'fraud', suspect: 'v3', state: 'resolved', id: expect.stringMatching(/^missed-/) });
    const again = await h.call('POST', `/api/v1/incidents/${missed.body.id}/feedback`, { role: 'operator', body: { verdict: 'true_positive' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'API_ERR_CONFLICT']);
    text = await metrics();
    expect(text).toMatch(/^bulwark_detection_recall\{model="fraud"\} 0\.5$/m);
    expect(text).toMatch(/^bulwark_detection_feedback\{model="fraud",verdict="missed"\} 1$/m);
    // A reported miss is not a detection: the time-to-detect histogram is unchanged.
    expect(text).toMatch(/^bulwark_time_to_detect_seconds_count\{model="fraud"\} 2$/m);
    expect((await h.call('GET', '/api/v1/incidents?kind=missed', { role: 'viewer' })).body.incidents.map((i: { id: string }) => i.id)).toEqual([missed.body.id]);
  });

  it('counts inference requests an inspector flagged in the query anomaly rate', async () => {
    const chat = (content: string): Promise<Response> =>
      fetch(`${h.app.addresses.dataPlane}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'assistant', messages: [{ role: 'user', content }] }) });
    for (const content of ['my card is 4111 1111 1111 1111, mail jane@example.com', 'what is the weather like']) await (await chat(content)).arrayBuffer();
    await vi.waitFor(
      async () => {
        const text = await metrics();
        expect(text).toMatch(/^bulwark_queries_total\{model="assistant"\} 2$/m);
        expect(text).toMatch(/^bulwark_query_anomalies_total\{model="assistant"\} 1$/m);
        expect(text).toMatch(/^bulwark_query_anomaly_rate\{model="assistant"\} 0\.5$/m);
      },
      { timeout: 10_000, interval: 20 },
    );
  });
});
