/**
 * @module shared/math/lgamma
 * log Γ(x) by the Stirling series, and the Stirling correction term that the binomial PMF
 * (Loader 2000) needs. For x >= 10 the series
 *   log Γ(x) = (x − ½)·log x − x + ½·log 2π + Σ_k B_2k / (2k(2k−1)·x^(2k−1))
 * is summed to the B_16 term (truncation < 3e-17 at x = 10); smaller x are shifted up with
 * Γ(x) = Γ(x+m) / (x(x+1)…(x+m−1)), negative x use the reflection formula.
 * Error for x > 0: absolute <= 1e-14; relative <= 1e-14 away from the zeros of log Γ at 1 and 2
 * (near them the result is a difference of two numbers near log Γ(10) ≈ 12.8; integers up to 23
 * are exact log-factorials, so log Γ(1) = log Γ(2) = 0 exactly). Negative x inherit the
 * reflection's error, which grows near the poles. Checked against SciPy's `gammaln`.
 */
import { checkFinite } from './validate.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Below this the argument is shifted up before the series is used. */
const SERIES_MIN_X = 10;

/**
 * The Stirling correction S(x) = log Γ(x+1) − [(x + ½)·log x − x + ½·log 2π] for x >= 10,
 * i.e. 1/(12x) − 1/(360x³) + … (B_2k/(2k(2k−1))·x^(1−2k), k = 1..8).
 */
function stirlingSeries(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  // Horner form of the Bernoulli terms, innermost = B16 term.
  const s =
    1 / 12 -
    r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 * (1 / 156 - (r2 * 3617) / 122400))))));
  return s * r;
}

/** log n! for n = 0..22 from the factorials themselves (exact up to 18!, one rounding per factor
 * beyond), where the series would be truncated too early. */
const LOG_FACTORIAL_SMALL: readonly number[] = (() => {
  const out: number[] = [];
  let f = 1;
  for (let n = 0; n <= 22; n++) {
    if (n > 0) f *= n;
    out.push(Math.log(f));
  }
  return out;
})();

/**
 * Natural logarithm of |Γ(x)|. Poles (x = 0, −1, −2, …) give `Infinity`.
 *
 * @example
 * lgamma(0.5);  // 0.5723649429246986 (log √π = 0.5723649429247001)
 * lgamma(101);  // 363.73937555556347 (= log 100!)
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('lgamma: x must be a number, got NaN');
  if (x === Infinity) return Infinity;
  checkFinite('lgamma', 'x', x);
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  if (x <= 23 && Number.isInteger(x)) return LOG_FACTORIAL_SMALL[x - 1] as number; // exact zeros at 1 and 2
  let shift = 0;
  let prod = 1;
  let y = x;
  while (y < SERIES_MIN_X) {
    prod *= y;
    y += 1;
    shift++;
  }
  // log Γ(y) = log Γ(y+1) − log y = (y − ½)·log y − y + ½·log 2π + S(y)
  const base = (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + stirlingSeries(y);
  return shift === 0 ? base : base - Math.log(prod);
}

/**
 * Stirling's error δ(n) = log n! − log(√(2πn)·(n/e)^n), the quantity Loader's binomial PMF
 * is built on. Exact factorials for n < 10, the series above beyond. δ(0) = 0 by convention.
 *
 * @example
 * stirlingError(1);   // 0.08106146679532733
 * stirlingError(100); // 0.0008333305556349147
 */
export function stirlingError(n: number): number {
  if (n <= 0) return 0;
  if (n < SERIES_MIN_X && Number.isInteger(n)) {
    return (LOG_FACTORIAL_SMALL[n] as number) - (n + 0.5) * Math.log(n) + n - HALF_LOG_2PI;
  }
  if (n >= SERIES_MIN_X) return stirlingSeries(n);
  return lgamma(n + 1) - (n + 0.5) * Math.log(n) + n - HALF_LOG_2PI;
}
