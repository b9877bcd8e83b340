/**
 * The ShadowMirror's bounds without sockets: at most `concurrency` calls, a queue bounded
 * by count and by bytes (drops counted by reason), shutdown dropping what waits and
 * waiting for what runs, and a ShadowEvent per finished call.
 */
import { describe, expect, it } from 'vitest';
import type { ShadowEvent } from '../events/shadow-event.js';
import type { UpstreamTarget } from '../gateway-state.js';
import { GatewayMetrics } from '../metrics.js';
import type { UpstreamPool, UpstreamSink } from '../ports.js';
import { ShadowMirror } from './shadow-mirror.js';
import type { ShadowJob } from './shadow-mirror.js';

const ANSWER = Buffer.from('{"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.2,0.8]}]}');

function harness(limits: { concurrency: number; queue: number; queueBytes?: number }) {
  const sinks: UpstreamSink[] = [];
  const flow = { pause: () => undefined, resume: () => undefined, abort: () => undefined };
  const pool: UpstreamPool = { send: (_request, sink) => (sinks.push(sink), flow), close: async () => undefined };
  const target: UpstreamTarget = { version: 'v1', origin: 'http://shadow', basePath: '', timeoutMs: 1_000, pool };
  const metrics = new GatewayMetrics({ ledgerLag: () => 0, routeEpochs: () => [], inFlight: () => 0, ready: () => true });
  const events: ShadowEvent[] = [];
  const mirror = new ShadowMirror({
    ...limits,
    clock: { now: () => 0 },
    monotonic: () => 0,
    timers: { setImmediate: (cb) => queueMicrotask(cb) },
    onError: (e) => {
      throw e;
    },
    metrics,
    events: { hasSubscribers: true, publish: (e) => void events.push(e) },
  });
  const job = (n: number, bytes = 10): ShadowJob => ({
    requestId: `r${n}`, endpoint: 'oip-infer', protocol: 'oip-v2', model: 'fraud', version: 'v2', shadowVersion: 'v1', target, routeEpoch: 1, apiKeyId: undefined,
    receivedAt: 0, path: '/v2/models/fraud/infer', headers: [], body: Buffer.alloc(bytes), primaryBody: ANSWER, primaryText: undefined,
  });
  const answer = (sink: UpstreamSink): void => {
    sink.onStart(200, { 'content-type': 'application/json' }, { pause() {}, resume() {}, abort() {} });
    sink.onData(ANSWER);
    sink.onEnd();
  };
  const dropped = async (reason: string): Promise<string | undefined> => (await metrics.scrape()).body.split('\n').find((l) => l.startsWith(`bulwark_gateway_shadow_dropped_total{model="fraud",reason="${reason}"}`));
  return { mirror, sinks, events, job, answer, dropped };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ShadowMirror', () => {
  it('runs at most `concurrency` calls, queues up to `queue`, drops and counts the rest', async () => {
    const h = harness({ concurrency: 2, queue: 1 });
    const accepted = [1, 2, 3, 4, 5].map((n) => h.mirror.offer(h.job(n)));
    expect(accepted).toEqual([true, true, true, false, false]);
    await tick();
    expect(h.sinks).toHaveLength(2);
    expect(h.mirror.queued).toBe(1);
    expect(await h.dropped('queue_full')).toMatch(/ 2$/);
    h.answer(h.sinks[0] as UpstreamSink);
    await tick();
    expect(h.sinks).toHaveLength(3);
    expect(h.events.map((e) => [e.requestId, e.signals['shadow_disagree']])).toEqual([['r1', false]]);
  });

  it('bounds the bytes held by waiting jobs', async () => {
    const h = harness({ concurrency: 1, queue: 100, queueBytes: 500 });
    h.mirror.offer(h.job(1, 10));
    expect(h.mirror.offer(h.job(2, 300))).toBe(true);
    expect(h.mirror.offer(h.job(3, 300))).toBe(false);
    expect(await h.dropped('queue_full')).toMatch(/ 1$/);
  });

  it('shutdown drops what waits, waits for the calls in flight, and refuses new jobs', async () => {
    const h = harness({ concurrency: 1, queue: 10 });
    h.mirror.offer(h.job(1));
    h.mirror.offer(h.job(2));
    await tick();
    let stopped = false;
    const stopping = h.mirror.shutdown().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    expect(await h.dropped('shutdown')).toMatch(/ 1$/);
    h.answer(h.sinks[0] as UpstreamSink);
    await stopping;
    expect(h.events).toHaveLength(1);
    expect(h.mirror.offer(h.job(3))).toBe(false);
    expect(await h.dropped('shutdown')).toMatch(/ 2$/);
  });
});
