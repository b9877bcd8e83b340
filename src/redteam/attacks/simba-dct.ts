/**
 * @module redteam/attacks/simba-dct
 * The search basis of SimBA-DCT (Guo, Gardner, You, Wilson & Weinberger, ICML 2019): the
 * orthonormal 2-D DCT-II basis of an image, one direction per (channel, vertical
 * frequency u, horizontal frequency v), walked from low to high frequencies. Images are
 * read from the sample shape as Square Attack reads them ([c, h, w], [h, w, c], [h, w],
 * or a flat perfect square such as optdigits' 64): tabular rows have no basis here.
 *
 * Invariants: the 1-D tables are orthonormal (C·Cᵀ = I), so every direction has unit L2
 * norm and distinct directions are orthogonal, and a step of α changes the perturbation's
 * L2 norm exactly as a pixel step does. Directions are applied from the two 1-D tables,
 * never stored densely (an ImageNet-sized basis would not fit). Pure; randomness comes
 * from the caller's per-sample stream.
 */
import type { Rng } from '../../models/train/index.js';
import { pixelIndex, squareGeometry } from './square-geometry.js';
import type { SquareGeometry } from './square-geometry.js';

/** The layout of an image sample. */
export type ImageGeometry = Extract<SquareGeometry, { kind: 'image' }>;

/** The DCT basis of one image layout: direction d = (channel·h + u)·w + v. */
export interface DctBasis {
  readonly geometry: ImageGeometry;
  /** Orthonormal DCT-II table of the rows, h × h (row u = frequency u). */
  readonly vertical: Float64Array;
  /** Orthonormal DCT-II table of the columns, w × w. */
  readonly horizontal: Float64Array;
  /** Directions, c·h·w (the number of features). */
  readonly size: number;
  /** Every direction sorted by frequency band, and where each band starts (plus the end). */
  readonly bands: { readonly directions: Int32Array; readonly starts: readonly number[] };
}

/**
 * The orthonormal DCT-II matrix of size n, row-major: entry (k, i) is
 * s_k·cos(π·(2i + 1)·k / 2n), with s_0 = √(1/n) and s_k = √(2/n) otherwise.
 *
 * @example
 * dctMatrix(2); // [√½, √½, √½, −√½]
 */
export function dctMatrix(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt((k === 0 ? 1 : 2) / n);
    for (let i = 0; i < n; i++) out[k * n + i] = s * Math.cos((Math.PI * (2 * i + 1) * k) / (2 * n));
  }
  return out;
}

/**
 * The DCT basis of a sample shape, its directions banded by frequency with the lowest band
 * the share `ratio` of each side, or undefined when the shape is not an image.
 *
 * @example
 * dctBasis([64], 1 / 8)?.size; // 64 (8 × 8, one channel)
 * dctBasis([23], 1 / 8); // undefined: tabular
 */
export function dctBasis(sampleShape: readonly number[], ratio: number): DctBasis | undefined {
  const g = squareGeometry(sampleShape, 'image');
  if (g === undefined || g.kind !== 'image') return undefined;
  return { geometry: g, vertical: dctMatrix(g.h), horizontal: dctMatrix(g.w), size: g.c * g.h * g.w, bands: bands(g, ratio) };
}

/**
 * Writes `base + alpha·q_d` into `out` (both one sample, `features` long; `out` may be a
 * copy of `base` already). Only the channel of direction d changes.
 *
 * @example
 * addDirection(basis, 0, 0.2, cur, row); // the DC component of channel 0, +0.2
 */
export function addDirection(b: DctBasis, d: number, alpha: number, base: Float32Array, out: Float32Array): void {
  const { h, w } = b.geometry;
  const v = d % w;
  const u = Math.floor(d / w) % h;
  const ch = Math.floor(d / (w * h));
  if (out !== base) out.set(base);
  for (let i = 0; i < h; i++) {
    const a = alpha * (b.vertical[u * h + i] as number);
    for (let j = 0; j < w; j++) {
      const k = pixelIndex(b.geometry, ch, i, j);
      out[k] = (base[k] as number) + a * (b.horizontal[v * w + j] as number);
    }
  }
}

/**
 * The frequency band of each direction: 0 for the lowest frequencies, u < ρ·h and v < ρ·w
 * (at least the DC component), then one band per further step of frequency, max(u', v')
 * with u', v' scaled to the longer side. Sorted once per run; each sample's order shuffles
 * within each band.
 */
function bands(g: ImageGeometry, ratio: number): DctBasis['bands'] {
  const { c, h, w } = g;
  const side = Math.max(h, w);
  const first = Math.max(1, Math.round(ratio * side));
  const key = new Int32Array(c * h * w);
  for (let d = 0; d < key.length; d++) {
    const u = Math.floor((Math.floor(d / w) % h) * (side / h));
    const v = Math.floor((d % w) * (side / w));
    key[d] = Math.max(0, Math.max(u, v) - first + 1);
  }
  // Counting sort by band: stable, so ties keep direction order before the shuffle.
  const count = new Int32Array(side - first + 2);
  for (const k of key) count[k + 1] = (count[k + 1] as number) + 1;
  for (let k = 1; k < count.length; k++) count[k] = (count[k] as number) + (count[k - 1] as number);
  const starts = Array.from(count);
  const directions = new Int32Array(key.length);
  const next = Int32Array.from(count);
  for (let d = 0; d < key.length; d++) {
    const k = key[d] as number;
    directions[next[k] as number] = d;
    next[k] = (next[k] as number) + 1;
  }
  return { directions, starts };
}

/**
 * Fills `out` (one sample's order, `b.size` long) with every direction, low frequencies
 * first: the lowest band (the share `ratio` of each side) in random order, then each
 * higher band in random order.
 *
 * @example
 * frequencyOrder(basis, ctx.rng(r), order.subarray(r * features, (r + 1) * features));
 */
export function frequencyOrder(b: DctBasis, rng: Rng, out: Int32Array): void {
  const { directions, starts } = b.bands;
  out.set(directions);
  for (let k = 0; k + 1 < starts.length; k++) rng.shuffle(out.subarray(starts[k], starts[k + 1]));
}
