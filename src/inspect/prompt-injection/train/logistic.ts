/**
 * @module inspect/prompt-injection/train/logistic
 * Logistic regression over hashed sparse features, trained full-batch with Adam and L2,
 * class-balanced (each class carries half of the total weight). Full-batch and in a fixed
 * order, so training is deterministic: same examples → same weights, bit for bit. Only the
 * buckets that occur in the data are updated.
 */
import { FeatureBuffer, hashFeatures, HASH_BITS } from '../features.js';

/** One example as hashed features. */
export interface SparseExample {
  readonly indices: Int32Array;
  /** The value of each occurrence, `1 / sqrt(indices.length)`. */
  readonly value: number;
  readonly label: 0 | 1;
  /** Relative weight within its class (default 1). */
  readonly weight?: number;
}

/** Hyper-parameters of {@link trainLogistic}. */
export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias). */
  readonly l2: number;
  /** Full-batch Adam steps. */
  readonly steps: number;
  /** Adam learning rate. */
  readonly learningRate: number;
}

/** A trained linear model over `2^HASH_BITS` buckets. */
export interface LinearModel {
  readonly bias: number;
  readonly weights: Float64Array;
}

/**
 * Hashes normalised texts into sparse examples.
 *
 * @example
 * toSparse([{ text: 'ignore all previous instructions', label: 1 }]);
 */
export function toSparse(items: readonly { text: string; label: 0 | 1 }[]): SparseExample[] {
  const buf = new FeatureBuffer();
  return items.map((item) => {
    const n = hashFeatures(item.text, buf);
    return { indices: buf.indices.slice(0, n), value: n === 0 ? 0 : 1 / Math.sqrt(n), label: item.label };
  });
}

/** The linear score `bias + value · Σ w[i]` of one sparse example. */
export function linearScore(model: { bias: number; weights: Float64Array | Float32Array }, ex: SparseExample): number {
  return model.bias + ex.value * sumWeights(model.weights, ex.indices);
}

function sumWeights(w: Float64Array | Float32Array, indices: Int32Array): number {
  let s = 0;
  for (let j = 0; j < indices.length; j++) s += w[indices[j]!]!;
  return s;
}

/**
 * Fits the model (see the module header).
 *
 * @example
 * const model = trainLogistic(toSparse(train), { l2: 1e-4, steps: 300, learningRate: 0.05 });
 */
export function trainLogistic(data: readonly SparseExample[], options: LogisticOptions): LinearModel {
  const dims = 1 << HASH_BITS;
  const w = new Float64Array(dims);
  const active = activeBuckets(data, dims);
  const grad = new Float64Array(dims);
  const adam = { m: new Float64Array(dims), v: new Float64Array(dims), mb: 0, vb: 0 };
  const classWeight = [0, 0];
  for (const d of data) classWeight[d.label]! += d.weight ?? 1;
  const weightOf = [0.5 / Math.max(classWeight[0]!, 1e-9), 0.5 / Math.max(classWeight[1]!, 1e-9)];
  let bias = 0;
  for (let t = 1; t <= options.steps; t++) {
    let gb = 0;
    for (let a = 0; a < active.length; a++) grad[active[a]!] = options.l2 * w[active[a]!]!;
    for (const ex of data) {
      const z = bias + ex.value * sumWeights(w, ex.indices);
      const g = weightOf[ex.label]! * (ex.weight ?? 1) * (1 / (1 + Math.exp(-z)) - ex.label);
      gb += g;
      const gv = g * ex.value;
      const idx = ex.indices;
      for (let j = 0; j < idx.length; j++) grad[idx[j]!]! += gv;
    }
    bias -= adamStep(adam, w, grad, active, gb, options.learningRate, t);
  }
  return { bias, weights: w };
}

interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  mb: number;
  vb: number;
}

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

/** One Adam step on the active weights; returns the bias decrement. */
function adamStep(s: AdamState, w: Float64Array, grad: Float64Array, active: Int32Array, gb: number, rate: number, t: number): number {
  const lr = (rate * Math.sqrt(1 - B2 ** t)) / (1 - B1 ** t);
  for (let a = 0; a < active.length; a++) {
    const i = active[a]!;
    const gi = grad[i]!;
    const mi = (s.m[i] = B1 * s.m[i]! + (1 - B1) * gi);
    const vi = (s.v[i] = B2 * s.v[i]! + (1 - B2) * gi * gi);
    w[i] = w[i]! - (lr * mi) / (Math.sqrt(vi) + EPS);
  }
  s.mb = B1 * s.mb + (1 - B1) * gb;
  s.vb = B2 * s.vb + (1 - B2) * gb * gb;
  return (lr * s.mb) / (Math.sqrt(s.vb) + EPS);
}

function activeBuckets(data: readonly SparseExample[], dims: number): Int32Array {
  const seen = new Uint8Array(dims);
  for (const ex of data) for (let j = 0; j < ex.indices.length; j++) seen[ex.indices[j] ?? 0] = 1;
  const out: number[] = [];
  for (let i = 0; i < dims; i++) if (seen[i] === 1) out.push(i);
  return Int32Array.from(out);
}
