/**
 * Shadow mirroring over real sockets (issue 4, item 4): a share of requests is copied to the
 * shadow version after the primary answer was sent, compared (classifier: predicted label;
 * chat: normalised answer and refusal flag) and reported as a ShadowEvent and metrics; a
 * failing shadow is "could not measure"; a slow or hanging shadow never delays the client;
 * a full queue drops and counts.
 */
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { netPoolFactory } from '../../../src/adapters/http/net-upstream.js';
import { systemGatewayTimers } from '../../../src/app/gateway-app.js';
import type { BulwarkConfigInput } from '../../../src/config/index.js';
import type { DetectEvent } from '../../../src/detect/index.js';
import { Gateway } from '../../../src/gateway/index.js';
import type { GatewayOptions, RequestEvent, ShadowEvent } from '../../../src/gateway/index.js';
import { systemClock } from '../../../src/shared/clock.js';
import { createMemoryStore } from '../../../src/store/index.js';
import { jsonHeaders, parseTestConfig, testConfig } from '../../helpers/test-gateway.js';
import { startOipFixture } from './oip-fixture.js';
import type { OipFixture } from './oip-fixture.js';

const oipAnswer = (version: string, data: number[]): string => JSON.stringify({ model_name: 'fraud', model_version: version, outputs: [{ name: 'p', datatype: 'FP32', shape: [1, 2], data }] });
const PRIMARY = oipAnswer('v2', [0.1, 0.9]);
const AGREE = oipAnswer('v1', [0.3, 0.7]);
const DISAGREE = oipAnswer('v1', [0.8, 0.2]);
const INPUT = Buffer.from('{"inputs":[{"name":"x","datatype":"FP32","shape":[1,3],"data":[0.5, 1.5, 2.5]}]}');

interface Setup {
  readonly gateway: Gateway;
  readonly url: string;
  readonly admin: string;
  readonly primary: OipFixture;
  readonly shadow: OipFixture;
  readonly chatPrimary: OipFixture;
  readonly chatShadow: OipFixture;
  readonly log: string[];
  readonly events: RequestEvent[];
  readonly shadowEvents: ShadowEvent[];
  readonly errors: Error[];
}

let running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const r of running.reverse()) await r.close();
  running = [];
});

async function setup(options: { percent?: number; shadowBody?: string; extra?: Partial<GatewayOptions> } = {}): Promise<Setup> {
  const log: string[] = [];
  const primary = await startOipFixture('primary', log, PRIMARY);
  const shadow = await startOipFixture('shadow', log, options.shadowBody ?? AGREE);
  const chatPrimary = await startOipFixture('chat-primary', log, PRIMARY, 'Hello from the assistant!');
  const chatShadow = await startOipFixture('chat-shadow', log, PRIMARY, 'hello   FROM the assistant');
  running.push(primary, shadow, chatPrimary, chatShadow);
  const input: BulwarkConfigInput = testConfig({ fraud: { v1: shadow.url, v2: primary.url }, assistant: { a1: chatShadow.url, a2: chatPrimary.url } });
  const models = input.models as NonNullable<BulwarkConfigInput['models']>;
  (models['fraud'] as { route: unknown }).route = { active: 'v2', lkg: 'v1', shadow: { version: 'v1', percent: options.percent ?? 100 } };
  (models['assistant'] as { route: unknown }).route = { active: 'a2', lkg: 'a1', shadow: { version: 'a1', percent: 100 } };
  const store = createMemoryStore();
  const errors: Error[] = [];
  const gateway = new Gateway({
    config: parseTestConfig(input),
    upstreams: netPoolFactory,
    ledgerStore: store.ledger,
    clock: systemClock,
    monotonic: () => performance.now(),
    timers: systemGatewayTimers,
    random: Math.random,
    onError: (e) => void errors.push(e),
    ...options.extra,
  });
  const { dataPlane, admin } = await gateway.start();
  running.push({ close: async () => { shadow.release(); await gateway.shutdown(); await store.shutdown(); } });
  const events: RequestEvent[] = [];
  const shadowEvents: ShadowEvent[] = [];
  gateway.events.subscribe((e) => void events.push(e));
  gateway.shadowEvents.subscribe((e) => void shadowEvents.push(e));
  return { gateway, url: dataPlane, admin: admin as string, primary, shadow, chatPrimary, chatShadow, log, events, shadowEvents, errors };
}

async function infer(s: Setup): Promise<{ status: number; id: string; body: Buffer; doneAt: number }> {
  const res = await request(`${s.url}/v2/models/fraud/infer`, { method: 'POST', headers: jsonHeaders(), body: INPUT });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, id: res.headers['x-request-id'] as string, body, doneAt: systemClock.now() };
}

async function metric(s: Setup, line: string): Promise<string | undefined> {
  const text = (await s.gateway.metrics.scrape()).body;
  return text.split('\n').find((l) => l.startsWith(line));
}

describe('classifier shadow', () => {
  it('mirrors the exact request bytes after the response and reports agreement by label', async () => {
    const s = await setup();
    const res = await infer(s);
    expect(res.body.toString()).toBe(PRIMARY);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(1));
    const event = s.shadowEvents[0] as ShadowEvent;
    expect(event).toMatchObject({ kind: 'shadow', requestId: res.id, model: 'fraud', version: 'v2', shadowVersion: 'v1', endpoint: 'oip-infer', apiKeyId: 'shop', shadowStatus: 200 });
    expect(event.signals).toMatchObject({ shadow_disagree: false });
    expect(event.signals['shadow_error']).toBeUndefined();
    expect(event.primary?.labels).toEqual([1]);
    const mirrored = s.shadow.received[0];
    expect(mirrored?.body.equals(INPUT)).toBe(true);
    expect(mirrored?.headers['x-bulwark-shadow']).toBe('1');
    expect(mirrored?.headers['x-request-id']).toBe(res.id);
    expect(mirrored?.headers.authorization).toBeUndefined();
    expect(mirrored?.url).toBe('/v2/models/fraud/infer');
    expect(await metric(s, 'bulwark_gateway_shadow_requests_total{model="fraud",version="v2",shadow_version="v1"}')).toMatch(/ 1$/);
    expect(await metric(s, 'bulwark_gateway_shadow_disagreements_total')).toBeUndefined();
  });

  it('reports a different predicted label as shadow_disagree, after the RequestEvent', async () => {
    const s = await setup({ shadowBody: DISAGREE });
    const res = await infer(s);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(1));
    expect(s.shadowEvents[0]?.signals['shadow_disagree']).toBe(true);
    expect(s.shadowEvents[0]?.shadow?.labels).toEqual([0]);
    expect(s.events.map((e) => e.requestId)).toEqual([res.id]);
    expect(s.events[0]?.signals['shadow_disagree']).toBeUndefined();
    expect(s.shadowEvents[0]?.timings.receivedAt).toBe(s.events[0]?.timings.receivedAt);
    expect(await metric(s, 'bulwark_gateway_shadow_disagreements_total{model="fraud",version="v2",shadow_version="v1"}')).toMatch(/ 1$/);
  });

  it('turns a failing shadow into shadow_error ("could not measure"), never a disagreement', async () => {
    const s = await setup();
    s.shadow.status = 500;
    await infer(s);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(1));
    expect(s.shadowEvents[0]).toMatchObject({ failure: 'status', shadowStatus: 500, signals: { shadow_error: true } });
    expect(s.shadowEvents[0]?.signals['shadow_disagree']).toBeUndefined();
    await s.shadow.close();
    const res = await infer(s);
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(2));
    expect(s.shadowEvents[1]).toMatchObject({ failure: 'connect', errorCode: 'GW_ERR_UPSTREAM_UNAVAILABLE', signals: { shadow_error: true } });
    expect(await metric(s, 'bulwark_gateway_shadow_errors_total{model="fraud",version="v2",shadow_version="v1",kind="status"}')).toMatch(/ 1$/);
    expect(await metric(s, 'bulwark_gateway_shadow_errors_total{model="fraud",version="v2",shadow_version="v1",kind="connect"}')).toMatch(/ 1$/);
  });

  it('compares the primary as its upstream answered, even when output hardening rewrote what the client got', async () => {
    const s = await setup();
    s.gateway.harden('fraud', undefined, { labelOnly: true }, systemClock.now() + 60_000);
    const res = await infer(s);
    expect(res.body.toString()).toBe('{"model_name":"fraud","model_version":"v2","outputs":[{"name":"p","datatype":"INT64","shape":[1],"data":[1]}]}');
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(1));
    expect(s.shadowEvents[0]).toMatchObject({ signals: { shadow_disagree: false }, primary: { labels: [1] }, shadow: { labels: [1] } });
  });

  it('mirrors the configured share only, and never a request served by the shadow version itself', async () => {
    // Each request draws once for the route (100% on v2), then once for the shadow: 0.05 and 0.09 are under 10%.
    const draws = [0.5, 0.05, 0.5, 0.5, 0.5, 0.95, 0.5, 0.09, 0.5, 0.1];
    let i = 0;
    const s = await setup({ percent: 10, extra: { random: () => draws[i++ % draws.length] as number } });
    for (let n = 0; n < 5; n++) await infer(s);
    await s.gateway.shadow.forceFlush();
    expect(s.shadow.received).toHaveLength(2);
    await s.gateway.routes.switch('fraud', { active: 'v1', lkg: 'v2', shadow: { version: 'v1', percent: 100 } }, { actor: 'test', reason: 'self-shadow' });
    await infer(s);
    await s.gateway.shadow.forceFlush();
    expect(s.shadow.received).toHaveLength(3); // the request itself, served by v1; not mirrored to v1 again
  });
});

describe('the detection engine', () => {
  it('can ingest ShadowEvents as they are (same shape as a request event, shadow signals only)', () => {
    expectTypeOf<ShadowEvent>().toMatchTypeOf<DetectEvent>();
  });
});

describe('chat shadow', () => {
  it('compares normalised answers and the refusal flag, streamed or not', async () => {
    const s = await setup();
    const chat = (stream: boolean) => request(`${s.url}/v1/chat/completions`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify({ model: 'assistant', stream, messages: [{ role: 'user', content: 'hi' }] }) }).then((r) => r.body.text());
    await chat(false);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(1));
    expect(s.shadowEvents[0]).toMatchObject({ endpoint: 'chat', version: 'a2', shadowVersion: 'a1', signals: { shadow_disagree: false, shadow_refusal_disagree: false } });
    s.chatShadow.chatText = "I'm sorry, but I can't help with that.";
    await chat(true);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(2));
    expect(s.shadowEvents[1]).toMatchObject({ signals: { shadow_disagree: true, shadow_refusal_disagree: true }, primary: { refusal: false }, shadow: { refusal: true } });
  });
});

describe('never on the request path', () => {
  it('sends the mirror only once the client has the whole primary answer', async () => {
    const s = await setup();
    let open!: () => void;
    s.primary.splitGate = new Promise<void>((resolve) => (open = resolve));
    const pending = infer(s);
    await vi.waitFor(() => expect(s.log).toContain('primary:first-half-sent'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.shadow.received).toHaveLength(0);
    open();
    const res = await pending;
    expect(res.body.toString()).toBe(PRIMARY);
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(1));
    expect(s.log.indexOf('primary:answered')).toBeLessThan(s.log.indexOf('shadow:received'));
  });

  it('a hanging shadow does not hold back any primary answer (latency with the shadow hanging vs absent)', async () => {
    const s = await setup();
    const n = 40;
    const done = new Map<string, number>();
    const time = async (): Promise<number> => {
      const start = performance.now();
      const res = await infer(s);
      expect(res.status).toBe(200);
      done.set(res.id, res.doneAt);
      return performance.now() - start;
    };
    await s.gateway.routes.switch('fraud', { active: 'v2', lkg: 'v1' }, { actor: 'test', reason: 'no shadow' });
    const absent: number[] = [];
    for (let k = 0; k < n; k++) absent.push(await time());
    await s.gateway.routes.switch('fraud', { active: 'v2', lkg: 'v1', shadow: { version: 'v1', percent: 100 } }, { actor: 'test', reason: 'shadow' });
    s.shadow.hold = true;
    const hanging: number[] = [];
    for (let k = 0; k < n; k++) {
      hanging.push(await time());
      // Causality: this answer is complete while no shadow answer was ever released.
      expect(s.shadow.answered).toBe(0);
    }
    await vi.waitFor(() => expect(s.events).toHaveLength(2 * n));
    expect(s.shadowEvents).toHaveLength(0);
    const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1] as number;
    console.info(`primary latency, ms: shadow absent p50 ${q(absent, 50).toFixed(2)} p90 ${q(absent, 90).toFixed(2)}; shadow hanging p50 ${q(hanging, 50).toFixed(2)} p90 ${q(hanging, 90).toFixed(2)}`);
    s.shadow.release();
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(n));
    for (const e of s.shadowEvents) expect(e.comparedAt).toBeGreaterThanOrEqual(done.get(e.requestId) as number);
  });

  it('drops mirrored requests beyond the bounded queue and counts them', async () => {
    const s = await setup({ extra: { shadow: { concurrency: 1, queue: 2 } } });
    s.shadow.hold = true;
    for (let k = 0; k < 6; k++) expect((await infer(s)).status).toBe(200);
    await vi.waitFor(() => expect(s.shadow.received).toHaveLength(1));
    const scrape = await request(`${s.admin}/metrics`).then((r) => r.body.text());
    expect(scrape).toContain('bulwark_gateway_shadow_dropped_total{model="fraud",reason="queue_full"} 3');
    expect(scrape).toContain('bulwark_gateway_shadow_queued 2');
    s.shadow.release();
    await vi.waitFor(() => expect(s.shadowEvents).toHaveLength(3));
    expect(await metric(s, 'bulwark_gateway_shadow_requests_total{model="fraud",version="v2",shadow_version="v1"}')).toMatch(/ 3$/);
  });
});
