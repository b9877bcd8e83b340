/**
 * @module models/onnx/ops/linear
 * Matrix products: Gemm (`Y = alpha·A'·B' + beta·C`, with transA/transB and a C that
 * broadcasts to [M, N]) and MatMul (NumPy `matmul` semantics: 1-D operands are promoted
 * and the added dimension removed, leading dimensions broadcast).
 *
 * A constant right operand (the usual case: a layer's weights) takes the path of
 * {@link weightProduct}: weights kept in both layouts so that neither the product nor the
 * input gradient needs a transposed-operand matmul, slow on the wasm backend. Gemm folds
 * alpha into those weights and, for beta ∉ {0, 1}, beta into a constant C. Everything
 * else (transA = 1, a B computed in the graph, an integer weight, MatMul with a right
 * operand of rank > 2) takes the generic path.
 */
import * as tf from '@tensorflow/tfjs';
import { modelErrors } from '../../errors.js';
import type { NodeContext, OpHandler } from './op-context.js';
import { attrs, required } from './op-context.js';
import { weightProduct } from './weight-product.js';
import type { WeightProduct } from './weight-product.js';

/** beta·C computed once when C is a float constant and beta ∉ {0, 1} (else the kernel
 * adds C itself: as is for beta = 1, not at all for beta = 0). */
function scaledBias(ctx: NodeContext, beta: number): tf.Tensor | undefined {
  const c = ctx.constantInput(2);
  if (c === undefined || beta === 0 || beta === 1 || !(c.values instanceof Float32Array)) return undefined;
  return ctx.keep(tf.tensor(c.values.map((v) => v * beta), [...c.shape], 'float32'));
}

const gemm: OpHandler = (ctx) => {
  const { node } = ctx;
  const a = attrs(node);
  const alpha = a.float('alpha', 1);
  const beta = a.float('beta', 1);
  const transA = a.int('transA', 0) !== 0;
  const transB = a.int('transB', 0) !== 0;
  const fastB = !transA && ctx.constantInput(1)?.shape.length === 2;
  const product = fastB ? weightProduct(ctx, 1, { transposed: transB, scale: alpha }) : undefined;
  const bias = product === undefined ? undefined : scaledBias(ctx, beta);
  return (inputs) => {
    const A = required(node, inputs, 0);
    const B = required(node, inputs, 1);
    if (A.rank !== 2 || B.rank !== 2) {
      throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (Gemm): A and B must be 2-D, got [${A.shape.join(', ')}] and [${B.shape.join(', ')}]`, { node: node.name });
    }
    let y: tf.Tensor;
    if (product === undefined) {
      y = tf.matMul(A, B, transA, transB);
      if (alpha !== 1) y = tf.mul(y, alpha);
    } else {
      y = product(A as tf.Tensor2D);
    }
    const C = inputs[2];
    if (bias !== undefined) y = tf.add(y, bias);
    else if (C !== undefined && beta !== 0) y = tf.add(y, beta === 1 ? C : tf.mul(C, beta));
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

/** NumPy matmul of `a` (rank ≥ 1) by a constant of rank 1 or 2: a's leading dimensions
 * fold into the rows of one 2-D product, and a vector operand's dimension is dropped. */
function weightMatmul(a: tf.Tensor, product: WeightProduct, vectorB: boolean): tf.Tensor {
  const k = a.shape[a.rank - 1] ?? 0;
  const y = product((a.rank === 2 ? a : a.reshape([-1, k])) as tf.Tensor2D);
  if (a.rank === 2 && !vectorB) return y;
  return y.reshape([...a.shape.slice(0, -1), ...(vectorB ? [] : [y.shape[1]])]);
}

/**
 * Handlers of this family, by op type.
 *
 * @example
 * linearOps['Gemm']; // the Gemm handler
 */
export const linearOps: Readonly<Record<string, OpHandler>> = {
  Gemm: gemm,
  MatMul: (ctx) => {
    const product = weightProduct(ctx, 1);
    return (inputs) => {
      const a = required(ctx.node, inputs, 0);
      const b = required(ctx.node, inputs, 1);
      return product === undefined || a.rank === 0 ? matmul(a, b) : weightMatmul(a, product, b.rank === 1);
    };
  },
};
