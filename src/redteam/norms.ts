/**
 * @module redteam/norms
 * Row-wise vector arithmetic of the attacks on flat row-major batches (`rows × features`
 * Float32Arrays): Lp norms, the unit step direction of a gradient under each norm, the
 * projection of a perturbation onto an Lp ball, and the perturbation norms reported per
 * sample. Everything works in place on caller-owned buffers, so an attack's loop allocates
 * nothing per step. Pure otherwise: no I/O, no randomness.
 */

/** The perturbation norms bulwark attacks measure and bound. */
export const NORMS = ['inf', '2', '1'] as const;
/** `inf` (L∞, largest change of one feature), `2` (Euclidean), `1` (sum of absolute changes). */
export type Norm = (typeof NORMS)[number];

/** Perturbation size of one sample. `l0` counts changed features. */
export interface PerturbationNorms {
  readonly l0: number;
  readonly l1: number;
  readonly l2: number;
  readonly linf: number;
}

/**
 * The `norm` of `v[off … off+len)`.
 *
 * @example
 * rowNorm(Float32Array.of(3, -4), 0, 2, '2'); // 5
 */
export function rowNorm(v: Float32Array | Float64Array, off: number, len: number, norm: Norm): number {
  let acc = 0;
  if (norm === 'inf') {
    for (let i = off; i < off + len; i++) acc = Math.max(acc, Math.abs(v[i] as number));
    return acc;
  }
  if (norm === '1') {
    for (let i = off; i < off + len; i++) acc += Math.abs(v[i] as number);
    return acc;
  }
  for (let i = off; i < off + len; i++) acc += (v[i] as number) * (v[i] as number);
  return Math.sqrt(acc);
}

/**
 * `x[r] += alpha · u(g[r])` for every row, where u is the unit direction of the gradient
 * under `norm`: sign(g) for L∞, g/‖g‖₂ for L2, g/‖g‖₁ for L1 (FGM's L1 direction, as in
 * ART). A zero gradient row is left unchanged. `alpha` may be negative (descent).
 *
 * @example
 * stepRows(x, grad, rows, features, 'inf', 0.01); // one FGSM/PGD ascent step of 0.01
 */
export function stepRows(x: Float32Array, g: Float32Array, rows: number, features: number, norm: Norm, alpha: number): void {
  for (let r = 0; r < rows; r++) {
    const off = r * features;
    if (norm === 'inf') {
      for (let i = off; i < off + features; i++) {
        const gi = g[i] as number;
        if (gi > 0) x[i] = (x[i] as number) + alpha;
        else if (gi < 0) x[i] = (x[i] as number) - alpha;
      }
      continue;
    }
    const n = rowNorm(g, off, features, norm);
    if (!(n > 0) || !Number.isFinite(n)) continue;
    const scale = alpha / n;
    for (let i = off; i < off + features; i++) x[i] = (x[i] as number) + scale * (g[i] as number);
  }
}

/**
 * Projects the perturbation `x[r] − x0[m(r)]` of one row onto the `norm` ball of radius
 * `eps`, in place: L∞ clamps each feature, L2 rescales, L1 uses the sort-based Euclidean
 * projection onto the simplex (Duchi et al., 2008). `scratch` must hold `len` numbers (L1 only).
 *
 * @example
 * projectRowToBall(x, 0, x0, 0, 784, '2', 1.5, scratch);
 */
export function projectRowToBall(x: Float32Array, xOff: number, x0: Float32Array, x0Off: number, len: number, norm: Norm, eps: number, scratch: Float64Array): void {
  if (norm === 'inf') {
    for (let i = 0; i < len; i++) {
      const o = x0[x0Off + i] as number;
      const v = x[xOff + i] as number;
      if (v > o + eps) x[xOff + i] = o + eps;
      else if (v < o - eps) x[xOff + i] = o - eps;
    }
    return;
  }
  let size = 0;
  for (let i = 0; i < len; i++) {
    const d = (x[xOff + i] as number) - (x0[x0Off + i] as number);
    size += norm === '2' ? d * d : Math.abs(d);
  }
  if (norm === '2') size = Math.sqrt(size);
  // Within float32 rounding of the ball already: leave it (keeps the projection idempotent).
  if (size <= eps * (1 + 1e-6)) return;
  if (norm === '2') {
    const scale = eps / size;
    for (let i = 0; i < len; i++) {
      const o = x0[x0Off + i] as number;
      x[xOff + i] = o + ((x[xOff + i] as number) - o) * scale;
    }
    return;
  }
  const theta = l1Threshold(x, xOff, x0, x0Off, len, eps, scratch);
  for (let i = 0; i < len; i++) {
    const o = x0[x0Off + i] as number;
    const d = (x[xOff + i] as number) - o;
    const m = Math.max(Math.abs(d) - theta, 0);
    x[xOff + i] = o + (d < 0 ? -m : m);
  }
}

/** The soft threshold θ whose shrinkage puts ‖δ‖₁ at `eps` (Duchi et al., 2008, Fig. 1). */
function l1Threshold(x: Float32Array, xOff: number, x0: Float32Array, x0Off: number, len: number, eps: number, scratch: Float64Array): number {
  const u = scratch.subarray(0, len);
  for (let i = 0; i < len; i++) u[i] = Math.abs((x[xOff + i] as number) - (x0[x0Off + i] as number));
  u.sort();
  let cumulative = 0;
  let theta = 0;
  for (let j = len - 1, k = 1; j >= 0; j--, k++) {
    const uj = u[j] as number;
    cumulative += uj;
    const t = (cumulative - eps) / k;
    if (uj - t > 0) theta = t;
    else break;
  }
  return theta;
}

/**
 * L0, L1, L2 and L∞ of `x[xOff…] − x0[x0Off…]` over `len` features, in float64.
 *
 * @example
 * perturbationNorms(adv, 0, x, 0, 64); // { l0: 64, l1: 6.4, l2: 0.8, linf: 0.1 }
 */
export function perturbationNorms(x: Float32Array, xOff: number, x0: Float32Array, x0Off: number, len: number): PerturbationNorms {
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let linf = 0;
  for (let i = 0; i < len; i++) {
    const d = Math.abs((x[xOff + i] as number) - (x0[x0Off + i] as number));
    if (d === 0) continue;
    l0++;
    l1 += d;
    l2 += d * d;
    if (d > linf) linf = d;
  }
  return { l0, l1, l2: Math.sqrt(l2), linf };
}

/**
 * The `norm` entry of {@link PerturbationNorms}.
 *
 * @example
 * normOf({ l0: 3, l1: 0.3, l2: 0.17, linf: 0.1 }, 'inf'); // 0.1
 */
export function normOf(n: PerturbationNorms, norm: Norm): number {
  return norm === 'inf' ? n.linf : norm === '2' ? n.l2 : n.l1;
}

/**
 * True when a perturbation of size `size` is within the budget `eps`, allowing for the
 * float32 rounding of stored inputs: relative 1e-5 of `eps`, plus `slack` (see
 * {@link roundingSlack}).
 *
 * @example
 * withinBudget(0.1000001, 0.1); // true
 */
export function withinBudget(size: number, eps: number | undefined, slack = 0): boolean {
  return eps === undefined || size <= eps * (1 + 1e-5) + slack;
}

/**
 * How far float32 rounding can move the measured `norm` of a perturbation of a row whose
 * largest magnitude is `maxAbs`: a few units in the last place per feature, summed as the
 * norm sums them (features of 10⁵ have a float32 spacing of 0.008).
 *
 * @example
 * roundingSlack(1, 784, '2'); // ≈ 6.7e-6
 */
export function roundingSlack(maxAbs: number, len: number, norm: Norm): number {
  const ulp = 2 * 2 ** -24 * Math.max(maxAbs, 1);
  return norm === 'inf' ? ulp : norm === '2' ? ulp * Math.sqrt(len) : ulp * len;
}
