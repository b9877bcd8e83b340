/**
 * @module shared/math/kolmogorov-pelz-good
 * Pelz & Good's asymptotic series for the CDF of the one-sample two-sided Kolmogorov–Smirnov
 * statistic (W. Pelz, I. J. Good, J. R. Stat. Soc. B 38(2), 1976), in the form of Simard &
 * L'Ecuyer, "Computing the two-sided Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11),
 * 2011, eq. (6): with z = x·√n,
 *   P(Dₙ <= x) ≈ K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^(3/2),
 * K₀ the limiting Kolmogorov distribution. Simard & L'Ecuyer report it accurate to about 5
 * decimal digits for n > 140 in the region where kolmogorov.ts uses it (the same region SciPy's
 * `kstwo` uses it, so the two agree far better than that).
 */
const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * P(Dₙ <= x) by the Pelz–Good series (unchecked; n >= 1, 0 < x < 1).
 *
 * @example
 * pelzGoodCdf(1000, 0.04); // 0.9206604394099975
 */
export function pelzGoodCdf(n: number, x: number): number {
  const z = x * Math.sqrt(n);
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const z8 = z4 * z4;
  const w = PI2 / (2 * z2);
  if (w / 4 > 745) return 0; // exp(−π²/(8z²)) underflows: every term is 0
  // Terms in (k + ½)², k >= 0 (each two-sided sum is twice this).
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < 1000; k++) {
    const h2 = (k + 0.5) * (k + 0.5);
    const e = Math.exp(-w * h2);
    s0 += e;
    s1 += (PI2 * h2 - z2) * e;
    s2 += (6 * z6 + 2 * z4 + PI2 * (2 * z4 - 5 * z2) * h2 + PI4 * (1 - 2 * z2) * h2 * h2) * e;
    s3 += (PI6 * (5 - 30 * z2) * h2 * h2 * h2 + PI4 * (-60 * z2 + 212 * z4) * h2 * h2 + PI2 * (135 * z4 - 96 * z6) * h2 - (30 * z6 + 90 * z8)) * e;
    if (e < 1e-300 || (k > 2 && e * (1 + h2 * h2 * h2) < 1e-20 * s0)) break;
  }
  // Terms in k², k >= 1.
  let t2 = 0;
  let t3 = 0;
  for (let k = 1; k < 1000; k++) {
    const k2 = k * k;
    const e = Math.exp(-w * k2);
    t2 += PI2 * k2 * e;
    t3 += (-PI4 * k2 * k2 + 3 * PI2 * k2 * z2) * e;
    if (e < 1e-300 || e * (1 + k2 * k2) < 1e-20) break;
  }
  const k0 = (SQRT_2PI / z) * s0;
  const k1 = (SQRT_HALF_PI / (6 * z4)) * 2 * s1;
  const k2 = (SQRT_HALF_PI / (72 * z6 * z)) * 2 * s2 - (SQRT_HALF_PI / (36 * z2 * z)) * 2 * t2;
  const k3 = (SQRT_HALF_PI / (6480 * z8 * z2)) * 2 * s3 + (SQRT_HALF_PI / (216 * z6)) * 2 * t3;
  const rootN = Math.sqrt(n);
  return k0 + k1 / rootN + k2 / n + k3 / (n * rootN);
}
