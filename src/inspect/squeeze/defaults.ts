/**
 * @module inspect/squeeze/defaults
 * Defaults of the feature-squeezing inspector, written once.
 */

/** The inspector's registered id (and the id of its post-response interceptor). */
export const SQUEEZE_ID = 'squeeze';

/**
 * @example
 * createSqueezer(model, { bits: SQUEEZE_DEFAULTS.bits });
 */
export const SQUEEZE_DEFAULTS = Object.freeze({
  /** Bit depth of the bit-depth squeezer for images (Xu et al. use 1 for MNIST, 4–5 for colour images). */
  bits: 4,
  /**
   * Apply 2×2 median smoothing to images whose height and width are both at least this.
   * Smaller images (8×8 optdigits) lose their shape under it: clean predictions change
   * as much as adversarial ones (measured: bench/RESULTS.md), so it is off for them.
   */
  medianMinSide: 16,
  /** Tabular squeezer: round each feature to this many significant digits (scale-free rounding). */
  significantDigits: 2,
  /** Target false-positive rate on clean data when the threshold is read from a baseline (its 1 − fpr quantile of `squeeze_l1`). */
  falsePositiveRate: 0.05,
  /** Rows of a batch request squeezed (the signal is the maximum over them). */
  maxRows: 8,
  /** Model calls in flight at once; a request beyond it is not squeezed (`squeeze_skipped`). */
  maxConcurrent: 4,
  /** Longest wait for the model after the response, milliseconds; then `squeeze_skipped`. */
  timeoutMs: 2_000,
});
