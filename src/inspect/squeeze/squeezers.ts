/**
 * @module inspect/squeeze/squeezers
 * The squeezers of feature squeezing (Xu, Evans & Qi, "Feature Squeezing: Detecting
 * Adversarial Examples in Deep Neural Networks", NDSS 2018), pure, on row-major Float32
 * batches:
 *
 * - bit-depth reduction: each value mapped to the nearest of 2^bits levels of its range;
 * - 2×2 median smoothing: each pixel replaced by the median of the 2×2 window made of it and
 *   its upper and left neighbours, per channel, edges reflected — scipy's
 *   `median_filter(size=2, mode='reflect')` as in the paper's code, whose median of four
 *   values is the upper middle one (rank 2 of 0..3);
 * - rounding for tabular features: to `digits` significant digits (scale-free, so an amount
 *   in dollars and a ratio in [0, 1] are both rounded meaningfully).
 */

/** Where the pixels of an image batch are. */
export interface ImageLayout {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** NHWC when true, NCHW (or a single channel flattened) when false. */
  readonly channelsLast: boolean;
}

/**
 * Bit-depth reduction to `bits` bits over the inclusive range [lo, hi] (values clamped).
 *
 * @example
 * Array.from(bitDepth(Float32Array.of(0.1, 0.6), 1, [0, 1])); // [0, 1]
 */
export function bitDepth(x: Float32Array, bits: number, range: readonly [number, number]): Float32Array {
  const [lo, hi] = range;
  const levels = 2 ** bits - 1;
  const span = hi - lo;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const t = Math.min(1, Math.max(0, ((x[i] as number) - lo) / span));
    out[i] = lo + (Math.round(t * levels) / levels) * span;
  }
  return out;
}

/**
 * 2×2 median smoothing of a batch of `n` images.
 *
 * @example
 * Array.from(median2x2(Float32Array.of(0, 0, 0, 1), 1, { channels: 1, height: 2, width: 2, channelsLast: false })); // [0, 0, 0, 0]
 */
export function median2x2(x: Float32Array, n: number, layout: ImageLayout): Float32Array {
  const { channels: c, height: h, width: w, channelsLast } = layout;
  const out = new Float32Array(x.length);
  const at = channelsLast ? (b: number, ch: number, i: number, j: number) => ((b * h + i) * w + j) * c + ch : (b: number, ch: number, i: number, j: number) => ((b * c + ch) * h + i) * w + j;
  const window = new Float32Array(4);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let i = 0; i < h; i++) {
        const up = i === 0 ? 0 : i - 1;
        for (let j = 0; j < w; j++) {
          const left = j === 0 ? 0 : j - 1;
          window[0] = x[at(b, ch, up, left)] as number;
          window[1] = x[at(b, ch, up, j)] as number;
          window[2] = x[at(b, ch, i, left)] as number;
          window[3] = x[at(b, ch, i, j)] as number;
          window.sort();
          out[at(b, ch, i, j)] = window[2] as number;
        }
      }
    }
  }
  return out;
}

/**
 * Each value rounded to `digits` significant digits.
 *
 * @example
 * Array.from(roundSignificant(Float32Array.of(1234.5, 0.04567, 0), 2)); // [1200, 0.046, 0] (as float32)
 */
export function roundSignificant(x: Float32Array, digits: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    out[i] = v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits));
  }
  return out;
}

/**
 * L1 distance between two probability vectors.
 *
 * @example
 * l1([0.9, 0.1], [0.6, 0.4]); // 0.6
 */
export function l1(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += Math.abs((p[i] as number) - (q[i] as number));
  return d;
}
