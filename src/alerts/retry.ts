/**
 * @module alerts/retry
 * Delivery retries, pure: how an HTTP status reads (2xx delivered; 429, 5xx and network
 * errors retried; other 4xx failed for good) and how long to wait before the next attempt
 * (exponential backoff with jitter from an injected random source).
 */
import type { DeliveryResult } from './ports.js';

/** Attempts and backoff of alert deliveries. */
export interface RetrySettings {
  /** Dead-letter after this many attempts. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The delay after attempt `attempt` failed: between d/2 and d, d = min(maxDelayMs,
 * baseDelayMs · 2^(attempt−1)); `random()` in [0, 1) picks where.
 *
 * @example
 * retryDelayMs({ maxAttempts: 40, baseDelayMs: 1_000, maxDelayMs: 600_000 }, 3, () => 0.5); // 3000
 */
export function retryDelayMs(settings: RetrySettings, attempt: number, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

/**
 * The delivery result of one HTTP attempt (`status` 0: network error).
 *
 * @example
 * httpOutcome(503, undefined); // { outcome: 'retry', error: 'HTTP 503', status: 503 }
 * httpOutcome(400, undefined); // { outcome: 'failed', error: 'HTTP 400', status: 400 }
 */
export function httpOutcome(status: number, error: string | undefined): DeliveryResult {
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  const message = error ?? `HTTP ${status}`;
  if (status === 0 || status === 429 || status >= 500) return { outcome: 'retry', error: message, status };
  return { outcome: 'failed', error: message, status };
}
