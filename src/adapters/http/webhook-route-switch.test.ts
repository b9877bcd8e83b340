/**
 * The webhook route switch against a receiver on a real socket: the payload, the
 * Idempotency-Key derived from model and epoch, retries with backoff on 5xx, no retry on
 * 4xx; and with the orchestrator, a restart re-sends the latest route under the same key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, T0 } from '../../../test/fixtures/rollback/harness.js';
import { startWebhookServer } from '../../../test/fixtures/rollback/webhook-server.js';
import type { WebhookServer } from '../../../test/fixtures/rollback/webhook-server.js';
import { rejected } from '../../../test/helpers/errors.js';
import { systemGatewayTimers } from '../../app/gateway-app.js';
import { ManualClock } from '../../shared/clock.js';
import { UndiciPoster } from './undici-poster.js';
import { WebhookRouteSwitch, routeIdempotencyKey } from './webhook-route-switch.js';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
let hooks: WebhookServer;

beforeEach(async () => {
  hooks = await startWebhookServer();
});
afterEach(async () => {
  await hooks.close();
});

function routes(): WebhookRouteSwitch {
  return new WebhookRouteSwitch({ url: `${hooks.url}/routes`, http: new UndiciPoster({ timeoutMs: 2_000 }), timers: systemGatewayTimers, clock: new ManualClock(T0), random: Math.random, policy: fast });
}

describe('WebhookRouteSwitch', () => {
  it('POSTs the route with an idempotency key derived from model and epoch', async () => {
    const r = routes();
    expect(r.current('fraud')).toBeUndefined();
    await r.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'bulwark:rollback', reason: 'entropy-collapse', epoch: 7 });
    expect(hooks.received).toEqual([
      {
        path: '/routes',
        key: routeIdempotencyKey('fraud', 7),
        event: 'route',
        body: { type: 'bulwark.route', schemaVersion: 1, model: 'fraud', epoch: 7, route: { active: 'v1', lkg: 'v1' }, actor: 'bulwark:rollback', reason: 'entropy-collapse', at: new Date(T0).toISOString() },
      },
    ]);
    expect(r.current('fraud')).toEqual({ active: 'v1', lkg: 'v1' });
    expect(routeIdempotencyKey('fraud', 7)).not.toBe(routeIdempotencyKey('fraud', 8));
  });

  it('retries 5xx with backoff under the same key, and gives up at once on a 4xx', async () => {
    const r = routes();
    hooks.failNext(2, 503);
    await r.switch('fraud', { active: 'v1' }, { actor: 'a', reason: 'r', epoch: 1 });
    expect(hooks.attempts()).toBe(3);
    hooks.failNext(1, 400);
    const err = await rejected(r.switch('fraud', { active: 'v2' }, { actor: 'a', reason: 'r', epoch: 2 }));
    expect(err.code).toBe('RBK_ERR_ROUTE_SWITCH_FAILED');
    expect(hooks.attempts()).toBe(4);
    expect(r.current('fraud')).toEqual({ active: 'v1' }); // unchanged: the last delivered route
    hooks.failNext(10, 502);
    expect((await rejected(r.switch('fraud', { active: 'v2' }, { actor: 'a', reason: 'r', epoch: 3 }))).message).toMatch(/after 4 attempt/);
  });

  it('drives the orchestrator: a restart re-sends the latest route under the same key', async () => {
    const h = await harness({ extra: { routes: routes() } });
    await h.orchestrator.onAnomaly({ model: 'fraud', id: 'a-1', rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset: T0 });
    const first = hooks.received.filter((d) => d.event === 'route');
    expect(first.map((d) => (d.body as { route: unknown }).route)).toEqual([{ active: 'v2', lkg: 'v1' }, { active: 'v1', lkg: 'v1' }]); // re-pin at start, then the rollback
    await h.orchestrator.shutdown();
    await (await h.restart({ routes: routes() })).shutdown();
    const all = hooks.received.filter((d) => d.event === 'route');
    expect(all).toHaveLength(3);
    expect(all[2]?.key).toBe(all[1]?.key);
    expect(hooks.processed.size).toBe(2);
  });
});
