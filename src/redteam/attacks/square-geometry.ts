/**
 * @module redteam/attacks/square-geometry
 * Where Square Attack puts its updates. Images (a sample shape `[c, h, w]`, `[h, w, c]`,
 * `[h, w]`, or a flat vector whose size is a perfect square such as optdigits' 64 or
 * MNIST's 784) get the paper's square windows: side `s` from the share `p` of features to
 * change, at a random position, one value per channel. Other inputs (tabular rows) have no
 * neighbourhood, so a "window" is a random subset of round(p·n) features. Also the paper's
 * pseudo-Gaussian window pattern of the L2 attack (Andriushchenko et al. 2020, §3.2).
 * Pure; randomness comes from the caller's per-sample stream.
 */
import type { Rng } from '../../models/train/index.js';

/** How features map to pixels: `image` (channels × height × width) or `features` (no layout). */
export type SquareGeometry =
  | { readonly kind: 'image'; readonly c: number; readonly h: number; readonly w: number; readonly channelsLast: boolean }
  | { readonly kind: 'features'; readonly n: number };

/**
 * The geometry of a sample: `auto` finds an image layout when there is one (see the module
 * header), `features` forces subsets, `image` insists on a layout (undefined without one).
 *
 * @example
 * squareGeometry([64], 'auto'); // { kind: 'image', c: 1, h: 8, w: 8, channelsLast: false }
 * squareGeometry([23], 'auto'); // { kind: 'features', n: 23 }
 */
export function squareGeometry(sampleShape: readonly number[], mode: 'auto' | 'image' | 'features'): SquareGeometry | undefined {
  const n = sampleShape.reduce((a, b) => a * b, 1);
  if (mode === 'features') return { kind: 'features', n };
  const image = imageLayout(sampleShape, n);
  if (image !== undefined) return image;
  return mode === 'image' ? undefined : { kind: 'features', n };
}

function imageLayout(shape: readonly number[], n: number): SquareGeometry | undefined {
  const dims = shape.filter((d, i) => d !== 1 || i >= shape.length - 2);
  const ok = (h: number, w: number): boolean => h >= 2 && w >= 2;
  if (dims.length >= 3) {
    const [a, b, d] = dims.slice(-3) as [number, number, number];
    const lead = dims.slice(0, -3).reduce((x, y) => x * y, 1);
    if (lead !== 1) return undefined;
    if (a <= 4 && ok(b, d)) return { kind: 'image', c: a, h: b, w: d, channelsLast: false };
    if (d <= 4 && ok(a, b)) return { kind: 'image', c: d, h: a, w: b, channelsLast: true };
    return undefined;
  }
  if (dims.length === 2) {
    const [h, w] = dims as [number, number];
    return ok(h, w) ? { kind: 'image', c: 1, h, w, channelsLast: false } : undefined;
  }
  const side = Math.round(Math.sqrt(n));
  return side * side === n && side >= 4 ? { kind: 'image', c: 1, h: side, w: side, channelsLast: false } : undefined;
}

/**
 * The flat feature index of (channel, row, column) in an image geometry.
 *
 * @example
 * pixelIndex({ kind: 'image', c: 3, h: 4, w: 4, channelsLast: true }, 1, 0, 2); // 7
 */
export function pixelIndex(g: Extract<SquareGeometry, { kind: 'image' }>, ch: number, r: number, col: number): number {
  return g.channelsLast ? (r * g.w + col) * g.c + ch : (ch * g.h + r) * g.w + col;
}

/**
 * The share p of features a step changes at iteration `it` of `total`: `pInit`, halved at
 * 10, 50, 200, 500, 1,000, 2,000, 4,000, 6,000 and 8,000 of 10,000 iterations (the paper's
 * schedule, stretched or shrunk to `total`).
 *
 * @example
 * squareShare(0.05, 0, 10_000); // 0.05
 * squareShare(0.05, 60, 10_000); // 0.0125
 */
export function squareShare(pInit: number, it: number, total: number): number {
  const scaled = Math.floor((it / Math.max(total, 1)) * 10_000);
  const marks = [10, 50, 200, 500, 1_000, 2_000, 4_000, 6_000, 8_000];
  let halvings = 0;
  for (const m of marks) if (scaled > m) halvings++;
  return pInit / 2 ** halvings;
}

/**
 * One window: the flat feature indices it covers, grouped per channel (`perChannel[ch]`).
 * For `features` geometry there is one group.
 */
export interface Window {
  readonly perChannel: readonly Int32Array[];
}

/**
 * A random window of side `side` (images) or `side` features (subsets), drawn from `rng`.
 *
 * @example
 * const w = randomWindow(geometry, 3, rng); // w.perChannel[0].length === 9 on a 1-channel image
 */
export function randomWindow(g: SquareGeometry, side: number, rng: Rng): Window {
  if (g.kind === 'features') {
    const k = Math.min(Math.max(1, side), g.n);
    const picked = new Int32Array(k);
    // Partial Fisher–Yates over the index range: k distinct features.
    const pool = Int32Array.from({ length: g.n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(g.n - i);
      const t = pool[i] as number;
      pool[i] = pool[j] as number;
      pool[j] = t;
      picked[i] = pool[i] as number;
    }
    return { perChannel: [picked] };
  }
  const s = Math.min(side, g.h, g.w);
  const top = rng.int(g.h - s + 1);
  const left = rng.int(g.w - s + 1);
  const perChannel: Int32Array[] = [];
  for (let ch = 0; ch < g.c; ch++) {
    const idx = new Int32Array(s * s);
    for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) idx[i * s + j] = pixelIndex(g, ch, top + i, left + j);
    perChannel.push(idx);
  }
  return { perChannel };
}

/**
 * Window side (images) or subset size (features) for the share `p`: L∞ takes
 * round(√(p·h·w)) within [1, min(h, w) − 1]; L2 takes at least 3 and an odd side. Subsets
 * take round(p·n), at least 1.
 *
 * @example
 * windowSide({ kind: 'image', c: 1, h: 8, w: 8, channelsLast: false }, 0.8, 'inf'); // 7
 */
export function windowSide(g: SquareGeometry, p: number, norm: 'inf' | '2'): number {
  if (g.kind === 'features') return Math.max(1, Math.round(p * g.n));
  const limit = Math.max(1, Math.min(g.h, g.w) - 1);
  let s = Math.round(Math.sqrt(p * g.h * g.w));
  if (norm === 'inf') return Math.min(Math.max(s, 1), limit);
  s = Math.max(s, 3);
  if (s % 2 === 0) s += 1;
  return Math.min(s, Math.min(g.h, g.w));
}

/**
 * Concentric-rectangle weights of an `a × b` block: a cell at Chebyshev distance m from
 * the centre gets Σ_{k=m}^{K−1} 1/(k+1)², K = max(⌊a/2⌋, ⌊b/2⌋) + 1.
 */
function rectangles(a: number, b: number, out: Float64Array, offset: number, stride: number, sign: number): void {
  const ca = Math.floor(a / 2);
  const cb = Math.floor(b / 2);
  const K = Math.max(ca, cb) + 1;
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      const m = Math.max(Math.abs(i - ca), Math.abs(j - cb));
      let v = 0;
      for (let k = m; k < K; k++) v += 1 / ((k + 1) * (k + 1));
      out[offset + i * stride + j] = sign * v;
    }
  }
}

/**
 * The L2 attack's update pattern for an `s × s` window, unit L2 norm, row-major: two
 * halves of concentric rectangles with opposite signs, split across rows or (with
 * probability ½) across columns.
 *
 * @example
 * pseudoGaussian(3, rng); // 9 weights, Σ w² = 1
 */
export function pseudoGaussian(s: number, rng: Rng): Float64Array {
  const out = new Float64Array(s * s);
  const top = Math.floor(s / 2);
  if (top > 0) rectangles(top, s, out, 0, s, 1);
  rectangles(s - top, s, out, top * s, s, -1);
  if (rng.next() < 0.5) {
    for (let i = 0; i < s; i++) {
      for (let j = i + 1; j < s; j++) {
        const t = out[i * s + j] as number;
        out[i * s + j] = out[j * s + i] as number;
        out[j * s + i] = t;
      }
    }
  }
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / norm;
  return out;
}
