/**
 * @module detect/baseline-features
 * The feature part of a baseline profile from recorded feature vectors: per-feature mean,
 * the sample covariance (no shrinkage: intensity 0) and quantile-edged histograms.
 */
import type { FeatureBaseline } from './baseline.js';
import { binCounts, quantileBinEdges } from '../shared/math/index.js';

/**
 * @example
 * featureStatistics([[1, 2], [3, 4]], ['a', 'b'], 10).mean; // [2, 3]
 */
export function featureStatistics(rows: readonly (readonly number[])[], names: readonly string[] | undefined, bins: number): FeatureBaseline {
  const d = rows.reduce((m, r) => Math.min(m, r.length), Number.POSITIVE_INFINITY);
  const n = rows.length;
  const mean = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (r[j] as number) / n;
  const covariance = new Array<number>(d * d).fill(0);
  for (const r of rows) {
    for (let a = 0; a < d; a++) {
      const da = (r[a] as number) - (mean[a] as number);
      for (let b = a; b < d; b++) covariance[a * d + b] = (covariance[a * d + b] as number) + da * ((r[b] as number) - (mean[b] as number));
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = (covariance[a * d + b] as number) / Math.max(1, n - 1);
      covariance[a * d + b] = v;
      covariance[b * d + a] = v;
    }
  }
  const histograms = Array.from({ length: d }, (_, j) => {
    const column = rows.map((r) => r[j] as number);
    const edges = quantileBinEdges(column, bins);
    return { edges, counts: binCounts(edges, column) };
  });
  return { names: Array.from({ length: d }, (_, j) => names?.[j] ?? `f${j}`), count: n, mean, covariance, shrinkage: 0, histograms };
}
