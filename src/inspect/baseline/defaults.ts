/**
 * @module inspect/baseline/defaults
 * Defaults of the baseline builder, written once.
 */

/**
 * @example
 * buildTrafficBaseline(events, { ...meta, windowMs: BASELINE_DEFAULTS.windowMs });
 */
export const BASELINE_DEFAULTS = Object.freeze({
  /** Traffic: window length of the windowed fingerprint entropy, milliseconds. */
  windowMs: 10_000,
  /** Dataset: rows per synthetic window of the windowed fingerprint entropy. */
  windowRows: 100,
  /** Windows with fewer events are left out of the windowed statistics. */
  minWindowEvents: 10,
  /** Shrinkage intensity λ of the feature covariance toward its diagonal: Σ = (1 − λ)·S + λ·diag(S). */
  shrinkage: 0.1,
  /** Relative accuracy of the quantile sketches of signals. */
  sketchAccuracy: 0.01,
  /**
   * Relative accuracy of the windowed sketches (window entropy). Ordinary windows' entropy
   * sits in a narrow band just under log2(n) (7.58–7.64 bits for 200 requests), narrower
   * than a 1% bucket (±0.08 bits), so these sketches are 10× finer; 2048 buckets then span
   * a factor of 60 (0.27–16 bits; lower values share the lowest bucket, still "low").
   */
  windowSketchAccuracy: 0.001,
  /** Quantile of the baseline's own Mahalanobis distances used as the `ood` threshold. */
  oodQuantile: 0.99,
});

/** The profile format tag. */
export const BASELINE_FORMAT = 'bulwark.baseline/v1';
