/**
 * @module models/tfjs/cross-entropy
 * Per-sample categorical cross-entropy (natural log) on TF.js tensors, for each kind of
 * classifier output. From logits it uses `logSoftmax` (stable); from probabilities it
 * clips at 1e-12 before the log, so a confidently wrong sample has a finite loss.
 */
import * as tf from '@tensorflow/tfjs';
import { MODEL_DEFAULTS } from '../defaults.js';
import type { OutputKind } from '../model.js';

/**
 * Probabilities are clipped to at least this before the log (see MODEL_DEFAULTS).
 *
 * @example
 * -Math.log(PROBABILITY_FLOOR); // ≈ 27.6, the largest loss of one sample
 */
export const PROBABILITY_FLOOR = MODEL_DEFAULTS.probabilityFloor;

/**
 * −log p(label) per sample. `output` is [batch, classes] (logits, probabilities or
 * log-probabilities, as `kind` says); `labels` is int32 [batch]. Returns [batch].
 *
 * @example
 * const loss = tf.tidy(() => crossEntropy(logits, tf.tensor1d([3, 1], 'int32'), 'logits'));
 */
export function crossEntropy(output: tf.Tensor, labels: tf.Tensor, kind: OutputKind): tf.Tensor1D {
  const classes = output.shape[output.rank - 1] ?? 0;
  const z = output.reshape([-1, classes]) as tf.Tensor2D;
  const mask = tf.oneHot(labels.toInt() as tf.Tensor1D, classes).toFloat();
  const picked = (t: tf.Tensor): tf.Tensor1D => tf.sum(tf.mul(t, mask), 1);
  switch (kind) {
    case 'logits': return tf.neg(picked(tf.logSoftmax(z)));
    case 'log-probabilities': return tf.neg(picked(z));
    case 'probabilities': return tf.neg(tf.log(tf.clipByValue(picked(z), PROBABILITY_FLOOR, 1)));
  }
}
