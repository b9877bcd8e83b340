/**
 * @module inspect/baseline/covariance
 * Input features of a baseline: streaming mean and co-moment matrix (multivariate Welford),
 * exact merging (Chan et al.: M = Ma + Mb + δ·δᵀ·na·nb/n), per-feature fixed-edge
 * histograms, and the SHRINKAGE covariance the OOD inspector inverts.
 *
 * Shrinkage: Σ = (1 − λ)·S + λ·diag(S), S the sample covariance (n − 1), with a FIXED
 * intensity λ (default 0.1, `--shrinkage`): variances are kept, correlations are scaled by
 * 1 − λ. Σ is positive definite whenever every variance is positive and λ > 0, which S
 * alone is not when features are collinear (one-hot groups) or n is close to p. A fixed λ
 * (rather than the Ledoit–Wolf estimate, which needs fourth moments) keeps profiles exactly
 * mergeable: S is recovered from Σ as S_ij = Σ_ij / (1 − λ) off the diagonal, so λ < 1.
 */
import type { FeatureBaseline } from '../../detect/baseline.js';
import { binIndex } from '../../shared/math/index.js';
import { inspectErrors } from '../errors.js';
import { LOG_EDGES } from './grid.js';

/**
 * Accumulates feature rows.
 *
 * @example
 * const acc = new FeatureAccumulator(['amount', 'velocity']);
 * acc.add([55, 0]); acc.add([70, 2]);
 * acc.toBaseline(0.1).mean; // [62.5, 1]
 */
export class FeatureAccumulator {
  readonly names: readonly string[];
  readonly #p: number;
  readonly #mean: Float64Array;
  readonly #m2: Float64Array;
  readonly #delta: Float64Array;
  readonly #hist: number[][];
  #n = 0;

  constructor(names: readonly string[]) {
    this.names = names;
    this.#p = names.length;
    this.#mean = new Float64Array(this.#p);
    this.#m2 = new Float64Array(this.#p * this.#p);
    this.#delta = new Float64Array(this.#p);
    this.#hist = names.map(() => new Array<number>(LOG_EDGES.length + 1).fill(0));
  }

  get count(): number {
    return this.#n;
  }

  /** Adds one row of `names.length` finite values (callers check). */
  add(row: ArrayLike<number>): void {
    const p = this.#p;
    this.#n++;
    for (let i = 0; i < p; i++) {
      const x = row[i] as number;
      const d = x - (this.#mean[i] as number);
      this.#delta[i] = d;
      this.#mean[i] = (this.#mean[i] as number) + d / this.#n;
      const h = this.#hist[i] as number[];
      const b = binIndex(LOG_EDGES, x);
      h[b] = (h[b] as number) + 1;
    }
    for (let i = 0; i < p; i++) {
      const di = this.#delta[i] as number;
      for (let j = 0; j < p; j++) this.#m2[i * p + j] = (this.#m2[i * p + j] as number) + di * ((row[j] as number) - (this.#mean[j] as number));
    }
  }

  toBaseline(shrinkage: number): FeatureBaseline {
    const p = this.#p;
    const sample = Array.from(this.#m2, (m) => (this.#n > 1 ? m / (this.#n - 1) : 0));
    return {
      names: [...this.names],
      count: this.#n,
      mean: Array.from(this.#mean),
      covariance: shrink(sample, p, shrinkage),
      shrinkage,
      histograms: this.#hist.map((counts) => ({ edges: [...LOG_EDGES], counts: [...counts] })),
    };
  }
}

/**
 * (1 − λ)·S + λ·diag(S), row-major p × p.
 *
 * @example
 * shrink([1, 0.5, 0.5, 1], 2, 0.1); // [1, 0.45, 0.45, 1]
 */
export function shrink(sample: readonly number[], p: number, lambda: number): number[] {
  return sample.map((s, k) => (Math.floor(k / p) === k % p ? s : (1 - lambda) * s));
}

function unshrink(cov: readonly number[], p: number, lambda: number): number[] {
  return cov.map((c, k) => (Math.floor(k / p) === k % p ? c : c / (1 - lambda)));
}

function checkCompatible(a: FeatureBaseline, b: FeatureBaseline): void {
  const sameNames = a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i]);
  if (!sameNames) throw inspectErrors.error('INS_ERR_BASELINE_MISMATCH', `feature names differ: [${a.names.slice(0, 8).join(', ')}…] vs [${b.names.slice(0, 8).join(', ')}…]`, {});
  if (a.shrinkage !== b.shrinkage) throw inspectErrors.error('INS_ERR_BASELINE_MISMATCH', `shrinkage intensities differ: ${a.shrinkage} vs ${b.shrinkage}`, {});
  if (!(a.shrinkage < 1)) throw inspectErrors.error('INS_ERR_BASELINE_MISMATCH', 'profiles built with shrinkage 1 keep no covariances and cannot be merged', {});
}

/**
 * Merges two feature baselines exactly (up to rounding): means and co-moments combine by
 * Chan et al.'s formula on the unshrunk covariances, histograms add, the result is shrunk
 * again with the same λ. Throws `INS_ERR_BASELINE_MISMATCH` for different names or λ.
 *
 * @example
 * mergeFeatureBaselines(a.features!, b.features!).count; // a.features.count + b.features.count
 */
export function mergeFeatureBaselines(a: FeatureBaseline, b: FeatureBaseline): FeatureBaseline {
  checkCompatible(a, b);
  if (a.count === 0) return b;
  if (b.count === 0) return a;
  const p = a.names.length;
  const n = a.count + b.count;
  const sa = unshrink(a.covariance, p, a.shrinkage);
  const sb = unshrink(b.covariance, p, b.shrinkage);
  const delta = a.mean.map((m, i) => (b.mean[i] as number) - m);
  const mean = a.mean.map((m, i) => m + ((delta[i] as number) * b.count) / n);
  const sample = sa.map((s, k) => {
    const i = Math.floor(k / p);
    const j = k % p;
    const m2 = s * (a.count - 1) + (sb[k] as number) * (b.count - 1) + (((delta[i] as number) * (delta[j] as number) * a.count) / n) * b.count;
    return n > 1 ? m2 / (n - 1) : 0;
  });
  return {
    names: [...a.names],
    count: n,
    mean,
    covariance: shrink(sample, p, a.shrinkage),
    shrinkage: a.shrinkage,
    histograms: a.histograms.map((h, i) => ({ edges: [...h.edges], counts: h.counts.map((c, k) => c + (b.histograms[i]?.counts[k] ?? 0)) })),
  };
}
