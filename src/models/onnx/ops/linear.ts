/**
 * @module models/onnx/ops/linear
 * Matrix products: Gemm (`Y = alpha·A'·B' + beta·C`, with transA/transB and a C that
 * broadcasts to [M, N]) and MatMul (NumPy `matmul` semantics: 1-D operands are promoted
 * and the added dimension removed, leading dimensions broadcast).
 */
import * as tf from '@tensorflow/tfjs';
import { modelErrors } from '../../errors.js';
import type { OpHandler } from './op-context.js';
import { attrs, required } from './op-context.js';

const gemm: OpHandler = ({ node }) => {
  const a = attrs(node);
  const alpha = a.float('alpha', 1);
  const beta = a.float('beta', 1);
  const transA = a.int('transA', 0) !== 0;
  const transB = a.int('transB', 0) !== 0;
  return (inputs) => {
    const A = required(node, inputs, 0);
    const B = required(node, inputs, 1);
    if (A.rank !== 2 || B.rank !== 2) {
      throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (Gemm): A and B must be 2-D, got [${A.shape.join(', ')}] and [${B.shape.join(', ')}]`, { node: node.name });
    }
    let y = tf.matMul(A, B, transA, transB);
    if (alpha !== 1) y = tf.mul(y, alpha);
    const C = inputs[2];
    if (C !== undefined && beta !== 0) y = tf.add(y, beta === 1 ? C : tf.mul(C, beta));
    return y;
  };
};

/** NumPy matmul on TF.js: promotes 1-D operands, folds a rank-2 right operand into one
 * 2-D product, and broadcasts leading dimensions otherwise. */
function matmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const aVec = a.rank === 1;
  const bVec = b.rank === 1;
  let A = aVec ? a.reshape([1, a.shape[0] ?? 0]) : a;
  let B = bVec ? b.reshape([b.shape[0] ?? 0, 1]) : b;
  let y: tf.Tensor;
  if (B.rank === 2 && A.rank > 2) {
    const lead = A.shape.slice(0, -1);
    const k = A.shape[A.rank - 1] ?? 0;
    y = tf.matMul(A.reshape([-1, k]), B as tf.Tensor2D).reshape([...lead, B.shape[1] ?? 0]);
  } else {
    while (A.rank < B.rank) A = A.expandDims(0);
    while (B.rank < A.rank) B = B.expandDims(0);
    y = tf.matMul(A, B);
  }
  if (aVec) y = y.squeeze([y.rank - 2]);
  if (bVec) y = y.squeeze([y.rank - 1]);
  return y;
}

/**
 * Handlers of this family, by op type.
 *
 * @example
 * linearOps['Gemm']; // the Gemm handler
 */
export const linearOps: Readonly<Record<string, OpHandler>> = {
  Gemm: gemm,
  MatMul: ({ node }) => (inputs) => matmul(required(node, inputs, 0), required(node, inputs, 1)),
};
