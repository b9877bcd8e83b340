/**
 * Canary verdicts (pure), the monitor on live events with injected timers, and the retry
 * backoff used by webhooks.
 */
import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../test/helpers/fake-timers.js';
import type { RequestEvent } from '../gateway/index.js';
import { ManualClock } from '../shared/clock.js';
import { CanaryMonitor, stepVerdict } from './canary.js';
import type { StepVerdict } from './canary.js';
import { backoffMs, httpVerdict, retry } from './retry.js';

const stats = (events: number, errors: number, meanMs: number) => ({ events, errors, latencySumMs: events * meanMs });

describe('stepVerdict', () => {
  it('passes a healthy version, fails on errors or a latency blow-up, passes "could not measure"', () => {
    expect(stepVerdict(stats(50, 1, 5), stats(900, 2, 5)).ok).toBe(true);
    expect(stepVerdict(stats(50, 5, 5), stats(900, 2, 5))).toMatchObject({ ok: false, detail: expect.stringMatching(/error rate 10\.0%/) });
    expect(stepVerdict(stats(50, 0, 40), stats(900, 0, 5))).toMatchObject({ ok: false, detail: expect.stringMatching(/mean latency/) });
    expect(stepVerdict(stats(50, 0, 40), stats(3, 0, 5)).ok).toBe(true); // nothing to compare with
    expect(stepVerdict(stats(3, 3, 5), stats(900, 0, 5))).toMatchObject({ ok: true, detail: expect.stringMatching(/^inconclusive/) });
  });
});

describe('CanaryMonitor', () => {
  const event = (version: string, status: number, receivedAt: number): RequestEvent => ({ requestId: 'x', endpoint: 'oip-infer', protocol: 'oip-v2', model: 'fraud', version, status, timings: { receivedAt, totalMs: 4 }, requestBytes: 1, responseBytes: 1, signals: {} });

  it('counts only the watched model\'s events since the step began, and reports after verifyMs', () => {
    const clock = new ManualClock(1_000);
    const timers = new FakeTimers();
    const monitor = new CanaryMonitor({ clock, timers });
    const verdicts: StepVerdict[] = [];
    monitor.watch('fraud', { checked: 'v1', other: 'v2' }, 10_000, (v) => void verdicts.push(v));
    monitor.observe(event('v1', 500, 999)); // before the step: ignored
    for (let i = 0; i < 12; i++) monitor.observe(event('v1', i < 2 ? 503 : 200, 1_001));
    monitor.observe({ ...event('v1', 500, 1_001), model: 'assistant' });
    timers.advance(9_999);
    expect(verdicts).toEqual([]);
    timers.advance(1);
    expect(verdicts).toEqual([{ ok: false, detail: expect.stringMatching(/error rate 16\.7% over 12 events/) }]);
    expect(monitor.watching('fraud')).toBe(false);
  });

  it('a new watch replaces the old one; cancel and shutdown stop the timer', () => {
    const timers = new FakeTimers();
    const monitor = new CanaryMonitor({ clock: new ManualClock(0), timers });
    const seen: string[] = [];
    monitor.watch('fraud', { checked: 'v1', other: 'v2' }, 10, () => void seen.push('first'));
    monitor.watch('fraud', { checked: 'v1', other: 'v2' }, 10, () => void seen.push('second'));
    timers.advance(10);
    expect(seen).toEqual(['second']);
    monitor.watch('fraud', { checked: 'v1', other: 'v2' }, 10, () => void seen.push('third'));
    monitor.shutdown();
    timers.advance(100);
    expect([seen, timers.pending]).toEqual([['second'], 0]);
  });
});

describe('retry', () => {
  it('backs off exponentially with jitter, capped', () => {
    const policy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(policy, n, () => 1))).toEqual([200, 400, 800, 1_000]);
    expect(backoffMs(policy, 1, () => 0)).toBe(100);
    expect([200, 204, 429, 503, 0, 400, 404].map(httpVerdict)).toEqual(['ok', 'ok', 'retry', 'retry', 'retry', 'fail', 'fail']);
  });

  it('stops at the first success, at a permanent failure, or when attempts run out', async () => {
    const timers = { setTimeout: (fn: () => void) => setImmediate(fn), clearTimeout: () => undefined, setImmediate: (fn: () => void) => void setImmediate(fn) };
    const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
    let n = 0;
    expect(await retry(async () => (++n < 2 ? { kind: 'retry', error: 'e' } : { kind: 'ok', value: n }), policy, { timers, random: Math.random })).toEqual({ ok: true, value: 2, attempts: 2 });
    expect(await retry(async () => ({ kind: 'fail', error: 'bad request' }), policy, { timers, random: Math.random })).toEqual({ ok: false, error: 'bad request', attempts: 1 });
    expect(await retry(async () => { throw new Error('boom'); }, policy, { timers, random: Math.random })).toEqual({ ok: false, error: 'boom', attempts: 3 });
  });
});
