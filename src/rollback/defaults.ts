/**
 * @module rollback/defaults
 * Defaults of the rollback shell that are not in bulwark.yaml (the per-model policy,
 * `models.<m>.rollback`, is; see config/defaults.ts). Written once, units in the names.
 */

export const ROLLBACK_DEFAULTS = Object.freeze({
  /**
   * A rule with `action: contain` (model extraction): the keys it names are throttled to
   * this rate and their outputs hardened (rounded, top-1) for this long; a new anomaly renews it.
   */
  ruleContainment: Object.freeze({ perSecond: 1, burst: 5, forMs: 3_600_000, harden: Object.freeze({ roundDecimals: 1, topK: 1 }) }),
  /** Actor of automatic decisions in the audit log and route switches. */
  actor: 'bulwark:rollback',
  /** How often the orchestrator polls the store's command queue (approve, unfreeze), ms. */
  commandPollMs: 1_000,
  /** How often decisions with failed effects are retried, ms. */
  retryIncompleteMs: 30_000,
  /** Bytes of a request body kept in the forensic ring; longer bodies keep this prefix. */
  ringBodyBytes: 16_384,
  /** Events redacted (and then encoded) per slice before yielding to the event loop while building a bundle. */
  bundleSliceEvents: 64,
  /**
   * After a route switch the breaker decided (rollback, canary step, roll-forward or its
   * abort), the effects that follow it (forensic bundle, untrusted
   * marking, incident, alerts) wait this long, ms, so that the first requests on the LKG do
   * not queue behind them for the CPU (bench:rollback: first LKG response p50 42 → 30 ms on
   * 2 cores). They are in the write-ahead log already, so a crash meanwhile only defers them.
   */
  quietAfterSwitchMs: 100,
  /** Webhook (untrusted list, route) delivery: attempts, first backoff, cap, per-attempt timeout. */
  webhook: Object.freeze({ attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000, timeoutMs: 5_000 }),
  /** SQL statement attempts and backoff. */
  sql: Object.freeze({ attempts: 3, baseDelayMs: 500, maxDelayMs: 5_000 }),
  /**
   * Canary health of the version receiving traffic at a step: fail when its error rate
   * (status >= 500) exceeds `maxErrorRate` over at least `minEvents` events, or its mean
   * latency exceeds `maxLatencyRatio` × the other version's (when both have `minEvents`).
   */
  canaryHealth: Object.freeze({ minEvents: 10, maxErrorRate: 0.05, maxLatencyRatio: 3 }),
  /** Roll-forward steps after an approval (percent on the approved version). */
  forwardSteps: Object.freeze([5, 25, 100]),
});
