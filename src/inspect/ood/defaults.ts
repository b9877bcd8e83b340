/**
 * @module inspect/ood/defaults
 * Defaults of the OOD inspector, written once.
 */

/** The inspector's registered id. */
export const OOD_ID = 'ood';

/**
 * @example
 * compileOod(features, { quantile: OOD_DEFAULTS.quantile });
 */
export const OOD_DEFAULTS = Object.freeze({
  /** `ood` is set above this quantile of the baseline's own Mahalanobis distances (p99). */
  quantile: 0.99,
  /** Relative variance floor: a feature's variance is at least this × (1 + mean²) (constant features stay invertible). */
  relativeVarianceFloor: 1e-9,
  /** Rows of a batch request scored (the signals are the maxima over them). */
  maxRows: 64,
});
