/**
 * The sinks against a receiver on a real socket (127.0.0.1, port 0) through the undici
 * poster: the webhook's body, idempotency key and signature (verified on the exact bytes
 * received), Slack and PagerDuty payloads, the log line, and how statuses and a refused
 * connection read (2xx delivered; 429, 5xx, network retried; other 4xx failed).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlertReceiver } from '../../../test/fixtures/alerts/alert-receiver.js';
import type { AlertReceiver } from '../../../test/fixtures/alerts/alert-receiver.js';
import { verifyWebhookSignature } from '../../alerts/index.js';
import type { AlertNotification } from '../../alerts/index.js';
import { ManualClock } from '../../shared/clock.js';
import { UndiciPoster } from '../http/undici-poster.js';
import { LogSink, logLine } from './log-sink.js';
import { PagerDutySink, pagerDutyEvent } from './pagerduty-sink.js';
import { SlackSink, slackPayload } from './slack-sink.js';
import { WebhookSink } from './webhook-sink.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const http = new UndiciPoster({ timeoutMs: 2_000 });

const NOTE: AlertNotification = {
  type: 'alert',
  action: 'trigger',
  key: 'incident/inc-1:opened',
  dedupeKey: 'incident/inc-1',
  severity: 'page',
  summary: 'fraud v2: rule entropy-collapse fired: entropy(input_fingerprint) < baseline.p01 (observed 0.4, expected 3.1) <b>&',
  source: 'anomaly',
  kind: 'rule',
  model: 'fraud',
  rule: 'entropy-collapse',
  version: 'v2',
  apiKeys: ['shop'],
  incidentId: 'inc-1',
  automatedAction: 'rollback',
  count: 1,
  repeatsBefore: 0,
  firstSeenAt: T0 - 1_000,
  at: T0,
  runbook: { id: 'entropy-collapse', title: 'Entropy collapse', url: 'https://runbooks.example/bulwark/entropy-collapse.md' },
  related: [{ id: 'untrusted-window', title: 'Untrusted-window follow-up', url: 'https://runbooks.example/bulwark/untrusted-window.md' }],
  details: { observed: 0.4 },
};

let receiver: AlertReceiver;
beforeEach(async () => {
  receiver = await startAlertReceiver();
});
afterEach(async () => {
  await receiver.close();
});

describe('WebhookSink', () => {
  it('POSTs the JSON envelope with the delivery key, signed over the timestamp and the exact bytes', async () => {
    const clock = new ManualClock(T0);
    const sink = new WebhookSink({ url: `${receiver.url}/hooks/bulwark`, secret: 'hook-secret', accepts: ['page', 'ticket'], http, clock });
    expect(sink.id).toMatch(/^webhook-[0-9a-f]{8}$/);
    expect(await sink.deliver(NOTE, { key: NOTE.key, attempt: 2 })).toEqual({ outcome: 'delivered', status: 200 });
    const [req] = receiver.requests;
    expect(req?.path).toBe('/hooks/bulwark');
    expect(req?.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'incident/inc-1:opened', 'x-bulwark-event': 'alert', 'x-bulwark-attempt': '2', 'x-bulwark-timestamp': String(T0 / 1000) });
    expect(JSON.parse(req?.raw ?? '')).toEqual({ type: 'bulwark.alert', schemaVersion: 1, alert: NOTE });
    const verify = (body: string, secret = 'hook-secret') =>
      verifyWebhookSignature({ secret, body, signature: req?.headers['x-bulwark-signature'] as string, timestamp: req?.headers['x-bulwark-timestamp'] as string, nowSeconds: T0 / 1000 + 10 });
    expect(() => verify(req?.raw ?? '')).not.toThrow();
    expect(() => verify(`${req?.raw ?? ''} `)).toThrow(expect.objectContaining({ code: 'ALR_ERR_BAD_SIGNATURE' }));
    expect(() => verify(req?.raw ?? '', 'wrong')).toThrow(expect.objectContaining({ code: 'ALR_ERR_BAD_SIGNATURE' }));
  });

  it('sends no signature without a secret', async () => {
    const sink = new WebhookSink({ url: receiver.url, accepts: ['page'], http, clock: new ManualClock(T0) });
    await sink.deliver(NOTE, { key: NOTE.key, attempt: 1 });
    expect(receiver.requests[0]?.headers['x-bulwark-signature']).toBeUndefined();
  });

  it('reads 2xx as delivered; 429, 5xx and a refused connection as retry; other 4xx as failed for good', async () => {
    const sink = new WebhookSink({ url: receiver.url, accepts: ['page'], http, clock: new ManualClock(T0) });
    const outcome = async (status: number) => {
      receiver.answer(status);
      return sink.deliver(NOTE, { key: NOTE.key, attempt: 1 });
    };
    expect(await outcome(204)).toEqual({ outcome: 'delivered', status: 204 });
    expect(await outcome(429)).toEqual({ outcome: 'retry', error: 'HTTP 429', status: 429 });
    expect(await outcome(503)).toEqual({ outcome: 'retry', error: 'HTTP 503', status: 503 });
    expect(await outcome(400)).toEqual({ outcome: 'failed', error: 'HTTP 400', status: 400 });
    expect(await outcome(410)).toMatchObject({ outcome: 'failed' });
    await receiver.stop();
    const refused = await sink.deliver(NOTE, { key: NOTE.key, attempt: 1 });
    expect(refused).toMatchObject({ outcome: 'retry', status: 0, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('SlackSink', () => {
  it('posts an incoming-webhook payload: text fallback and blocks with fields and the runbook link', async () => {
    const sink = new SlackSink({ url: `${receiver.url}/services/T0/B0/X`, accepts: ['ticket'], http });
    expect(await sink.deliver(NOTE)).toEqual({ outcome: 'delivered', status: 200 });
    const body = JSON.parse(receiver.requests[0]?.raw ?? '') as { text: string; blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[] };
    expect(body).toEqual(slackPayload(NOTE));
    expect(body.text).toBe(`:rotating_light: [PAGE] ${NOTE.summary}`);
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[0]?.text?.text).toBe('[PAGE] fraud · entropy-collapse');
    expect(body.blocks[1]?.text?.text).toContain('&lt;b&gt;&amp;');
    expect(body.blocks[2]?.fields?.map((f) => f.text)).toEqual(['*Severity*\npage', '*Version*\nv2', '*API keys*\nshop', '*Automated action*\nrollback', '*Incident*\ninc-1']);
    expect(body.blocks[3]?.elements?.[0]?.text).toBe(
      'Runbook: <https://runbooks.example/bulwark/entropy-collapse.md|Entropy collapse> · see also <https://runbooks.example/bulwark/untrusted-window.md|Untrusted-window follow-up> · key `incident/inc-1`',
    );
  });

  it('lists group members and marks resolves', () => {
    const group = slackPayload({ ...NOTE, type: 'group', members: [{ dedupeKey: 'a', summary: 'first', severity: 'page', at: T0, count: 3 }], moreMembers: 2 });
    expect(group.blocks.find((b) => (b['text'] as { text?: string } | undefined)?.text?.startsWith('• '))).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '• first (×3)\n…and 2 more' } });
    expect(slackPayload({ ...NOTE, action: 'resolve' }).text).toMatch(/^:white_check_mark: \[RESOLVED\] /);
  });
});

describe('PagerDutySink', () => {
  it('sends an Events API v2 trigger: routing key, dedup_key = the alert dedupe key, payload, runbook links', async () => {
    receiver.up(202);
    const sink = new PagerDutySink({ routingKey: 'R0UTING', accepts: ['page'], http, url: `${receiver.url}/v2/enqueue` });
    expect(await sink.deliver(NOTE)).toEqual({ outcome: 'delivered', status: 202 });
    const event = JSON.parse(receiver.requests[0]?.raw ?? '');
    expect(event).toEqual({
      routing_key: 'R0UTING',
      event_action: 'trigger',
      dedup_key: 'incident/inc-1',
      client: 'bulwark',
      payload: {
        summary: NOTE.summary,
        source: 'bulwark/fraud',
        severity: 'critical',
        timestamp: new Date(T0 - 1_000).toISOString(),
        component: 'fraud',
        group: 'entropy-collapse',
        class: 'anomaly:rule',
        custom_details: { observed: 0.4, type: 'alert', version: 'v2', apiKeys: ['shop'], incidentId: 'inc-1', automatedAction: 'rollback', count: 1, runbook: NOTE.runbook.url },
      },
      links: [
        { href: NOTE.runbook.url, text: 'Runbook: Entropy collapse' },
        { href: NOTE.related[0]?.url, text: 'Runbook: Untrusted-window follow-up' },
      ],
    });
  });

  it('resolves by dedup_key, maps ticket to warning, keeps repository paths out of links, cuts long summaries', () => {
    expect(pagerDutyEvent('R', { ...NOTE, action: 'resolve' })).toEqual({ routing_key: 'R', event_action: 'resolve', dedup_key: 'incident/inc-1' });
    const ticket = pagerDutyEvent('R', { ...NOTE, severity: 'ticket', summary: 'x'.repeat(2_000), runbook: { id: 'drift', title: 'Drift', url: 'docs/runbooks/drift.md' }, related: [] });
    expect(ticket.event_action === 'trigger' && [ticket.payload.severity, ticket.payload.summary.length, ticket.links, ticket.payload.custom_details['runbook']]).toEqual(['warning', 1024, [], 'docs/runbooks/drift.md']);
  });
});

describe('LogSink', () => {
  it('writes one JSON line per notification', async () => {
    const lines: string[] = [];
    const sink = new LogSink({ id: 'log-0', accepts: ['page', 'ticket', 'info'], write: (line) => lines.push(line) });
    expect(await sink.deliver(NOTE, { key: NOTE.key, attempt: 1 })).toEqual({ outcome: 'delivered' });
    expect(lines).toEqual([logLine(NOTE, NOTE.key)]);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ event: 'bulwark.alert', time: new Date(T0).toISOString(), deliveryKey: NOTE.key, severity: 'page', dedupeKey: 'incident/inc-1' });
    const failing = new LogSink({ id: 'log-1', accepts: ['info'], write: () => { throw new Error('EPIPE'); } });
    expect(await failing.deliver(NOTE, { key: NOTE.key, attempt: 1 })).toEqual({ outcome: 'retry', error: 'log writer threw: EPIPE' });
  });
});
