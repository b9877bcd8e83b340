/**
 * @module models/tfjs/tensor-model
 * The one {@link Model} implementation for everything that runs on TF.js (imported ONNX
 * graphs, LayersModels, GraphModels): given a forward function on tensors, it provides
 * `predict`, per-sample cross-entropy, and input gradients through `tf.valueAndGrad`, with
 * every intermediate tensor disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSignature } from '../../shared/signature.js';
import { checkInput, checkLabels } from '../check-input.js';
import { modelErrors } from '../errors.js';
import type { HostTensor, LossGradient, Model, OutputKind } from '../model.js';
import { crossEntropy } from './cross-entropy.js';

/** What a TF.js-backed model is made of. */
export interface TensorModelParts {
  readonly signature: ModelSignature;
  readonly outputKind: OutputKind;
  /** Input → first output; must not dispose its intermediates (the caller tidies). */
  readonly forward: (x: tf.Tensor) => tf.Tensor;
  /** Input → the logits under a final (Log)Softmax, when the runtime can see them. */
  readonly logits?: (x: tf.Tensor) => tf.Tensor;
  /** Releases the underlying weights. */
  readonly dispose: () => void;
}

/**
 * A differentiable model over TF.js functions.
 *
 * @example
 * const model = new TensorFunctionModel({ signature, outputKind: 'logits', forward: (x) => net.apply(x) as tf.Tensor, dispose: () => net.dispose() });
 * const { loss, grad } = await model.lossGradient(x, [1, 784], Int32Array.of(3));
 */
export class TensorFunctionModel implements Model {
  readonly signature: ModelSignature;
  readonly outputKind: OutputKind;
  readonly differentiable = true;
  readonly tfFunction: (x: tf.Tensor) => tf.Tensor;
  readonly tfLoss: (x: tf.Tensor, labels: tf.Tensor) => tf.Tensor;
  readonly #parts: TensorModelParts;
  #disposed = false;

  constructor(parts: TensorModelParts) {
    this.#parts = parts;
    this.signature = parts.signature;
    this.outputKind = parts.outputKind;
    this.tfFunction = (x) => this.#live().forward(x);
    this.tfLoss = (x, labels) => this.#loss(x, labels);
  }

  async predict(batch: Float32Array, shape: number[]): Promise<HostTensor> {
    this.#live();
    this.#check(batch, shape);
    const y = tf.tidy(() => this.tfFunction(tf.tensor(batch, shape, 'float32')));
    try {
      const data = await y.data();
      return { data: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>), shape: [...y.shape] };
    } finally {
      y.dispose();
    }
  }

  async lossGradient(x: Float32Array, shape: number[], labels: Int32Array): Promise<LossGradient> {
    this.#live();
    this.#check(x, shape);
    checkLabels(labels, shape[0] ?? 0, Number.MAX_SAFE_INTEGER);
    let classes = 0;
    const [value, grad] = tf.tidy(() => {
      const y = tf.tensor1d(labels, 'int32');
      const vg = tf.valueAndGrad((t: tf.Tensor) => this.#loss(t, y, (n) => { classes = n; }));
      const r = vg(tf.tensor(x, shape, 'float32'));
      return [r.value, r.grad];
    });
    try {
      // Checked after the pass: throwing inside tf.valueAndGrad would leak the tensors the
      // tape saved for backprop. A label ≥ classes only zeroes its one-hot row meanwhile.
      checkLabels(labels, shape[0] ?? 0, classes);
      const [loss, g] = await Promise.all([value.data(), grad.data()]);
      return { loss: loss as Float32Array, grad: g as Float32Array };
    } finally {
      value.dispose();
      grad.dispose();
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#parts.dispose();
  }

  #live(): TensorModelParts {
    if (this.#disposed) throw modelErrors.error('MDL_ERR_LOAD_FAILED', 'the model was disposed');
    return this.#parts;
  }

  #check(data: Float32Array, shape: readonly number[]): void {
    const spec = this.signature.inputs[0];
    if (spec !== undefined) checkInput(spec, data.length, shape);
  }

  /** Per-sample cross-entropy; reports the number of classes it saw to `onClasses`. */
  #loss(x: tf.Tensor, labels: tf.Tensor, onClasses?: (n: number) => void): tf.Tensor1D {
    const p = this.#live();
    const out = p.logits !== undefined ? p.logits(x) : p.forward(x);
    onClasses?.(out.shape[out.rank - 1] ?? 0);
    return crossEntropy(out, labels, p.logits !== undefined ? 'logits' : p.outputKind);
  }
}
