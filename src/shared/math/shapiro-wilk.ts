/**
 * @module shared/math/shapiro-wilk
 * The Shapiro–Wilk test of normality by Royston's approximation (P. Royston, "Approximating the
 * Shapiro–Wilk W-test for non-normality", Statistics and Computing 2, 1992; Algorithm AS R94,
 * Applied Statistics 44, 1995), valid for 3 <= n <= 5000 — the method of SciPy's `shapiro` and
 * R's `shapiro.test`. PRADA flags model extraction when W of a client's query distances drops.
 *
 * - Coefficients: mᵢ = Φ⁻¹((i − 3/8)/(n + 1/4)); the two extreme weights are Royston's
 *   polynomials in u = 1/√n, the others mᵢ normalised so that Σaᵢ² = 1 (n = 3: a₁ = √½).
 * - W = (Σ aᵢ·(x₍ₙ₊₁₋ᵢ₎ − x₍ᵢ₎))² / Σ(xᵢ − x̄)², with 1 − W formed as (1 − r)(1 + r) so that it keeps
 *   its precision when W is close to 1.
 * - p-value: exact for n = 3, p = (6/π)·(asin √W − asin √¾); otherwise log(1 − W) (n >= 12) or
 *   −log(γ − log(1 − W)) with γ = −2.273 + 0.459n (4 <= n <= 11) is taken as normal with
 *   Royston's mean and log-sd polynomials, and p is its upper tail.
 * Everything here is double precision and agrees with R's `shapiro.test` (the same algorithm in
 * double) to 1e-12 in W and 1e-9 in p. SciPy's Fortran `swilk` is single precision (float32), so
 * SciPy agrees only to ~5e-6 in W and, through log(1 − W), a few % in p at n = 5000 (see the tests).
 * A sample whose values are all equal has no W: `{ ok: false, reason: 'zero-range' }`.
 */
import { normalQuantile, normalSf } from './normal.js';
import type { Unmeasurable } from './outcome.js';
import { unmeasurable } from './outcome.js';
import { sortedCopy } from './quantile.js';
import { at } from './validate.js';

/** Sample sizes the approximation covers. */
export const SHAPIRO_WILK_MIN_N = 3;
export const SHAPIRO_WILK_MAX_N = 5000;

const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
const C6 = [-0.4803, -0.082676, 0.0030302];

/** c₀ + c₁x + c₂x² + … */
function poly(c: readonly number[], x: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * x + (c[i] as number);
  return r;
}

/** The ⌊n/2⌋ positive weights a₁ >= a₂ >= … for the pairs (x₍ₙ₊₁₋ᵢ₎ − x₍ᵢ₎). */
function computeWeights(n: number): Float64Array {
  const half = n >> 1;
  const a = new Float64Array(half);
  if (n === 3) {
    a[0] = Math.SQRT1_2;
    return a;
  }
  const m = new Float64Array(half); // m₁ < m₂ < … < 0 (the lower half)
  let summ2 = 0;
  for (let i = 0; i < half; i++) {
    const mi = normalQuantile((i + 1 - 0.375) / (n + 0.25));
    m[i] = mi;
    summ2 += 2 * mi * mi;
  }
  const ssumm2 = Math.sqrt(summ2);
  const u = 1 / Math.sqrt(n);
  const m1 = m[0] as number;
  const a1 = poly(C1, u) - m1 / ssumm2;
  let first = 1;
  let fac: number;
  if (n > 5) {
    const m2 = m[1] as number;
    const a2 = -m2 / ssumm2 + poly(C2, u);
    fac = Math.sqrt((summ2 - 2 * m1 * m1 - 2 * m2 * m2) / (1 - 2 * a1 * a1 - 2 * a2 * a2));
    a[1] = a2;
    first = 2;
  } else {
    fac = Math.sqrt((summ2 - 2 * m1 * m1) / (1 - 2 * a1 * a1));
  }
  a[0] = a1;
  for (let i = first; i < half; i++) a[i] = -(m[i] as number) / fac;
  return a;
}

// The weights depend only on n; detectors call with a handful of sizes, so keep a few.
const WEIGHTS = new Map<number, Float64Array>();
const WEIGHTS_CACHE_SIZE = 16;

function weights(n: number): Float64Array {
  let a = WEIGHTS.get(n);
  if (a === undefined) {
    a = computeWeights(n);
    if (WEIGHTS.size >= WEIGHTS_CACHE_SIZE) WEIGHTS.delete(WEIGHTS.keys().next().value as number);
    WEIGHTS.set(n, a);
  }
  return a;
}

/** Royston's p-value for W (given 1 − W) and n >= 3. */
function pValueOf(w: number, oneMinusW: number, n: number): number {
  if (n === 3) {
    const p = (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.PI / 3);
    return Math.min(1, Math.max(0, p));
  }
  const w1 = Math.log(oneMinusW);
  if (n <= 11) {
    const gamma = -2.273 + 0.459 * n;
    if (w1 >= gamma) return 1e-99; // beyond the approximation's range: as R, "obviously" non-normal
    const y = -Math.log(gamma - w1);
    return normalSf((y - poly(C3, n)) / Math.exp(poly(C4, n)));
  }
  const ln = Math.log(n);
  return normalSf((w1 - poly(C5, ln)) / Math.exp(poly(C6, ln)));
}

export interface ShapiroWilkResult {
  readonly ok: true;
  /** W in (0, 1]; small values mean non-normal. */
  readonly w: number;
  readonly pValue: number;
}

/**
 * Shapiro–Wilk W and its p-value for 3 to 5000 values (sorted internally, input untouched).
 * Throws a `RangeError` for fewer than 3 or more than 5000 values or a non-finite value;
 * returns `{ ok: false, reason: 'zero-range' }` when all values are equal.
 *
 * @example
 * shapiroWilk([2.1, 3.4, 1.9, 5.6, 4.4, 3.8, 2.9, 4.1]);
 * // { ok: true, w: 0.9695179599887065, pValue: 0.894198702655707 }
 */
export function shapiroWilk(values: ArrayLike<number>): ShapiroWilkResult | Unmeasurable {
  const n = values.length;
  if (n < SHAPIRO_WILK_MIN_N || n > SHAPIRO_WILK_MAX_N) {
    throw new RangeError(`shapiroWilk: values must have between 3 and 5000 elements, got ${n}`);
  }
  const x = sortedCopy('shapiroWilk', 'values', values);
  if (at(x, n - 1) === at(x, 0)) return unmeasurable('zero-range', 'shapiroWilk: all values are equal');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += at(x, i);
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (at(x, i) - mean) ** 2;
  const a = weights(n);
  let num = 0;
  for (let i = 0; i < a.length; i++) num += at(a, i) * (at(x, n - 1 - i) - at(x, i));
  const r = Math.min(1, Math.abs(num) / Math.sqrt(ss));
  const oneMinusW = (1 - r) * (1 + r);
  const w = r * r;
  return { ok: true, w, pValue: pValueOf(w, oneMinusW, n) };
}
