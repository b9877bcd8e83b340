/**
 * @module inspect/prompt-injection/train/compress
 * Shrinks a trained linear model for the artifact: keeps the `maxWeights` largest weights
 * by magnitude (ties by bucket index, so the choice is deterministic), quantises them to
 * int8 with one scale (`max |w| / 127`), drops those that round to zero, and delta-encodes
 * the ascending bucket indices. Roughly 6–8 bytes of JSON per kept weight.
 */
import type { QuantisedLinear } from '../artifact.js';
import type { LinearModel } from './logistic.js';

/**
 * The quantised form of `model` (see the module header).
 *
 * @example
 * compress(model, 20_000).weights.length; // <= 20000
 */
export function compress(model: LinearModel, maxWeights: number): QuantisedLinear {
  const nonzero: number[] = [];
  for (let i = 0; i < model.weights.length; i++) if ((model.weights[i] ?? 0) !== 0) nonzero.push(i);
  const abs = (i: number) => Math.abs(model.weights[i] ?? 0);
  nonzero.sort((a, b) => abs(b) - abs(a) || a - b);
  const kept = nonzero.slice(0, maxWeights);
  const max = kept.length === 0 ? 0 : abs(kept[0] ?? 0);
  const scale = max === 0 ? 1 : max / 127;
  const entries = kept
    .map((i) => ({ i, q: Math.round((model.weights[i] ?? 0) / scale) }))
    .filter((e) => e.q !== 0)
    .sort((a, b) => a.i - b.i);
  const buckets: number[] = [];
  let prev = 0;
  for (const e of entries) {
    buckets.push(e.i - prev);
    prev = e.i;
  }
  return { bias: model.bias, scale, buckets, weights: entries.map((e) => e.q) };
}

/**
 * The dense weights a quantised model stands for (what inference uses).
 *
 * @example
 * decompress(compress(model, 100), 1 << 18)[42];
 */
export function decompress(lin: QuantisedLinear, dims: number): Float64Array {
  const w = new Float64Array(dims);
  let bucket = 0;
  lin.buckets.forEach((d, k) => {
    bucket += d;
    w[bucket] = (lin.weights[k] ?? 0) * lin.scale;
  });
  return w;
}
