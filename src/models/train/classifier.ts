/**
 * @module models/train/classifier
 * A trained classifier as the exported graph computes it: optional standardisation of the
 * raw features, the MLP, and optionally a softmax. `classifierOutputs` is the trainer's
 * reference for what onnxruntime must return from the written file. Pure.
 */
import { mlpLogits, softmaxRows } from './mlp.js';
import type { Mlp } from './mlp.js';
import { standardize } from './standardize.js';
import type { Standardizer } from './standardize.js';

/** What the graph's output holds. */
export type ClassifierOutput = 'probabilities' | 'logits';

/** A fitted model, from raw features to its output. */
export interface Classifier {
  readonly mlp: Mlp;
  /** Applied to the raw features first (in the graph: Sub, then Div). */
  readonly standardizer?: Standardizer;
  readonly output: ClassifierOutput;
}

/**
 * The output of `c` for raw rows `x` (row-major `n × inputs`): probabilities (softmax) or
 * logits, row-major `n × classes`, in Float64.
 *
 * @example
 * const p = classifierOutputs(classifier, rawX); // p[2 * i + 1] = P(class 1 | row i)
 */
export function classifierOutputs(c: Classifier, x: Float64Array): Float64Array {
  const z = mlpLogits(c.mlp, c.standardizer === undefined ? x : standardize(c.standardizer, x));
  return c.output === 'probabilities' ? softmaxRows(z, c.mlp.classes) : z;
}
