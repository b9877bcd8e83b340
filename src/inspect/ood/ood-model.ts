/**
 * @module inspect/ood/ood-model
 * The out-of-distribution scorer of a version: per-feature z-scores (max |z|) and the
 * Mahalanobis distance √((x − μ)ᵀ·Σ⁻¹·(x − μ)) to the baseline's features, where Σ is the
 * baseline's shrinkage covariance (shrunk toward its diagonal with a fixed intensity, see
 * `inspect/baseline/covariance.ts`). Σ's diagonal gets a small relative floor so that a
 * feature constant in the baseline stays invertible (a live value off that constant is
 * then far out, as it should be); Σ is inverted ONCE, when the model is compiled.
 *
 * The threshold of the `ood` flag is the baseline's own p99 of `ood_mahalanobis` (recorded
 * by `bulwark baseline build`) unless set explicitly; without either, the chi distribution's
 * p99 for p features (Wilson–Hilferty), which assumes Gaussian features.
 */
import type { BaselineProfile, FeatureBaseline } from '../../detect/baseline.js';
import { normalQuantile, QuantileSketch } from '../../shared/math/index.js';
import { inspectErrors } from '../errors.js';
import { cholesky, inverseFromCholesky, quadraticForm } from './linalg.js';
import { OOD_DEFAULTS } from './defaults.js';

/** Scores of one row. */
export interface OodScore {
  readonly maxZ: number;
  readonly mahalanobis: number;
}

/** A compiled scorer. */
export interface OodModel {
  /** Features per row. */
  readonly dims: number;
  /** Mahalanobis distance above which `ood` is set. */
  readonly threshold: number;
  /** Scores the first `dims` values of `row` (callers check `row.length >= dims`). */
  score(row: ArrayLike<number>): OodScore;
}

/**
 * √ of the chi-square q-quantile with `dims` degrees of freedom (Wilson–Hilferty).
 *
 * @example
 * chiQuantile(0.99, 13); // ≈ 5.26 (√27.69)
 */
export function chiQuantile(q: number, dims: number): number {
  const z = normalQuantile(q);
  const a = 2 / (9 * dims);
  return Math.sqrt(dims * Math.max(0, 1 - a + z * Math.sqrt(a)) ** 3);
}

function floored(features: FeatureBaseline): Float64Array {
  const p = features.names.length;
  const cov = Float64Array.from(features.covariance);
  for (let i = 0; i < p; i++) {
    const mean = features.mean[i] as number;
    const floor = OOD_DEFAULTS.relativeVarianceFloor * (1 + mean * mean);
    if (!((cov[i * p + i] as number) >= floor)) cov[i * p + i] = floor;
  }
  return cov;
}

function invert(cov: Float64Array, p: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < p; i++) trace += cov[i * p + i] as number;
  // Shrinkage toward the diagonal keeps Σ positive definite; the jitter is a guard against rounding.
  for (let attempt = 0; attempt < 6; attempt++) {
    const l = cholesky(cov, p);
    if (l !== undefined) return inverseFromCholesky(l, p);
    const jitter = (trace / p) * 1e-10 * 10 ** attempt;
    for (let i = 0; i < p; i++) cov[i * p + i] = (cov[i * p + i] as number) + jitter;
  }
  throw inspectErrors.error('INS_ERR_BASELINE_INVALID', 'the baseline covariance is not positive definite', { features: p });
}

/** The threshold: explicit, else the baseline's recorded quantile, else the chi approximation. */
function thresholdOf(profile: Pick<BaselineProfile, 'signals'>, dims: number, options: { threshold?: number | undefined; quantile?: number | undefined }): number {
  if (options.threshold !== undefined) return options.threshold;
  const q = options.quantile ?? OOD_DEFAULTS.quantile;
  const recorded = profile.signals['ood_mahalanobis'];
  if (recorded !== undefined && recorded.count > 0) {
    const value = QuantileSketch.restore(recorded.sketch).quantile(q);
    if (value !== undefined && value > 0) return value;
  }
  return chiQuantile(q, dims);
}

/**
 * Compiles the OOD scorer of a baseline. Throws `INS_ERR_BASELINE_INVALID` when the
 * profile has no features or inconsistent ones.
 *
 * @example
 * const ood = compileOod(profile);
 * ood.score(row); // { maxZ: 1.3, mahalanobis: 3.1 }
 */
export function compileOod(profile: Pick<BaselineProfile, 'signals' | 'features'>, options: { threshold?: number | undefined; quantile?: number | undefined } = {}): OodModel {
  const features = profile.features;
  if (features === undefined) throw inspectErrors.error('INS_ERR_BASELINE_INVALID', 'the baseline has no features (built from traffic without feature summaries?)', {});
  const p = features.names.length;
  if (p === 0 || features.mean.length !== p || features.covariance.length !== p * p) {
    throw inspectErrors.error('INS_ERR_BASELINE_INVALID', `the baseline features are inconsistent: ${p} names, ${features.mean.length} means, ${features.covariance.length} covariance entries`, { features: p });
  }
  const cov = floored(features);
  const sd = Float64Array.from({ length: p }, (_, i) => Math.sqrt(cov[i * p + i] as number));
  const precision = invert(cov, p);
  const mean = Float64Array.from(features.mean);
  const scratch = new Float64Array(p);
  return {
    dims: p,
    threshold: thresholdOf(profile, p, options),
    score(row) {
      let maxZ = 0;
      for (let i = 0; i < p; i++) maxZ = Math.max(maxZ, Math.abs(((row[i] as number) - (mean[i] as number)) / (sd[i] as number)));
      const q = quadraticForm(precision, mean, row, p, scratch);
      return { maxZ, mahalanobis: Math.sqrt(Math.max(0, q)) };
    },
  };
}
