/**
 * Issue 8, "Done when": no alert is lost across restarts or sink outages. A real webhook
 * receiver and a PagerDuty-compatible one on 127.0.0.1 are down (connection refused),
 * alerts are enqueued in the SQLite outbox, the alerting app is shut down and a new one
 * starts on the same file while the sinks answer 503, then the sinks come back: every
 * alert arrives exactly once by its delivery key (the receiver counts acknowledged
 * deliveries per key), signed, and a re-emitted event after the restart is not sent again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlertReceiver } from '../../test/fixtures/alerts/alert-receiver.js';
import type { AlertReceiver, ReceivedRequest } from '../../test/fixtures/alerts/alert-receiver.js';
import { FakeTimers } from '../../test/helpers/fake-timers.js';
import { AlertEventBus, verifyWebhookSignature } from '../alerts/index.js';
import type { AlertCandidate } from '../alerts/index.js';
import { parseConfig } from '../config/index.js';
import type { BulwarkConfig } from '../config/index.js';
import { ManualClock } from '../shared/clock.js';
import { openSqliteStore } from '../store/index.js';
import type { SqliteStore } from '../store/index.js';
import { startAlerting } from './alerting-app.js';
import type { RunningAlerting } from './alerting-app.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const SECRET = 'hook-secret-123';

let dir: string;
let receiver: AlertReceiver;
let errors: Error[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-alert-restart-'));
  receiver = await startAlertReceiver();
  errors = [];
});
afterEach(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(): BulwarkConfig {
  const yaml = `
alerts:
  sinks:
    - { kind: webhook, url: "${receiver.url}/hooks/bulwark", secret: ${SECRET} }
    - { kind: pagerduty, routingKey: R0UTING, for: page }
  groupWindow: 0s
  rateCap: { max: 1000, window: 1m }
`;
  return parseConfig(yaml, { file: 'bulwark.yaml', env: {} });
}

/** One "process": a store on the file and the alerting app on it. */
async function boot(clock: ManualClock): Promise<{ store: SqliteStore; bus: AlertEventBus; app: RunningAlerting }> {
  const store = openSqliteStore({ path: join(dir, '.bulwark', 'bulwark.db'), clock });
  const bus = new AlertEventBus((e) => errors.push(e));
  const app = await startAlerting(config(), {
    source: bus,
    outbox: store.alerts,
    clock,
    timers: new FakeTimers(),
    random: () => 0.5,
    onError: (e) => errors.push(e),
    log: () => undefined,
    pagerDutyUrl: `${receiver.url}/v2/enqueue`,
  });
  return { store, bus, app };
}

const ALERTS: readonly AlertCandidate[] = [
  { id: 'a-1', source: 'anomaly', kind: 'rule', model: 'fraud', rule: 'entropy-collapse', version: 'v2', apiKeys: ['shop'], severity: 'page', action: 'rollback', incidentId: 'inc-aaa', summary: 'fraud v2: entropy collapsed', at: T0 },
  { id: 'a-2', source: 'anomaly', kind: 'extraction_suspected', model: 'fraud', rule: 'extraction', apiKeys: ['scraper'], severity: 'ticket', summary: 'fraud: key scraper looks like extraction', at: T0 },
  { id: 'a-3', source: 'anomaly', kind: 'rule', model: 'assistant', rule: 'injection-surge', version: '2026-11', severity: 'page', summary: 'assistant: prompt-injection surge', at: T0 },
  { id: 'fraud:4:5', source: 'incident', kind: 'frozen', model: 'fraud', rule: 'entropy-collapse', severity: 'page', action: 'freeze', incidentId: 'inc-aaa', condition: 'loop_guard', summary: 'fraud: breaker frozen (loop guard)', at: T0 },
];

/** Where a request was going and its key: the webhook's idempotency-key, PagerDuty's dedup_key + action. */
function deliveryOf(req: ReceivedRequest): string {
  if (req.path === '/v2/enqueue') {
    const event = JSON.parse(req.raw) as { dedup_key: string; event_action: string; payload?: { class?: string } };
    return `pagerduty ${event.dedup_key} ${event.payload?.class ?? event.event_action}`;
  }
  return `webhook ${String(req.headers['idempotency-key'])}`;
}

describe('issue 8: the alert outbox across a sink outage and a restart', () => {
  it('delivers every alert exactly once by its key after the sinks come back', async () => {
    await receiver.stop(); // connection refused
    const clock1 = new ManualClock(T0);
    const first = await boot(clock1);
    for (const candidate of ALERTS) first.bus.publish({ type: 'candidate', candidate });
    await first.app.dispatcher.forceFlush();
    const queued = await first.store.alerts.list();
    // 3 pages to both sinks, 1 ticket to the webhook only; the incident's two stages are two deliveries.
    const bySink = (kind: string): string[] => queued.filter((i) => i.sink.startsWith(`${kind}-`)).map((i) => `${i.payload.rule} ${i.key.split(':').at(-1)}`).sort();
    expect(bySink('webhook')).toEqual(['entropy-collapse frozen', 'entropy-collapse opened', 'extraction trigger', 'injection-surge trigger']);
    expect(bySink('pagerduty')).toEqual(['entropy-collapse frozen', 'entropy-collapse opened', 'injection-surge trigger']);
    expect(queued.every((i) => i.status === 'pending' && i.attempts === 1 && i.lastStatus === 0 && /ECONNREFUSED/.test(i.lastError ?? ''))).toBe(true);
    await first.app.shutdown();
    await first.store.shutdown();

    // A new process on the same file; the sinks listen again but answer 503 for now.
    await receiver.listen();
    receiver.answer(503);
    const clock2 = new ManualClock(T0 + 60_000);
    const second = await boot(clock2);
    await second.app.dispatcher.forceFlush();
    expect(receiver.requests).toHaveLength(7);
    expect(receiver.acknowledged.size).toBe(0);
    // The orchestrator resumes and re-emits the frozen alert (same id): nothing new is queued.
    second.bus.publish({ type: 'candidate', candidate: ALERTS[3] as AlertCandidate });
    await second.app.dispatcher.forceFlush();
    expect(await second.store.alerts.depth()).toEqual({ pending: 7, delivered: 0, dead: 0 });

    receiver.up(); // the sinks are back
    clock2.advance(10_000); // past every backoff
    await second.app.dispatcher.forceFlush();
    clock2.advance(60_000);
    await second.app.dispatcher.forceFlush();

    const delivered = receiver.requests.filter((r) => r.status === 200);
    const byKey = new Map<string, number>();
    for (const r of delivered) byKey.set(deliveryOf(r), (byKey.get(deliveryOf(r)) ?? 0) + 1);
    expect([...byKey.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect([...receiver.acknowledged.values()]).toEqual([1, 1, 1, 1]); // the webhook's idempotency keys
    expect([...receiver.acknowledged.keys()].sort()).toEqual(queued.filter((i) => i.sink.startsWith('webhook')).map((i) => i.key).sort());
    for (const r of delivered.filter((x) => x.path === '/hooks/bulwark')) {
      expect(() =>
        verifyWebhookSignature({ secret: SECRET, body: r.raw, signature: r.headers['x-bulwark-signature'] as string, timestamp: r.headers['x-bulwark-timestamp'] as string, nowSeconds: Math.floor(clock2.now() / 1000) }),
      ).not.toThrow();
    }
    expect(await second.store.alerts.depth()).toEqual({ pending: 0, delivered: 7, dead: 0 });
    await second.app.shutdown();
    await second.store.shutdown();
    expect(errors).toEqual([]);
  });

  it('a process that died holding claims: the claims expire and the next process delivers each alert once', async () => {
    const clock = new ManualClock(T0);
    const first = await boot(clock);
    await receiver.stop();
    first.bus.publish({ type: 'candidate', candidate: ALERTS[2] as AlertCandidate });
    await first.app.dispatcher.forceFlush();
    // It claims again when due, and dies mid-delivery (no settle, no release).
    clock.advance(5_000);
    const held = await first.store.alerts.claim({ owner: 'crashed', now: clock.now(), leaseMs: 60_000, limit: 10 });
    expect(held).toHaveLength(2);
    await first.store.shutdown();

    await receiver.listen();
    const second = await boot(clock);
    await second.app.dispatcher.forceFlush();
    expect(receiver.requests).toHaveLength(0); // still claimed by the dead process
    clock.advance(60_000);
    await second.app.dispatcher.forceFlush();
    expect(receiver.requests.map(deliveryOf).sort()).toEqual([`pagerduty ${held[0]?.dedupeKey} anomaly:rule`, `webhook ${held[0]?.key}`].sort());
    expect((await second.store.alerts.list()).map((i) => [i.status, i.attempts])).toEqual([
      ['delivered', 3],
      ['delivered', 3],
    ]);
    await second.app.shutdown();
    await second.store.shutdown();
  });
});
