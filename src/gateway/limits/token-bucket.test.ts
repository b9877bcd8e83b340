/**
 * Token bucket and daily quota arithmetic with a manual clock: refill, burst cap,
 * Retry-After rounding, and the quota reset at UTC midnight.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { KeyLimiter } from './key-limiter.js';
import { createBucket, msUntilUtcMidnight, refill, retryAfterSeconds, takeQuota, takeToken, utcDay } from './token-bucket.js';

const MIDNIGHT = Date.UTC(2026, 10, 22);

describe('token bucket', () => {
  it('starts full, spends one token per request, and refuses when empty', () => {
    const limit = { perSecond: 2, burst: 3 };
    const bucket = createBucket(limit, 0);
    expect([takeToken(bucket, limit, 0), takeToken(bucket, limit, 0), takeToken(bucket, limit, 0)]).toEqual([0, 0, 0]);
    expect(takeToken(bucket, limit, 0)).toBe(500);
    expect(bucket.tokens).toBe(0);
  });

  it('refills at perSecond, never above burst, and ignores a clock going back', () => {
    const limit = { perSecond: 10, burst: 5 };
    const bucket = { tokens: 0, updatedAtMs: 1_000 };
    refill(bucket, limit, 1_250);
    expect(bucket.tokens).toBeCloseTo(2.5);
    refill(bucket, limit, 100_000);
    expect(bucket.tokens).toBe(5);
    refill(bucket, limit, 0);
    expect(bucket).toEqual({ tokens: 5, updatedAtMs: 100_000 });
  });

  it('says how long until the next token', () => {
    const limit = { perSecond: 0.5, burst: 1 };
    const bucket = { tokens: 0.25, updatedAtMs: 0 };
    expect(takeToken(bucket, limit, 0)).toBe(1_500);
    expect(retryAfterSeconds(1_500)).toBe(2);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(3_000)).toBe(3);
  });
});

describe('daily quota', () => {
  it('counts per UTC day and resets at midnight', () => {
    const quota = { day: utcDay(MIDNIGHT), used: 0 };
    expect([takeQuota(quota, 2, MIDNIGHT), takeQuota(quota, 2, MIDNIGHT + 1)]).toEqual([0, 0]);
    expect(takeQuota(quota, 2, MIDNIGHT + 3_600_000)).toBe(msUntilUtcMidnight(MIDNIGHT + 3_600_000));
    expect(msUntilUtcMidnight(MIDNIGHT + 3_600_000)).toBe(23 * 3_600_000);
    expect(takeQuota(quota, 2, MIDNIGHT + 86_400_000)).toBe(0);
    expect(quota).toEqual({ day: utcDay(MIDNIGHT) + 1, used: 1 });
  });
});

describe('KeyLimiter', () => {
  it('refuses with rate and a rounded-up Retry-After, then allows after the refill', () => {
    const clock = new ManualClock(MIDNIGHT);
    const limiter = new KeyLimiter(clock);
    const limits = { perSecond: 4, burst: 2 };
    expect([limiter.take('k', limits), limiter.take('k', limits)]).toEqual([undefined, undefined]);
    expect(limiter.take('k', limits)).toEqual({ reason: 'rate', retryAfterSeconds: 1 });
    clock.advance(250);
    expect(limiter.take('k', limits)).toBeUndefined();
    expect(limiter.take('other', limits)).toBeUndefined();
  });

  it('refuses with quota until UTC midnight, without spending tokens, and resets then', () => {
    const clock = new ManualClock(MIDNIGHT + 22 * 3_600_000 + 1_500);
    const limiter = new KeyLimiter(clock);
    const limits = { perSecond: 1_000, burst: 1_000, perDay: 2 };
    limiter.take('k', limits);
    limiter.take('k', limits);
    expect(limiter.take('k', limits)).toEqual({ reason: 'quota', retryAfterSeconds: 2 * 3_600 - 1 });
    expect(limiter.usedToday('k')).toBe(2);
    clock.set(MIDNIGHT + 86_400_000);
    expect(limiter.take('k', limits)).toBeUndefined();
    expect(limiter.usedToday('k')).toBe(1);
  });

  it('does not count a rate-refused request against the quota', () => {
    const clock = new ManualClock(MIDNIGHT);
    const limiter = new KeyLimiter(clock);
    const limits = { perSecond: 1, burst: 1, perDay: 10 };
    limiter.take('k', limits);
    expect(limiter.take('k', limits)?.reason).toBe('rate');
    expect(limiter.usedToday('k')).toBe(1);
  });

  it('keeps state for retained keys (tokens capped at a lowered burst) and forgets the others', () => {
    const clock = new ManualClock(MIDNIGHT);
    const limiter = new KeyLimiter(clock);
    const limits = { perSecond: 1, burst: 10, perDay: 100 };
    limiter.take('a', limits);
    limiter.take('b', limits);
    limiter.retain(new Map([['a', { perSecond: 1, burst: 1, perDay: 100 }]]));
    expect(limiter.usedToday('a')).toBe(1);
    expect(limiter.usedToday('b')).toBe(0);
    expect(limiter.take('a', { perSecond: 1, burst: 1 })).toBeUndefined();
    expect(limiter.take('a', { perSecond: 1, burst: 1 })?.reason).toBe('rate');
  });
});
