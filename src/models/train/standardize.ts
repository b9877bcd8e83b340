/**
 * @module models/train/standardize
 * Per-feature standardisation, `(x − mean) / scale`, fitted on the training split only.
 * The exported graph applies the same two constants (Sub then Div), so a served model
 * takes raw features. Pure.
 */

/** Mean and scale (population standard deviation) of each feature. */
export interface Standardizer {
  readonly mean: Float64Array;
  /** Never zero: a constant feature gets scale 1 (it then maps to 0). */
  readonly scale: Float64Array;
}

/** A standard deviation below this counts as a constant feature. */
const CONSTANT_FEATURE = 1e-12;

/**
 * Fits the mean and population standard deviation of each of the `width` columns of a
 * row-major matrix (two passes, for accuracy on large values).
 *
 * @example
 * fitStandardizer(Float64Array.from([1, 10, 3, 10]), 2);
 * // { mean: [2, 10], scale: [1, 1] }  (the constant second column keeps scale 1)
 */
export function fitStandardizer(x: Float64Array, width: number): Standardizer {
  const n = x.length / width;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`matrix of ${x.length} values is not n × ${width} with n ≥ 1`);
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (x[i * width + j] as number);
  for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < width; j++) {
      const d = (x[i * width + j] as number) - (mean[j] as number);
      scale[j] = (scale[j] as number) + d * d;
    }
  }
  for (let j = 0; j < width; j++) {
    const std = Math.sqrt((scale[j] as number) / n);
    scale[j] = std > CONSTANT_FEATURE && Number.isFinite(std) ? std : 1;
  }
  return { mean, scale };
}

/**
 * Applies a standardizer to a row-major matrix, returning a new matrix.
 *
 * @example
 * standardize({ mean: Float64Array.of(2), scale: Float64Array.of(4) }, Float64Array.of(6, -2)); // [1, -1]
 */
export function standardize(s: Standardizer, x: Float64Array): Float64Array {
  const width = s.mean.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % width;
    out[i] = ((x[i] as number) - (s.mean[j] as number)) / (s.scale[j] as number);
  }
  return out;
}
