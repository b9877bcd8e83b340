/**
 * @module gateway/limits/token-bucket
 * A token bucket and a daily quota as plain state plus pure arithmetic over an injected
 * time (`nowMs` from a Clock). The state objects are mutated in place by `take*` so that the
 * hot path allocates nothing; everything they compute depends only on (state, limit, now).
 */

/** A sustained rate and a burst (bucket size). */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Tokens left and when they were last refilled. */
export interface TokenBucketState {
  tokens: number;
  updatedAtMs: number;
}

/** Requests used in one UTC day. */
export interface QuotaState {
  day: number;
  used: number;
}

const DAY_MS = 86_400_000;

/**
 * A full bucket at `nowMs`.
 *
 * @example
 * createBucket({ perSecond: 10, burst: 20 }, 0); // { tokens: 20, updatedAtMs: 0 }
 */
export function createBucket(limit: RateLimit, nowMs: number): TokenBucketState {
  return { tokens: limit.burst, updatedAtMs: nowMs };
}

/**
 * Adds the tokens earned since the last update (never above `burst`). A clock that goes
 * back earns nothing.
 *
 * @example
 * const b = { tokens: 0, updatedAtMs: 0 }; refill(b, { perSecond: 10, burst: 20 }, 500); b.tokens; // 5
 */
export function refill(state: TokenBucketState, limit: RateLimit, nowMs: number): void {
  const elapsed = nowMs - state.updatedAtMs;
  if (elapsed > 0) {
    state.tokens = Math.min(limit.burst, state.tokens + (elapsed * limit.perSecond) / 1000);
    state.updatedAtMs = nowMs;
  }
}

/**
 * Takes one token if there is one. Returns 0 when taken, else the milliseconds until a
 * token will be available (the bucket is left unchanged apart from its refill).
 *
 * @example
 * takeToken({ tokens: 0, updatedAtMs: 0 }, { perSecond: 2, burst: 1 }, 0); // 500
 */
export function takeToken(state: TokenBucketState, limit: RateLimit, nowMs: number): number {
  refill(state, limit, nowMs);
  if (state.tokens >= 1) {
    state.tokens -= 1;
    return 0;
  }
  return Math.max(1, ((1 - state.tokens) * 1000) / limit.perSecond);
}

/**
 * The UTC day number of `nowMs` (days since the epoch).
 *
 * @example
 * utcDay(Date.UTC(1970, 0, 2, 23, 59)); // 1
 */
export function utcDay(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS);
}

/**
 * Milliseconds from `nowMs` to the next UTC midnight (the quota reset).
 *
 * @example
 * msUntilUtcMidnight(Date.UTC(2026, 0, 1, 23, 0)); // 3_600_000
 */
export function msUntilUtcMidnight(nowMs: number): number {
  return (utcDay(nowMs) + 1) * DAY_MS - nowMs;
}

/**
 * Counts one request against a daily quota, resetting it when the UTC day changed.
 * Returns 0 when counted, else the milliseconds until the reset (nothing counted).
 *
 * @example
 * const q = { day: 0, used: 0 }; takeQuota(q, 1, 0); takeQuota(q, 1, 1000); // 0, then 86_399_000
 */
export function takeQuota(state: QuotaState, perDay: number, nowMs: number): number {
  const day = utcDay(nowMs);
  if (day !== state.day) {
    state.day = day;
    state.used = 0;
  }
  if (state.used >= perDay) return msUntilUtcMidnight(nowMs);
  state.used += 1;
  return 0;
}

/**
 * Whether the quota has room, without counting (resets it when the day changed).
 *
 * @example
 * quotaRoom({ day: 0, used: 5 }, 5, 0); // false
 */
export function quotaRoom(state: QuotaState, perDay: number, nowMs: number): boolean {
  const day = utcDay(nowMs);
  if (day !== state.day) {
    state.day = day;
    state.used = 0;
  }
  return state.used < perDay;
}

/**
 * Retry-After in whole seconds, rounded up, at least 1.
 *
 * @example
 * retryAfterSeconds(1200); // 2
 */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
