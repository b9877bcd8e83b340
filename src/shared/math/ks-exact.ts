/**
 * @module shared/math/ks-exact
 * The exact null distribution of the two-sample Kolmogorov–Smirnov statistic, two-sided, for
 * continuous data (no ties): P(D >= d) when all C(m+n, m) orderings of the pooled sample are
 * equally likely. With D·m·n = h (an integer), an ordering is a lattice path from (0, 0) to
 * (m, n), and D < d exactly when every point (i, j) on it has |i·n − j·m| < h.
 * - m = n: the reflection principle gives P(D >= h/n) = 2·Σ_{k>=1} (−1)^(k+1)·C(2n, n − kh)/C(2n, n),
 *   summed with Loader's PMF, accurate in relative terms even for tiny p-values.
 * - otherwise: the probability v(i, j) that a uniform random path to (i, j) stays inside obeys
 *   v(i, j) = (i·v(i−1, j) + j·v(i, j−1))/(i + j), one row at a time (O(m·n) time, O(n) memory);
 *   the p-value is 1 − v(m, n), so its absolute error is ~(m + n)·1e-16 (as SciPy's).
 * With ties the statistic is discrete and these p-values are conservative, as in SciPy.
 */
import { logPmfUnchecked } from './binomial.js';

/** Largest m·n for which the exact path count is attempted (≈ 0.1–0.3 s at the limit). */
export const KS_EXACT_MAX_CELLS = 1e8;

function equalSizes(n: number, h: number): number {
  // C(2n, n − kh)/C(2n, n) = P(B(2n, ½) = n − kh) / P(B(2n, ½) = n)
  const centre = logPmfUnchecked(n, 2 * n, 0.5);
  let sum = 0;
  for (let k = 1; k * h <= n; k++) {
    const term = Math.exp(logPmfUnchecked(n - k * h, 2 * n, 0.5) - centre);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * sum) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

function insideProbability(m: number, n: number, h: number): number {
  const row = new Float64Array(n + 1);
  row[0] = 1;
  for (let j = 1; j <= n; j++) row[j] = j * m < h ? 1 : 0; // i = 0: inside while j·m < h
  for (let i = 1; i <= m; i++) {
    const iN = i * n;
    row[0] = iN < h ? (row[0] as number) : 0;
    for (let j = 1; j <= n; j++) {
      const inside = Math.abs(iN - j * m) < h;
      row[j] = inside ? (i * (row[j] as number) + j * (row[j - 1] as number)) / (i + j) : 0;
    }
  }
  return row[n] as number;
}

/**
 * P(D >= h/(m·n)) under the null, two-sided, for sample sizes m, n >= 1 and the statistic
 * scaled to the integer h = D·m·n (unchecked; m·n <= KS_EXACT_MAX_CELLS).
 *
 * @example
 * ksExactTwoSided(5, 5, 15); // 0.3571428571428562 (D = 0.6)
 */
export function ksExactTwoSided(m: number, n: number, h: number): number {
  if (h <= 0) return 1;
  if (m === n) return equalSizes(n, h / n);
  return Math.min(1, Math.max(0, 1 - insideProbability(m, n, h)));
}
