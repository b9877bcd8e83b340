/**
 * @module shared/math/binomial-test
 * The exact binomial test of an observed count against a baseline rate, as in SciPy's
 * `scipy.stats.binomtest`: "is an injection rate of 7 in 100 above the baseline rate 3%?".
 *
 * - `greater`: P(X >= k); `less`: P(X <= k), X ~ B(n, p).
 * - `two-sided`: the sum of P(X = j) over every j whose probability is no larger than that of the
 *   observed k, with SciPy's relative tolerance of 1e-7 on the comparison (so that values equal
 *   up to rounding count as "as extreme"). 1 when k equals np exactly.
 * - Degenerate inputs follow the distribution: n = 0 gives 1; p = 0 or 1 gives 1 when k is the
 *   only possible value and 0 otherwise.
 *
 * Exact tails cost about 10·√(np(1−p)) steps. When the variance np(1−p) exceeds
 * {@link BINOMIAL_EXACT_MAX_VARIANCE} (σ > 10⁴, never the case for a window of a few million
 * events at the rates bulwark judges) the normal approximation with continuity correction is
 * used instead: P(X >= k) ≈ 1 − Φ((k − ½ − np)/σ). Its error there is dominated by the skewness
 * term, relative error ≈ |1−2p|·z³/(6σ) in the tail at z standard deviations. Measured against
 * SciPy at the switch point (p = 0.03, σ = 10⁴): 4e-4 at z = 3, 2e-3 at z = 5, 8e-3 at z = 8;
 * ~1e-7 for p = ½ (binomial-test.test.ts).
 */
import { logPmfUnchecked, lowerTailUnchecked, upperTailUnchecked } from './binomial.js';
import { normalCdf, normalSf } from './normal.js';
import { checkInteger, checkProbability } from './validate.js';

/** The variance np(1−p) above which the normal approximation replaces the exact sums. */
export const BINOMIAL_EXACT_MAX_VARIANCE = 1e8;

/** SciPy's tolerance for "as probable as the observed count" in the two-sided test. */
const TWO_SIDED_RELATIVE_TOLERANCE = 1e-7;

/** Which deviation from the baseline rate counts as evidence. */
export type Alternative = 'greater' | 'less' | 'two-sided';

export interface BinomialTestResult {
  /** The p-value, in [0, 1]. */
  readonly pValue: number;
  /** `exact` sums of PMF terms, or the `normal` approximation for very large variance. */
  readonly method: 'exact' | 'normal';
}

/** Smallest j in [lo, n] with log P(X=j) <= limit, pmf decreasing on [lo, n]; n+1 if none. */
function firstAtOrBelow(lo: number, n: number, p: number, limit: number): number {
  let a = lo;
  let b = n + 1;
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2);
    if (logPmfUnchecked(mid, n, p) <= limit) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** Largest j in [0, hi] with log P(X=j) <= limit, pmf increasing on [0, hi]; −1 if none. */
function lastAtOrBelow(hi: number, n: number, p: number, limit: number): number {
  let a = -1;
  let b = hi;
  while (a < b) {
    const mid = a + Math.ceil((b - a) / 2);
    if (logPmfUnchecked(mid, n, p) <= limit) a = mid;
    else b = mid - 1;
  }
  return a;
}

function twoSidedExact(k: number, n: number, p: number): number {
  const mean = n * p;
  if (k === mean) return 1;
  const limit = logPmfUnchecked(k, n, p) + Math.log1p(TWO_SIDED_RELATIVE_TOLERANCE);
  if (k < mean) {
    const j = firstAtOrBelow(Math.ceil(mean), n, p, limit);
    return Math.min(1, lowerTailUnchecked(k, n, p) + upperTailUnchecked(j, n, p));
  }
  const j = lastAtOrBelow(Math.floor(mean), n, p, limit);
  return Math.min(1, lowerTailUnchecked(j, n, p) + upperTailUnchecked(k, n, p));
}

function normalApproximation(k: number, n: number, p: number, alternative: Alternative): number {
  const mean = n * p;
  const sigma = Math.sqrt(mean * (1 - p));
  if (alternative === 'greater') return normalSf((k - 0.5 - mean) / sigma);
  if (alternative === 'less') return normalCdf((k + 0.5 - mean) / sigma);
  const excess = Math.abs(k - mean) - 0.5;
  return excess <= 0 ? 1 : Math.min(1, 2 * normalSf(excess / sigma));
}

/**
 * Binomial test of `k` successes in `n` trials against the baseline success rate `p`.
 * Throws a `RangeError` naming the argument for a non-integer or negative k or n, k > n, or p
 * outside [0, 1].
 *
 * @example
 * binomialTest(7, 100, 0.03, 'greater');   // { pValue: 0.031227509431355195, method: 'exact' }
 * binomialTest(7, 100, 0.03, 'two-sided'); // { pValue: 0.031227509431355195, method: 'exact' }
 */
export function binomialTest(k: number, n: number, p: number, alternative: Alternative = 'two-sided'): BinomialTestResult {
  checkInteger('binomialTest', 'n', n);
  if (n > Number.MAX_SAFE_INTEGER) throw new RangeError(`binomialTest: n must be <= 2^53 - 1, got ${n}`);
  checkInteger('binomialTest', 'k', k);
  if (k > n) throw new RangeError(`binomialTest: k must be <= n (${n}), got ${k}`);
  checkProbability('binomialTest', 'p', p);
  if (alternative !== 'greater' && alternative !== 'less' && alternative !== 'two-sided') {
    throw new RangeError(`binomialTest: alternative must be 'greater', 'less' or 'two-sided', got ${String(alternative)}`);
  }
  if (n * p * (1 - p) > BINOMIAL_EXACT_MAX_VARIANCE) {
    return { pValue: normalApproximation(k, n, p, alternative), method: 'normal' };
  }
  let pValue: number;
  if (alternative === 'greater') pValue = upperTailUnchecked(k, n, p);
  else if (alternative === 'less') pValue = lowerTailUnchecked(k, n, p);
  else if (p === 0 || p === 1) pValue = logPmfUnchecked(k, n, p) === 0 ? 1 : 0;
  else pValue = twoSidedExact(k, n, p);
  return { pValue, method: 'exact' };
}
