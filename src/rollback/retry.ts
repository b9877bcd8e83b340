/**
 * @module rollback/retry
 * Retries with exponential backoff and jitter on injected timers. An attempt says whether
 * it succeeded, may be retried (network error, 5xx, 429) or failed for good (other 4xx).
 */
import type { Timers } from './ports.js';

/** Attempts and backoff: attempt n waits between d/2 and d, d = min(maxDelayMs, baseDelayMs · 2^(n-1)). */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** What one attempt returns. */
export type AttemptResult<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'retry'; readonly error: string } | { readonly kind: 'fail'; readonly error: string };

/** The outcome of all attempts. */
export type RetryOutcome<T> = { readonly ok: true; readonly value: T; readonly attempts: number } | { readonly ok: false; readonly error: string; readonly attempts: number };

/**
 * The delay before attempt `n + 1` after attempt `n` failed.
 *
 * @example
 * backoffMs({ attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 }, 3, () => 1); // 800
 */
export function backoffMs(policy: RetryPolicy, n: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts run out.
 *
 * @example
 * const outcome = await retry((n) => post(n), ROLLBACK_DEFAULTS.webhook, { timers, random: Math.random });
 */
export async function retry<T>(attempt: (n: number) => Promise<AttemptResult<T>>, policy: RetryPolicy, deps: { readonly timers: Timers; readonly random: () => number }): Promise<RetryOutcome<T>> {
  let last = 'no attempt made';
  for (let n = 1; n <= policy.attempts; n++) {
    let result: AttemptResult<T>;
    try {
      result = await attempt(n);
    } catch (err) {
      result = { kind: 'retry', error: (err as Error).message };
    }
    if (result.kind === 'ok') return { ok: true, value: result.value, attempts: n };
    last = result.error;
    if (result.kind === 'fail') return { ok: false, error: last, attempts: n };
    if (n < policy.attempts) await sleep(deps.timers, backoffMs(policy, n, deps.random));
  }
  return { ok: false, error: last, attempts: policy.attempts };
}

/**
 * Classifies an HTTP status: 2xx ok, 429/5xx/network (0) retry, other 4xx fail.
 *
 * @example
 * httpVerdict(503); // 'retry'
 */
export function httpVerdict(status: number): 'ok' | 'retry' | 'fail' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 0 || status === 429 || status >= 500) return 'retry';
  return 'fail';
}

function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => void timers.setTimeout(resolve, ms));
}
