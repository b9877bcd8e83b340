/**
 * @module gateway/limits/key-limiter
 * Per-API-key limits: a token bucket (`rateLimit.perSecond`, `burst`) and an optional daily
 * quota (`perDay`, reset at UTC midnight by the injected clock). State survives config
 * reloads for keys that keep their id; a lowered burst caps the tokens at once.
 */
import type { Clock } from '../../shared/clock.js';
import { createBucket, msUntilUtcMidnight, quotaRoom, retryAfterSeconds, takeQuota, takeToken, utcDay } from './token-bucket.js';
import type { QuotaState, TokenBucketState } from './token-bucket.js';

/** The limits of one key (structurally `ApiKeyConfig['rateLimit']`). */
export interface KeyLimits {
  readonly perSecond: number;
  readonly burst: number;
  readonly perDay?: number | undefined;
}

/** Why a request was refused and when to retry. */
export interface LimitRejection {
  readonly reason: 'rate' | 'quota';
  readonly retryAfterSeconds: number;
}

interface KeyState {
  readonly bucket: TokenBucketState;
  readonly quota: QuotaState;
}

/**
 * @example
 * const limiter = new KeyLimiter(clock);
 * limiter.take('shop', { perSecond: 10, burst: 20, perDay: 1000 }); // undefined (allowed) or { reason, retryAfterSeconds }
 */
export class KeyLimiter {
  readonly #clock: Clock;
  readonly #state = new Map<string, KeyState>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /**
   * Counts one request of key `id`. Undefined when allowed; otherwise the rejection, and
   * nothing is consumed (a refused request neither spends a token nor counts to the quota).
   */
  take(id: string, limits: KeyLimits): LimitRejection | undefined {
    const now = this.#clock.now();
    let state = this.#state.get(id);
    if (state === undefined) {
      state = { bucket: createBucket(limits, now), quota: { day: utcDay(now), used: 0 } };
      this.#state.set(id, state);
    }
    const perDay = limits.perDay;
    if (perDay !== undefined && !quotaRoom(state.quota, perDay, now)) {
      return { reason: 'quota', retryAfterSeconds: retryAfterSeconds(msUntilUtcMidnight(now)) };
    }
    const waitMs = takeToken(state.bucket, limits, now);
    if (waitMs > 0) return { reason: 'rate', retryAfterSeconds: retryAfterSeconds(waitMs) };
    if (perDay !== undefined) takeQuota(state.quota, perDay, now);
    return undefined;
  }

  /** Keeps the state of the keys in `limitsById`, capped at their (new) burst; forgets the others. */
  retain(limitsById: ReadonlyMap<string, KeyLimits>): void {
    for (const [id, state] of this.#state) {
      const limits = limitsById.get(id);
      if (limits === undefined) this.#state.delete(id);
      else state.bucket.tokens = Math.min(state.bucket.tokens, limits.burst);
    }
  }

  /** Requests counted today for `id` (0 when unknown). */
  usedToday(id: string): number {
    const state = this.#state.get(id);
    return state !== undefined && state.quota.day === utcDay(this.#clock.now()) ? state.quota.used : 0;
  }
}
