/**
 * @module redteam/scores
 * Row-wise helpers on model outputs (`[rows × classes]`): the top-1 class, and the
 * log-probabilities of each kind of output (logits through a stable log-softmax,
 * probabilities through a floored log, log-probabilities as they are), from which margins
 * and cross-entropies follow. Pure.
 */
import type { OutputKind } from '../models/index.js';

/** Probabilities are floored here before the log, as the models' cross-entropy does. */
const PROBABILITY_FLOOR = 1e-12;

/**
 * The index of the largest value of each row (the first on ties).
 *
 * @example
 * argmaxRows(Float32Array.of(0.1, 0.9, 0.7, 0.3), 2, 2); // Int32Array [1, 0]
 */
export function argmaxRows(scores: Float32Array, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const off = r * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) if ((scores[off + k] as number) > (scores[off + best] as number)) best = k;
    out[r] = best;
  }
  return out;
}

/**
 * Log-probabilities of every row, written into `out` (same layout), in float64.
 *
 * @example
 * logProbabilities(Float32Array.of(0, 0), 1, 2, 'logits', new Float64Array(2)); // [-0.693, -0.693]
 */
export function logProbabilities(scores: Float32Array, rows: number, classes: number, kind: OutputKind, out: Float64Array): Float64Array {
  for (let r = 0; r < rows; r++) {
    const off = r * classes;
    if (kind === 'log-probabilities') {
      for (let k = 0; k < classes; k++) out[off + k] = scores[off + k] as number;
    } else if (kind === 'probabilities') {
      for (let k = 0; k < classes; k++) out[off + k] = Math.log(Math.max(scores[off + k] as number, PROBABILITY_FLOOR));
    } else {
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < classes; k++) max = Math.max(max, scores[off + k] as number);
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += Math.exp((scores[off + k] as number) - max);
      const lse = max + Math.log(sum);
      for (let k = 0; k < classes; k++) out[off + k] = (scores[off + k] as number) - lse;
    }
  }
  return out;
}

/**
 * The class with the largest value in row `r` other than `exclude`.
 *
 * @example
 * bestOther(Float64Array.of(3, 2, 1), 0, 3, 0); // 1
 */
export function bestOther(values: Float64Array | Float32Array, r: number, classes: number, exclude: number): number {
  const off = r * classes;
  let best = -1;
  for (let k = 0; k < classes; k++) {
    if (k === exclude) continue;
    if (best < 0 || (values[off + k] as number) > (values[off + best] as number)) best = k;
  }
  return best;
}
