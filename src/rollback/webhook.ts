/**
 * @module rollback/webhook
 * Delivers one JSON webhook with retries, exponential backoff with jitter, and an
 * `Idempotency-Key` header that stays the same across attempts and across a crash-resume,
 * so that the receiver can drop repeats. Used for the untrusted-window list and the
 * webhook route switch.
 */
import { ROLLBACK_DEFAULTS } from './defaults.js';
import { rollbackErrors } from './errors.js';
import type { HttpPoster, Timers } from './ports.js';
import { httpVerdict, retry } from './retry.js';
import type { RetryPolicy } from './retry.js';

/** What a delivery needs. */
export interface WebhookDeps {
  readonly http: HttpPoster;
  readonly timers: Timers;
  readonly random: () => number;
  readonly policy?: RetryPolicy;
}

/** One webhook. */
export interface WebhookMessage {
  readonly url: string;
  /** `x-bulwark-event`: `untrusted` or `route`. */
  readonly event: string;
  readonly idempotencyKey: string;
  readonly payload: unknown;
}

/**
 * POSTs `message.payload` until a 2xx; throws RBK_ERR_WEBHOOK_FAILED after the last attempt
 * (or at once on a 4xx other than 429). Resolves with the number of attempts.
 *
 * @example
 * await deliverWebhook({ http, timers, random: Math.random }, { url, event: 'untrusted', idempotencyKey: key, payload });
 */
export async function deliverWebhook(deps: WebhookDeps, message: WebhookMessage): Promise<number> {
  const body = JSON.stringify(message.payload);
  const headers = { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey, 'x-bulwark-event': message.event };
  const outcome = await retry(
    async () => {
      const { status, error } = await deps.http.post(message.url, body, headers);
      const verdict = httpVerdict(status);
      return verdict === 'ok' ? { kind: 'ok', value: status } : { kind: verdict, error: error ?? `HTTP ${status}` };
    },
    deps.policy ?? ROLLBACK_DEFAULTS.webhook,
    deps,
  );
  if (outcome.ok) return outcome.attempts;
  throw rollbackErrors.error('RBK_ERR_WEBHOOK_FAILED', `${message.event} webhook to ${safeOrigin(message.url)} failed after ${outcome.attempts} attempt(s): ${outcome.error}`, {
    event: message.event,
    idempotencyKey: message.idempotencyKey,
    attempts: outcome.attempts,
  });
}

/** Scheme, host and port only: webhook URLs are secrets (their path often holds a token). */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
