/**
 * @module models/model
 * The one interface every model runtime implements (onnxruntime, the ONNX→TF.js importer,
 * TF.js LayersModel/GraphModel), and the types it speaks: host tensors as flat
 * `Float32Array` plus a shape, per-sample losses and input gradients, and an optional
 * lower-level TF.js handle for attacks that want to stay on tensors.
 *
 * Single input and single output for now: `predict` feeds `signature.inputs[0]` and
 * returns `signature.outputs[0]`. Multi-input models will get a `run(feeds)` taking named
 * tensors; the importer already executes graphs by name (`ImportedGraph.run`).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSignature } from '../shared/signature.js';

/** A host-side tensor: row-major data and its shape (`data.length` = product of `shape`). */
export interface HostTensor {
  readonly data: Float32Array;
  readonly shape: number[];
}

/**
 * What the model's (first) output holds, which decides how cross-entropy is computed.
 * - `logits`: unnormalised scores; loss = −log softmax(z)[y].
 * - `probabilities`: a distribution; loss = −log max(p[y], 1e-12), unless the runtime can
 *   see the logits feeding the final Softmax, in which case it uses them (same value and
 *   gradient, numerically stable).
 * - `log-probabilities`: loss = −logp[y] (or from the logits under a final LogSoftmax).
 */
export type OutputKind = 'logits' | 'probabilities' | 'log-probabilities';

/** Per-sample cross-entropy and its gradient with respect to the input. */
export interface LossGradient {
  /** One loss per sample (length = batch size), natural log. */
  readonly loss: Float32Array;
  /**
   * d(Σ losses)/dx, same shape as x. Samples are independent in inference mode, so row i
   * is the gradient of sample i's own loss: the value does not depend on the batch size
   * (divide by the batch size to match a mean-reduced loss such as Keras' default).
   */
  readonly grad: Float32Array;
}

/**
 * A loaded model. Implementations own native or TF.js resources: call `dispose()` once.
 *
 * @example
 * const model = await loadModel('mnist.onnx', { differentiable: true });
 * const { data, shape } = await model.predict(pixels, [1, 1, 28, 28]);
 * const { loss, grad } = await model.lossGradient!(pixels, [1, 1, 28, 28], Int32Array.of(7));
 * model.dispose();
 */
export interface Model {
  /** Inputs and outputs as the graph declares them; dynamic dimensions are -1. */
  readonly signature: ModelSignature;
  /** True when `lossGradient`, `tfFunction` and `tfLoss` are available. */
  readonly differentiable: boolean;
  /** What `predict` returns, which decides the loss (see {@link OutputKind}). */
  readonly outputKind: OutputKind;
  /**
   * Runs the model on one input batch. `shape` must match `signature.inputs[0]` (any value
   * for a -1 dimension); throws MDL_ERR_SHAPE_MISMATCH otherwise.
   */
  predict(batch: Float32Array, shape: number[]): Promise<HostTensor>;
  /**
   * Per-sample cross-entropy against `labels` (class indices, one per sample) and its
   * gradient with respect to the input. Present only when `differentiable`.
   */
  lossGradient?(x: Float32Array, shape: number[], labels: Int32Array): Promise<LossGradient>;
  /**
   * The forward pass on TF.js tensors, differentiable with `tf.grad`. Does not dispose its
   * intermediates: call it inside `tf.tidy` (or `tf.grad`, which tidies).
   */
  tfFunction?: (x: tf.Tensor) => tf.Tensor;
  /**
   * Per-sample cross-entropy on tensors: `labels` is int32 of shape [batch]; returns shape
   * [batch]. Same tidying rule as `tfFunction`.
   */
  tfLoss?: (x: tf.Tensor, labels: tf.Tensor) => tf.Tensor;
  /** Releases the session or the tensors the model holds. Idempotent. */
  dispose(): void;
}

/** Options of {@link Model} factories that accept an explicit output kind. */
export interface OutputKindOption {
  /** Overrides the detected output kind (detected from a final Softmax/LogSoftmax). */
  readonly outputKind?: OutputKind;
}
