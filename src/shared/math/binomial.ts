/**
 * @module shared/math/binomial
 * The binomial distribution B(n, p): PMF, CDF and survival function, exact to ~1e-13 relative.
 *
 * The PMF is Loader's saddle-point form (C. Loader, "Fast and accurate computation of binomial
 * probabilities", 2000):
 *   log P(X = k) = δ(n) − δ(k) − δ(n−k) − bd0(k, np) − bd0(n−k, nq) − ½·log(2πk(n−k)/n)
 * with δ Stirling's error and bd0(x, M) = x·log(x/M) + M − x summed as a series when x ≈ M.
 * Unlike log-gamma differences it keeps its relative precision for n up to 2^53.
 * Tails are sums of PMF terms by the ratio recurrence, always summed from the tail's inner end
 * outwards (terms decrease, no cancellation); a tail that contains the mean is taken as one
 * minus the other tail. Summation stops when a term falls below 1e-20 of the sum, so it costs
 * about 10·√(npq) steps at most.
 */
import { stirlingError } from './lgamma.js';
import { checkInteger, checkProbability } from './validate.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Loader's deviance bd0(x, m) = x·log(x/m) + m − x, by series when |x − m| is small. */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * log P(X = k) for 0 < k < n given the two means n·p and n·q (n·p + n·q = n) rather than p, for
 * callers that know n·q exactly where 1 − p would round (the Smirnov sum).
 */
export function logPmfInterior(k: number, n: number, np: number, nq: number): number {
  const lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - bd0(k, np) - bd0(n - k, nq);
  const lf = LOG_2PI + Math.log(k) + Math.log(n - k) - Math.log(n); // not log1p(−k/n): k/n rounds
  return lc - 0.5 * lf;
}

/** log P(X = k) for integer 0 <= k <= n, 0 <= p <= 1 (unchecked). */
export function logPmfUnchecked(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  return logPmfInterior(k, n, n * p, n * (1 - p));
}

/** Σ_{j=k..n} P(X = j) for k > np − q (the terms decrease from k upwards). */
function sumUpFrom(k: number, n: number, p: number): number {
  let t = Math.exp(logPmfUnchecked(k, n, p));
  let sum = t;
  const ratio = p / (1 - p);
  for (let j = k; j < n && t > sum * 1e-20; j++) {
    t *= ((n - j) / (j + 1)) * ratio;
    sum += t;
  }
  return sum;
}

/** Σ_{j=0..k} P(X = j) for k < (n+1)p (the terms decrease from k downwards). */
function sumDownFrom(k: number, n: number, p: number): number {
  let t = Math.exp(logPmfUnchecked(k, n, p));
  let sum = t;
  const ratio = (1 - p) / p;
  for (let j = k; j > 0 && t > sum * 1e-20; j--) {
    t *= (j / (n - j + 1)) * ratio;
    sum += t;
  }
  return sum;
}

/** P(X >= k), unchecked arguments. */
export function upperTailUnchecked(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return k > n * p ? sumUpFrom(k, n, p) : Math.max(0, 1 - sumDownFrom(k - 1, n, p));
}

/** P(X <= k), unchecked arguments. */
export function lowerTailUnchecked(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  return k < n * p ? sumDownFrom(k, n, p) : Math.max(0, 1 - sumUpFrom(k + 1, n, p));
}

function check(fn: string, k: number, n: number, p: number): void {
  checkInteger(fn, 'n', n);
  if (n > Number.MAX_SAFE_INTEGER) throw new RangeError(`${fn}: n must be <= 2^53 - 1, got ${n}`);
  checkInteger(fn, 'k', k, Number.MIN_SAFE_INTEGER);
  checkProbability(fn, 'p', p);
}

/**
 * P(X = k) for X ~ B(n, p); 0 for k outside 0..n.
 *
 * @example
 * binomialPmf(7, 100, 0.03); // 0.020603700575176846
 */
export function binomialPmf(k: number, n: number, p: number): number {
  check('binomialPmf', k, n, p);
  if (k < 0 || k > n) return 0;
  return Math.exp(logPmfUnchecked(k, n, p));
}

/**
 * log P(X = k) for X ~ B(n, p); −Infinity for k outside 0..n. Finite far below the double range
 * of the PMF itself.
 *
 * @example
 * binomialLogPmf(900, 1000, 0.5); // -371.2338931266806
 */
export function binomialLogPmf(k: number, n: number, p: number): number {
  check('binomialLogPmf', k, n, p);
  if (k < 0 || k > n) return -Infinity;
  return logPmfUnchecked(k, n, p);
}

/**
 * The CDF P(X <= k) for X ~ B(n, p) (SciPy `binom.cdf`).
 *
 * @example
 * binomialCdf(1, 100, 0.03); // 0.194622120065836
 */
export function binomialCdf(k: number, n: number, p: number): number {
  check('binomialCdf', k, n, p);
  return lowerTailUnchecked(k, n, p);
}

/**
 * The survival function P(X > k) for X ~ B(n, p) (SciPy `binom.sf`).
 *
 * @example
 * binomialSf(6, 100, 0.03); // 0.031227509431355195
 */
export function binomialSf(k: number, n: number, p: number): number {
  check('binomialSf', k, n, p);
  return upperTailUnchecked(k + 1, n, p);
}
