/**
 * @module detect/extraction/feature-scale
 * Standardisation of query features for distances: (x − mean)/sd per feature from the
 * baseline's feature statistics (so that a dollar amount does not drown a 0/1 flag). Without
 * a baseline the raw values are used.
 */
import type { FeatureBaseline } from '../baseline.js';

/** Per-feature mean and 1/sd (1 where the sd is 0 or unknown). */
export interface FeatureScale {
  readonly mean: Float64Array;
  readonly invSd: Float64Array;
}

/**
 * The scale of a baseline's features, or undefined without one.
 *
 * @example
 * featureScale(profile.features)?.invSd[0]; // 1 / sd of the first feature
 */
export function featureScale(features: FeatureBaseline | undefined): FeatureScale | undefined {
  if (features === undefined || features.names.length === 0) return undefined;
  const d = features.names.length;
  const mean = new Float64Array(d);
  const invSd = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    mean[j] = features.mean[j] ?? 0;
    const variance = features.covariance[j * d + j] ?? 0;
    invSd[j] = variance > 0 && Number.isFinite(variance) ? 1 / Math.sqrt(variance) : 1;
  }
  return { mean, invSd };
}

/**
 * Writes the standardised first `out.length` features into `out` (missing ones as 0).
 *
 * @example
 * standardizeInto(scale, event.features, scratch);
 */
export function standardizeInto(scale: FeatureScale | undefined, features: readonly number[], out: Float64Array): void {
  for (let j = 0; j < out.length; j++) {
    const x = features[j] ?? 0;
    out[j] = scale === undefined || j >= scale.mean.length ? x : (x - (scale.mean[j] as number)) * (scale.invSd[j] as number);
  }
}
