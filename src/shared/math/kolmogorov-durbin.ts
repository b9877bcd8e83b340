/**
 * @module shared/math/kolmogorov-durbin
 * The exact CDF P(Dₙ < d) of the one-sample two-sided Kolmogorov–Smirnov statistic by Durbin's
 * matrix formula, as given by Marsaglia, Tsang & Wang, "Evaluating Kolmogorov's distribution",
 * J. Stat. Softw. 8(18), 2003: with k = ⌊nd⌋ + 1, m = 2k − 1, h = k − nd, an m×m matrix H whose
 * (i, j) entry is 1/(i − j + 1)! for i − j + 1 > 0 (0 above the super-diagonal), corrected in the
 * first column and last row by powers of h, gives P(Dₙ < d) = n!/nⁿ · (Hⁿ)₍k,k₎.
 * Hⁿ is taken by repeated squaring with a decimal exponent kept aside (entries rescaled by
 * 10⁻¹⁴⁰ when they grow), so nothing overflows. About 13–15 correct digits; cost O(m³·log n),
 * so callers use it only where m is small (n·d² < 0.76 for n <= 140, see kolmogorov.ts).
 */

/** C = A·B for m×m row-major matrices (C must not alias A or B). */
function multiply(a: Float64Array, b: Float64Array, c: Float64Array, m: number): void {
  c.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let l = 0; l < m; l++) {
      const ail = a[row + l] as number;
      if (ail === 0) continue;
      const bRow = l * m;
      for (let j = 0; j < m; j++) c[row + j] = (c[row + j] as number) + ail * (b[bRow + j] as number);
    }
  }
}

/** Durbin's matrix H for (n, d), see the module header. */
function durbinMatrix(n: number, d: number, k: number, m: number): Float64Array {
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 >= 0 ? 1 : 0;
  for (let i = 0; i < m; i++) {
    H[i * m] = (H[i * m] as number) - Math.pow(h, i + 1);
    H[(m - 1) * m + i] = (H[(m - 1) * m + i] as number) - Math.pow(h, m - i);
  }
  if (2 * h - 1 > 0) H[(m - 1) * m] = (H[(m - 1) * m] as number) + Math.pow(2 * h - 1, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let f = 1;
      for (let g = 2; g <= i - j + 1; g++) f *= g;
      H[i * m + j] = (H[i * m + j] as number) / f;
    }
  }
  return H;
}

/** Hⁿ as (matrix, decimal exponent), by the binary digits of n from the top. */
function power(H: Float64Array, m: number, n: number): { q: Float64Array; exponent: number } {
  let q = Float64Array.from(H);
  let scratch = new Float64Array(m * m);
  let exponent = 0;
  const centre = (m >> 1) * m + (m >> 1);
  const bits = n.toString(2);
  for (let b = 1; b < bits.length; b++) {
    multiply(q, q, scratch, m);
    [q, scratch] = [scratch, q];
    exponent *= 2;
    if (bits[b] === '1') {
      multiply(H, q, scratch, m);
      [q, scratch] = [scratch, q];
    }
    if ((q[centre] as number) > 1e140) {
      for (let i = 0; i < q.length; i++) q[i] = (q[i] as number) * 1e-140;
      exponent += 140;
    }
  }
  return { q, exponent };
}

/**
 * P(Dₙ < d) for integer n >= 1 and 0 < d < 1 (unchecked), by Durbin's matrix.
 *
 * @example
 * durbinCdf(10, 0.274); // 0.6284796154565043
 */
export function durbinCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const { q, exponent } = power(durbinMatrix(n, d, k, m), m, n);
  let s = q[(k - 1) * m + k - 1] as number;
  let e = exponent;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) {
      s *= 1e140;
      e -= 140;
    }
  }
  return s * Math.pow(10, e);
}
