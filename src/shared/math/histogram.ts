/**
 * @module shared/math/histogram
 * Bins for drift statistics: edges at a baseline's quantiles and counts of values per bin.
 * With interior edges e₀ < e₁ < … < e₍B−2₎ there are B bins; bin i holds the x with
 * e₍i−1₎ < x <= e_i (bin 0 is (−∞, e₀], the last bin (e₍B−2₎, ∞)), i.e. the index is the number of
 * edges strictly below x, as NumPy's `searchsorted(edges, x, side='left')`.
 */
import { quantileSortedUnchecked, sortedCopy } from './quantile.js';
import { at, checkArray, checkInteger } from './validate.js';

/**
 * Interior bin edges at the type-7 quantiles k/bins (k = 1..bins−1) of `baseline`, with
 * repeated values dropped, so a baseline with heavy ties yields fewer than `bins` bins.
 * Throws a `RangeError` for an empty baseline or bins < 1.
 *
 * @example
 * quantileBinEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4); // [3.25, 5.5, 7.75]
 * quantileBinEdges([0, 0, 0, 0, 0, 0, 1, 2], 4);       // [0, 0.25]
 */
export function quantileBinEdges(baseline: ArrayLike<number>, bins: number): number[] {
  checkInteger('quantileBinEdges', 'bins', bins, 1);
  if (baseline.length === 0) throw new RangeError('quantileBinEdges: baseline must not be empty');
  const sorted = sortedCopy('quantileBinEdges', 'baseline', baseline);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSortedUnchecked(sorted, k / bins);
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  return edges;
}

/**
 * The bin of `x` for ascending interior `edges`: the number of edges strictly below x
 * (binary search, no allocation). `edges` is not re-validated here; it is per-event code.
 *
 * @example
 * binIndex([3.25, 5.5, 7.75], 5.5); // 1
 * binIndex([3.25, 5.5, 7.75], 100); // 3
 */
export function binIndex(edges: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(edges, mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Throws unless `edges` is a strictly ascending array of finite numbers. */
export function checkEdges(fn: string, edges: ArrayLike<number>): void {
  checkArray(fn, 'edges', edges);
  for (let i = 1; i < edges.length; i++) {
    if (!(at(edges, i) > at(edges, i - 1))) throw new RangeError(`${fn}: edges must be strictly ascending (edges[${i}] = ${at(edges, i)})`);
  }
}

/**
 * Counts of `values` in the edges.length + 1 bins of `edges`.
 *
 * @example
 * binCounts([3.25, 5.5, 7.75], [1, 4, 5.5, 6, 9, 10]); // [1, 2, 1, 2]
 */
export function binCounts(edges: ArrayLike<number>, values: ArrayLike<number>): number[] {
  checkEdges('binCounts', edges);
  checkArray('binCounts', 'values', values);
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const b = binIndex(edges, at(values, i));
    counts[b] = (counts[b] as number) + 1;
  }
  return counts;
}
