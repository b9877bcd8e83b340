/**
 * @module redteam/attacks/square-l2
 * The L2 half of Square Attack (Andriushchenko et al. 2020, Algorithm 3): the
 * initialisation, a grid of pseudo-Gaussian bumps with random signs scaled to ‖δ‖₂ = ε,
 * and the step, which takes the perturbation of a second window W2, adds it (with the
 * budget not yet used) to a fresh bump in window W1, zeroes W2, and rescales the whole
 * perturbation back to ε. Per channel, the new W1 content is
 * (η·sign + δ_W1/‖δ_W1‖) normalised, times √(max(ε² − ‖δ‖², 0)/c + ‖δ_{W1∪W2}‖²).
 * Inputs without an image layout use random feature subsets and ±1 bumps.
 */
import type { AttackContext } from '../attack.js';
import type { ScoreOracle } from '../oracle.js';
import { pseudoGaussian, randomWindow, windowSide } from './square-geometry.js';
import type { SquareGeometry } from './square-geometry.js';

type Ctx = AttackContext<unknown, ScoreOracle>;

/** Scales row `off` of `x` so that ‖x[off…] − x0[off0…]‖₂ = eps (a zero perturbation stays zero). */
function rescale(x: Float32Array, off: number, x0: Float32Array, off0: number, n: number, delta: Float64Array, eps: number): void {
  let norm = 0;
  for (let i = 0; i < n; i++) norm += (delta[i] as number) ** 2;
  norm = Math.sqrt(norm);
  const scale = norm > 0 ? eps / norm : 0;
  for (let i = 0; i < n; i++) x[off + i] = (x0[off0 + i] as number) + (delta[i] as number) * scale;
}

/**
 * Writes the initial point of every sample into `ctx.adv` (not projected).
 *
 * @example
 * l2Init(ctx, geometry); ctx.project(ctx.adv);
 */
export function l2Init(ctx: Ctx, g: SquareGeometry): void {
  const { rows, features, x0 } = ctx.batch;
  const eps = ctx.threat.eps as number;
  const delta = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    const rng = ctx.rng(r);
    delta.fill(0);
    if (g.kind === 'features') {
      for (let i = 0; i < features; i++) delta[i] = rng.normal();
    } else {
      const s = Math.max(1, Math.floor(g.h / 5));
      for (let top = 0; top + s <= g.h; top += s) {
        for (let left = 0; left + s <= g.w; left += s) {
          const bump = pseudoGaussian(s, rng);
          for (let ch = 0; ch < g.c; ch++) {
            const sign = rng.next() < 0.5 ? -1 : 1;
            for (let i = 0; i < s; i++) {
              for (let j = 0; j < s; j++) {
                const at = g.channelsLast ? ((top + i) * g.w + left + j) * g.c + ch : (ch * g.h + top + i) * g.w + left + j;
                delta[at] = (delta[at] as number) + sign * (bump[i * s + j] as number);
              }
            }
          }
        }
      }
    }
    rescale(ctx.adv, r * features, x0, r * features, features, delta, eps);
  }
}

/** Σ of squares of `delta` over the indices. */
function sumSquares(delta: Float64Array, idx: Int32Array): number {
  let s = 0;
  for (const i of idx) s += (delta[i] as number) ** 2;
  return s;
}

/**
 * Row `k` of `cand` becomes sample `r`'s best point after one L2 step (projected). False
 * when the projection left it unchanged.
 *
 * @example
 * if (l2Candidate(ctx, geometry, r, p, cand, k, one)) active.push(r);
 */
export function l2Candidate(ctx: Ctx, g: SquareGeometry, r: number, p: number, cand: Float32Array, k: number, one: Int32Array): boolean {
  const { features, x0 } = ctx.batch;
  const eps = ctx.threat.eps as number;
  const rng = ctx.rng(r);
  const off0 = r * features;
  const delta = new Float64Array(features);
  let total = 0;
  for (let i = 0; i < features; i++) {
    const d = (ctx.adv[off0 + i] as number) - (x0[off0 + i] as number);
    delta[i] = d;
    total += d * d;
  }
  const side = windowSide(g, p, '2');
  const w1 = randomWindow(g, side, rng);
  const w2 = randomWindow(g, side, rng);
  const channels = w1.perChannel.length;
  const fresh = w1.perChannel.map((idx, ch) => {
    const n1 = Math.sqrt(sumSquares(delta, idx));
    const union = new Set([...idx, ...(w2.perChannel[ch] as Int32Array)]);
    let both = 0;
    for (const i of union) both += (delta[i] as number) ** 2;
    const budget = Math.sqrt(Math.max(eps * eps - total, 0) / channels + both);
    const bump = g.kind === 'features' ? Float64Array.from(idx, () => (rng.next() < 0.5 ? -1 : 1) / Math.sqrt(idx.length)) : pseudoGaussian(Math.round(Math.sqrt(idx.length)), rng);
    const sign = rng.next() < 0.5 ? -1 : 1;
    const values = Float64Array.from(idx, (i, j) => sign * (bump[j] as number) + (delta[i] as number) / (n1 + 1e-10));
    let norm = 0;
    for (const v of values) norm += v * v;
    norm = Math.sqrt(norm);
    return values.map((v) => (norm > 0 ? (v / norm) * budget : 0));
  });
  for (const idx of w2.perChannel) for (const i of idx) delta[i] = 0;
  w1.perChannel.forEach((idx, ch) => idx.forEach((i, j) => (delta[i] = (fresh[ch] as Float64Array)[j] as number)));
  const off = k * features;
  rescale(cand, off, x0, off0, features, delta, eps);
  const row = cand.subarray(off, off + features);
  one[0] = r;
  ctx.project(row, one);
  for (let i = 0; i < features; i++) if (row[i] !== ctx.adv[off0 + i]) return true;
  return false;
}
