/**
 * @module models/train/fit
 * Fits an {@link Mlp} by mini-batch Adam on the weighted cross-entropy plus an L2 penalty
 * on the weights. Deterministic: the initialisation and the per-epoch shuffles come from
 * one seeded stream and every sum runs in a fixed order, so the same data, options and
 * seed give bit-identical weights. Pure.
 */
import { TRAIN_DEFAULTS } from './defaults.js';
import { trainErrors } from './errors.js';
import { createAdam } from './adam.js';
import { batchGradients, zeroGradients } from './backprop.js';
import type { MlpGradients } from './backprop.js';
import { initMlp, zeroMaskedInputs } from './mlp.js';
import type { Mlp, MlpShape } from './mlp.js';
import { createRng } from './rng.js';

/** Options of {@link fitMlp}. */
export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  /** L2 penalty λ (default `TRAIN_DEFAULTS.l2`). */
  readonly l2?: number;
  /** Loss weight of each class (default all 1); see {@link balancedClassWeights}. */
  readonly classWeights?: Float64Array;
  /** 1 = the model may read this input, 0 = its weights stay zero (default: all read). */
  readonly inputMask?: Uint8Array;
}

/** A fitted model and its training loss after each epoch. */
export interface FitResult {
  readonly mlp: Mlp;
  /** Weighted mean cross-entropy (without the L2 term) of each epoch. */
  readonly lossHistory: number[];
}

/**
 * Trains an MLP of `shape` on standardised rows `x` (row-major `n × inputs`) and labels
 * `y` (0 … classes−1). Throws `MDL_ERR_TRAIN_BAD_OPTION` for a bad option and
 * `MDL_ERR_TRAIN_DIVERGED` on a non-finite loss.
 *
 * @example
 * const { mlp } = fitMlp(x, y, { inputs: 23, hidden: 32, classes: 2 }, { epochs: 20, batchSize: 128, learningRate: 2e-3, seed: 1 });
 */
export function fitMlp(x: Float64Array, y: Int32Array, shape: MlpShape, options: FitOptions): FitResult {
  checkFitOptions(options);
  const rng = createRng(options.seed);
  const mlp = initMlp(shape, rng, options.inputMask);
  const grads = zeroGradients(mlp);
  const step = createAdam([mlp.w1, mlp.b1, mlp.w2, mlp.b2], { learningRate: options.learningRate, ...TRAIN_DEFAULTS.adam });
  const order = Int32Array.from({ length: y.length }, (_, i) => i);
  const lossHistory: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    rng.shuffle(order);
    let epochLoss = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const rows = order.subarray(start, Math.min(start + options.batchSize, order.length));
      const batchLoss = batchGradients(mlp, { x, y, rows, ...(options.classWeights === undefined ? {} : { classWeights: options.classWeights }) }, grads);
      regularise(mlp, grads, options);
      step([grads.w1, grads.b1, grads.w2, grads.b2]);
      epochLoss += batchLoss * rows.length;
    }
    const mean = epochLoss / order.length;
    if (!Number.isFinite(mean) || !allFinite(mlp)) {
      throw trainErrors.error('MDL_ERR_TRAIN_DIVERGED', `training loss became ${mean} in epoch ${epoch + 1}`, { epoch: epoch + 1, learningRate: options.learningRate });
    }
    lossHistory.push(mean);
  }
  return { mlp, lossHistory };
}

function allFinite(mlp: Mlp): boolean {
  for (const w of [mlp.w1, mlp.b1, mlp.w2, mlp.b2]) for (const v of w) if (!Number.isFinite(v)) return false;
  return true;
}

/** Adds the L2 gradient λ·W and zeroes the gradients of masked inputs. */
function regularise(mlp: Mlp, grads: MlpGradients, options: FitOptions): void {
  const l2 = options.l2 ?? TRAIN_DEFAULTS.l2;
  if (l2 > 0) {
    for (const [w, g] of [[mlp.w1, grads.w1], [mlp.w2, grads.w2]] as const) {
      for (let k = 0; k < w.length; k++) g[k] = (g[k] as number) + l2 * (w[k] as number);
    }
  }
  if (options.inputMask !== undefined) {
    const first = mlp.hidden > 0 ? grads.w1 : grads.w2;
    zeroMaskedInputs(first, mlp.hidden > 0 ? mlp.hidden : mlp.classes, mlp.inputs, options.inputMask);
  }
}

function checkFitOptions(options: FitOptions): void {
  const checks: [string, number, boolean][] = [
    ['epochs', options.epochs, Number.isInteger(options.epochs) && options.epochs >= 1],
    ['batchSize', options.batchSize, Number.isInteger(options.batchSize) && options.batchSize >= 1],
    ['learningRate', options.learningRate, options.learningRate > 0 && Number.isFinite(options.learningRate)],
    ['seed', options.seed, Number.isInteger(options.seed) && options.seed >= 0],
    ['l2', options.l2 ?? 0, (options.l2 ?? 0) >= 0],
  ];
  for (const [option, value, ok] of checks) {
    if (!ok) throw trainErrors.error('MDL_ERR_TRAIN_BAD_OPTION', `${option} is out of range: ${value}`, { option, value });
  }
}

/**
 * Class weights `n / (classes · n_c)` (scikit-learn's "balanced"): each class then
 * contributes equally to the loss. A class without rows gets weight 0.
 *
 * @example
 * balancedClassWeights(Int32Array.of(0, 0, 0, 1), 2); // [0.667, 2]
 */
export function balancedClassWeights(y: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const label of y) counts[label] = (counts[label] as number) + 1;
  return counts.map((c) => (c === 0 ? 0 : y.length / (classes * c)));
}
