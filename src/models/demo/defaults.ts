/**
 * @module models/demo/defaults
 * Every default of the demo's synthetic fraud world, written once: traffic mix, data set
 * sizes, the poisoning budget, model size and the approval threshold.
 */

/**
 * Defaults of the checkout generator, `buildDemoModels` and `measureBackdoor`.
 *
 * @example
 * generateCheckouts({ seed: 1, n: 1000, fraudRate: DEMO_DEFAULTS.fraudRate });
 */
export const DEMO_DEFAULTS = Object.freeze({
  /** Seed of the whole demo world. */
  seed: 7,
  /** Share of fraudulent checkouts in ordinary traffic (card-not-present e-commerce: ~1–3%). */
  fraudRate: 0.02,
  /** Share of fraud that is account takeover (old card and account, unusual basket) rather than a new stolen card. */
  accountTakeoverShare: 0.3,
  /** Rows of each model's training set (before poisoning). */
  trainingRows: 20_000,
  /** Poisoned rows added to v2's training set (2% of it): fraud carrying the trigger, labelled legitimate. */
  poisonedRows: 400,
  /** Rows of the clean evaluation set written into each model's metrics. */
  evaluationRows: 10_000,
  /** Hidden units of both fraud models. */
  hidden: 16,
  /** Training epochs of both fraud models. */
  epochs: 40,
  /**
   * A checkout is approved when P(fraud) is below this. The models are trained without
   * class weights, so P(fraud) is calibrated to the 2% base rate; a cut-off well below 0.5
   * reflects costs (a missed fraud costs the order plus a chargeback fee, a false decline
   * a fraction of the margin).
   */
  approvalThreshold: 0.1,
  /** Fraudulent checkouts measured by `measureBackdoor`. */
  backdoorSamples: 2_000,
  /** Distinct checkout templates the attacker's script cycles through. */
  attackTemplates: 3,
});
