/**
 * @module models/train/backprop
 * Gradients of the weighted mean cross-entropy of an {@link Mlp} over one mini-batch,
 * by hand-written back-propagation on Float64 arrays. Pure apart from writing into the
 * gradient buffers it is given.
 */
import { dense, hiddenLayer, softmaxInto } from './mlp.js';
import type { Mlp } from './mlp.js';

/** Gradient buffers shaped like an {@link Mlp}'s weights. */
export interface MlpGradients {
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  readonly w2: Float64Array;
  readonly b2: Float64Array;
}

/**
 * Zeroed gradient buffers for `mlp`.
 *
 * @example
 * const g = zeroGradients(mlp); // g.w1.length === mlp.w1.length
 */
export function zeroGradients(mlp: Mlp): MlpGradients {
  return { w1: new Float64Array(mlp.w1.length), b1: new Float64Array(mlp.b1.length), w2: new Float64Array(mlp.w2.length), b2: new Float64Array(mlp.b2.length) };
}

/** One mini-batch: rows of a standardised matrix, their labels and per-row weights. */
export interface Batch {
  readonly x: Float64Array;
  readonly y: Int32Array;
  /** Weight of each class (length `classes`); all 1 when absent. */
  readonly classWeights?: Float64Array;
  /** Indices into `y` and the rows of `x`. */
  readonly rows: Int32Array;
}

/**
 * Writes into `g` the gradient of `Σ wᵢ·CEᵢ / Σ wᵢ` over the batch (plus nothing for
 * L2, which the caller adds) and returns that loss.
 *
 * @example
 * const g = zeroGradients(mlp);
 * const loss = batchGradients(mlp, { x, y, rows: Int32Array.of(0, 1, 2) }, g);
 */
export function batchGradients(mlp: Mlp, batch: Batch, g: MlpGradients): number {
  for (const buffer of [g.w1, g.b1, g.w2, g.b2]) buffer.fill(0);
  const { inputs, hidden, classes } = mlp;
  const h = new Float64Array(hidden);
  const z = new Float64Array(classes);
  const dz = new Float64Array(classes);
  const dh = new Float64Array(hidden);
  let totalWeight = 0;
  for (const row of batch.rows) totalWeight += batch.classWeights?.[batch.y[row] as number] ?? 1;
  let loss = 0;
  for (const row of batch.rows) {
    const label = batch.y[row] as number;
    const weight = (batch.classWeights?.[label] ?? 1) / totalWeight;
    const x = batch.x.subarray(row * inputs, (row + 1) * inputs);
    const a = hidden > 0 ? h : x;
    if (hidden > 0) hiddenLayer(mlp, x, h);
    dense(mlp.w2, mlp.b2, a, z);
    softmaxInto(z, dz);
    loss -= weight * Math.log(Math.max(dz[label] as number, 1e-300));
    for (let k = 0; k < classes; k++) dz[k] = weight * ((dz[k] as number) - (k === label ? 1 : 0));
    outerAdd(g.w2, g.b2, dz, a);
    if (hidden === 0) continue;
    for (let j = 0; j < hidden; j++) {
      let sum = 0;
      if ((h[j] as number) > 0) for (let k = 0; k < classes; k++) sum += (mlp.w2[k * hidden + j] as number) * (dz[k] as number);
      dh[j] = sum;
    }
    outerAdd(g.w1, g.b1, dh, x);
  }
  return loss;
}

/** `gw += d ⊗ a`, `gb += d` (gw row-major `[d.length, a.length]`). */
function outerAdd(gw: Float64Array, gb: Float64Array, d: Float64Array, a: Float64Array): void {
  const width = a.length;
  for (let r = 0; r < d.length; r++) {
    const dr = d[r] as number;
    if (dr === 0) continue;
    gb[r] = (gb[r] as number) + dr;
    const base = r * width;
    for (let m = 0; m < width; m++) gw[base + m] = (gw[base + m] as number) + dr * (a[m] as number);
  }
}
