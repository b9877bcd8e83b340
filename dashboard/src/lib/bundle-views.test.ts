import { describe, expect, it } from 'vitest';
import { eventView, flaggedInputs, flags, keyTimeline } from './bundle-views';

const event = (requestId: string, at: number, apiKeyId: string | null, signals: Record<string, number | boolean> = {}) => eventView({ requestId, input: '{}', at, apiKeyId, version: 'v2', status: 200, signals });

describe('forensic bundle views', () => {
  it('flags the true boolean signals that are findings (not the gateway bookkeeping)', () => {
    expect(flags(event('r', 1, null, { shadow_disagree: true, error: true, pii_unavailable: true, entropy: 3, injection: false }))).toEqual(['shadow_disagree']);
  });

  it('puts the triggering requests first, then the flagged ones', () => {
    const events = [event('a', 1, 'k'), event('b', 2, 'k', { pii: true }), event('c', 3, 'k')];
    expect(flaggedInputs(events, new Set(['c'])).map((e) => e.requestId)).toEqual(['c', 'b']);
    expect(flaggedInputs(events, new Set(['c', 'a']), 1).map((e) => e.requestId)).toEqual(['a']);
  });

  it('counts requests per key in buckets sized to the span', () => {
    const t = 1_700_000_000_000;
    const timeline = keyTimeline([event('1', t, 'shop'), event('2', t + 100, 'mallory'), event('3', t + 2_900, 'mallory'), event('4', t + 2_950, null)], 10);
    expect(timeline.bucketMs).toBe(500);
    expect(timeline.keys).toEqual(['(anonymous)', 'mallory', 'shop']);
    expect(timeline.x).toHaveLength(6);
    expect(timeline.y).toEqual([
      [0, 0, 0, 0, 0, 1],
      [1, 0, 0, 0, 0, 1],
      [1, 0, 0, 0, 0, 0],
    ]);
    expect(keyTimeline([])).toEqual({ keys: [], bucketMs: 1_000, x: [], y: [] });
  });
});
