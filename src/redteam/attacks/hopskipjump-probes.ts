/**
 * @module redteam/attacks/hopskipjump-probes
 * The random probe directions of HopSkipJump's gradient estimate, drawn fast: a small
 * generator (mulberry32) seeded from the sample's own stream, and normals through a table
 * of quantiles of the standard normal distribution. Millions of probe coordinates per run
 * make Box–Muller on the shared stream the attack's main cost otherwise. Pure.
 */

/** Levels of the normal quantile table of {@link probes}. */
const QUANTILES = 16_384;
let quantiles: Float32Array | undefined;

/** erf(x) by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x < 0 ? -y : y;
}

/** The standard normal's quantiles at (k + ½)/K, by bisection on Φ; built once. */
function quantileTable(): Float32Array {
  if (quantiles !== undefined) return quantiles;
  const table = new Float32Array(QUANTILES);
  for (let k = 0; k < QUANTILES; k++) {
    const p = (k + 0.5) / QUANTILES;
    let lo = -9;
    let hi = 9;
    for (let it = 0; it < 48; it++) {
      const mid = (lo + hi) / 2;
      if (0.5 * (1 + erf(mid / Math.SQRT2)) < p) lo = mid;
      else hi = mid;
    }
    table[k] = (lo + hi) / 2;
  }
  return (quantiles = table);
}

/**
 * Fills `out` with standard normals (L2 probes) or uniforms in [−1, 1) (L∞ probes) from a
 * small generator seeded by the sample's stream (mulberry32; normals through a table of
 * 16,384 normal quantiles): the probes of one sample stay independent of the batching, at
 * a fraction of the cost of Box–Muller on the shared stream. The table's granularity and
 * its ±4σ tails do not matter here: the estimate only needs i.i.d. symmetric coordinates.
 *
 * @example
 * probes(Math.floor(ctx.rng(r).next() * 2 ** 32), block, true); // block: Gaussian coordinates
 */
export function probes(seed: number, out: Float32Array, gaussian: boolean): void {
  let a = seed | 0;
  const n = out.length;
  const table = quantileTable();
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = gaussian ? (table[(u * QUANTILES) | 0] as number) : 2 * u - 1;
  }
}
