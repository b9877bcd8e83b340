/**
 * @module alerts/defaults
 * Defaults of the alerting context that are not in bulwark.yaml (the policy's
 * `dedupeWindow`, `groupWindow`, `rateCap` and SLOs are; see config/defaults.ts): burn-rate
 * windows, delivery retries, outbox leases, polling. Written once, units in the names.
 */

/**
 * The multi-window, multi-burn-rate alerts of the Google SRE workbook ("Alerting on SLOs",
 * table for a 30-day SLO period): page when both the long and the short window burn faster
 * than `burnRate`, ticket on the slow window pair. Burn rate = error ratio / (1 − objective).
 */
export const BURN_RATE_RULES = Object.freeze([
  /** 2% of a 30-day budget in 1 hour. */
  Object.freeze({ id: 'page_fast', alert: 'page', longMs: 3_600_000, shortMs: 300_000, burnRate: 14.4 } as const),
  /** 5% of the budget in 6 hours. */
  Object.freeze({ id: 'page_slow', alert: 'page', longMs: 21_600_000, shortMs: 1_800_000, burnRate: 6 } as const),
  /** 10% of the budget in 3 days. */
  Object.freeze({ id: 'ticket', alert: 'ticket', longMs: 259_200_000, shortMs: 21_600_000, burnRate: 1 } as const),
]);

export const ALERT_DEFAULTS = Object.freeze({
  /** Width of one burn-rate bucket: windows are sums of whole buckets (5m = 10 buckets). */
  sloBucketMs: 30_000,
  /** Members listed in a group notification; the rest are counted (`moreMembers`). */
  groupMembersListed: 20,
  /** Held-back alerts named in a rate-cap summary. */
  summarySamples: 10,
  /** Delivery retries: attempt n waits between d/2 and d, d = min(maxDelayMs, baseDelayMs · 2^(n−1)); dead-lettered after maxAttempts. */
  retry: Object.freeze({ maxAttempts: 40, baseDelayMs: 1_000, maxDelayMs: 600_000 }),
  /** How often the dispatcher flushes groups and summaries and looks for due deliveries, ms. */
  pollIntervalMs: 1_000,
  /** Deliveries claimed per batch. */
  batchSize: 32,
  /** A claimed delivery is invisible to other dispatchers this long (a crashed one's claims expire), ms. */
  leaseMs: 60_000,
  /** On shutdown, how long in-flight deliveries may take to finish, ms. */
  drainTimeoutMs: 5_000,
  /** Per-attempt HTTP timeout of the sinks, ms. */
  httpTimeoutMs: 5_000,
  /** Batches one delivery pass works through before yielding to the next tick. */
  maxBatchesPerPass: 100,
  /** PagerDuty Events API v2 endpoint. */
  pagerDutyUrl: 'https://events.pagerduty.com/v2/enqueue',
  /** Webhook signatures older than this are refused by `verifyWebhookSignature`, seconds. */
  signatureToleranceSeconds: 300,
});
