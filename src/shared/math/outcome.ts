/**
 * @module shared/math/outcome
 * The typed "could not measure" result of a statistic. A window with no events, a sample whose
 * values are all equal or a histogram whose counts are all zero is not a programmer error: it
 * happens in production, and a detector must see it as `inconclusive` rather than receive a NaN
 * that compares false with every threshold. Functions that can meet such data return
 * `T | Unmeasurable`, discriminated by `ok`.
 */

/** Why a statistic is undefined for the data it was given. */
export type UnmeasurableReason =
  /** A sample or histogram has no observations. */
  | 'empty'
  /** Weights or counts sum to zero. */
  | 'zero-total'
  /** Every value is the same, so a scale-based statistic (Shapiro–Wilk W) is 0/0. */
  | 'zero-range';

/** The statistic is undefined; `detail` says which input made it so. */
export interface Unmeasurable {
  readonly ok: false;
  readonly reason: UnmeasurableReason;
  readonly detail: string;
}

/**
 * Builds an {@link Unmeasurable}.
 *
 * @example
 * unmeasurable('empty', 'sample a has no values'); // { ok: false, reason: 'empty', detail: 'sample a has no values' }
 */
export function unmeasurable(reason: UnmeasurableReason, detail: string): Unmeasurable {
  return { ok: false, reason, detail };
}
