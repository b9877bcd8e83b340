/**
 * @module shared/math/quantile
 * Sample quantiles by Hyndman & Fan's definition 7, NumPy's default (`np.quantile`, method
 * 'linear'): with the sorted sample x₀ <= … <= x₍ₙ₋₁₎ and h = (n − 1)·q,
 *   Q(q) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
 * Exact up to one rounding of the interpolation.
 */
import { at, checkArray, checkProbability } from './validate.js';

/** Type-7 quantile of an already sorted, non-empty sample (unchecked, no allocation). */
export function quantileSortedUnchecked(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const x0 = at(sorted, lo);
  if (lo + 1 >= sorted.length) return x0;
  const frac = h - lo;
  return frac === 0 ? x0 : x0 + frac * (at(sorted, lo + 1) - x0);
}

/**
 * The type-7 quantile of a sample that is already sorted ascending. No copy is made; the order is
 * not checked beyond what it costs nothing to check. Throws a `RangeError` for an empty sample or
 * `q` outside [0, 1].
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.25); // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  checkProbability('quantileSorted', 'q', q);
  if (sorted.length === 0) throw new RangeError('quantileSorted: sorted must not be empty');
  return quantileSortedUnchecked(sorted, q);
}

/** A sorted Float64Array copy of `values` (NaN and ±Infinity rejected). */
export function sortedCopy(fn: string, name: string, values: ArrayLike<number>): Float64Array {
  checkArray(fn, name, values);
  const out = Float64Array.from(values);
  out.sort();
  return out;
}

/**
 * Type-7 quantiles of an unsorted sample, one per entry of `qs` (the sample is sorted once).
 * Throws a `RangeError` for an empty sample, a non-finite value, or any q outside [0, 1].
 *
 * @example
 * quantiles([3, 1, 4, 1, 5, 9, 2, 6], [0.1, 0.5, 0.9]); // [1, 3.5, 6.8999999999999995]
 */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  for (const q of qs) checkProbability('quantiles', 'qs[]', q);
  if (values.length === 0) throw new RangeError('quantiles: values must not be empty');
  const sorted = sortedCopy('quantiles', 'values', values);
  return qs.map((q) => quantileSortedUnchecked(sorted, q));
}

/**
 * The type-7 quantile of an unsorted sample.
 *
 * @example
 * quantile([3, 1, 4, 1, 5], 0.5); // 3
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantiles(values, [q])[0] as number;
}
