/**
 * @module models/onnx/ops/elementwise
 * Element-wise binary arithmetic with NumPy-style (multidirectional) broadcasting, which is
 * what both ONNX (opset ≥ 7) and TF.js implement: Add, Sub, Mul, Div. Plus the
 * pass-through ops of an inference graph: Identity and Dropout (identity at inference;
 * its optional mask output is all true).
 */
import * as tf from '@tensorflow/tfjs';
import type { OpHandler, OpKernel } from './op-context.js';
import { required } from './op-context.js';

function binary(fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): OpHandler {
  return ({ node }) => (inputs) => fn(required(node, inputs, 0), required(node, inputs, 1));
}

const identity: OpHandler = ({ node }) => (inputs) => tf.clone(required(node, inputs, 0));

const dropout: OpHandler = ({ node }) => {
  const wantsMask = (node.outputs[1] ?? '') !== '';
  const kernel: OpKernel = (inputs) => {
    const x = required(node, inputs, 0);
    return wantsMask ? [tf.clone(x), tf.onesLike(x).cast('bool')] : tf.clone(x);
  };
  return kernel;
};

/**
 * Handlers of this family, by op type.
 *
 * @example
 * elementwiseOps['Add']; // the Add handler
 */
export const elementwiseOps: Readonly<Record<string, OpHandler>> = {
  Add: binary((a, b) => tf.add(a, b)),
  Sub: binary((a, b) => tf.sub(a, b)),
  Mul: binary((a, b) => tf.mul(a, b)),
  Div: binary((a, b) => tf.div(a, b)),
  Identity: identity,
  Dropout: dropout,
};
