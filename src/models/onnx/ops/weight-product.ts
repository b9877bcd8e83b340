/**
 * @module models/onnx/ops/weight-product
 * `x·W` for a weight W known at import (Gemm's B, MatMul's right operand), built so that
 * neither the forward product nor the input gradient runs a transposed-operand matmul.
 *
 * Why: the wasm backend's BatchMatMul is an order of magnitude slower with `transposeB`
 * ([1000, 64]·[32, 64]ᵀ ≈ 1.9 ms vs 0.16 ms pre-transposed, TF.js 4.22 on a 2-core
 * machine), and TF.js's own matMul gradient needs the transposed product in one
 * direction or the other (`dx = dy·Wᵀ`). So W is kept in both layouts, transposed once on
 * the host at import: [K, N] for `y = x·W`, and [N, K] for `dx = dy·Wᵀ`, which against that
 * copy is a plain product; a `tf.customGrad` ties the two together.
 *
 * Invariant: the product is differentiable w.r.t. x only. That is all the importer needs:
 * its weights are constants that no caller can reach (initializers cannot be fed, and a
 * fetched initializer is a clone), so no gradient w.r.t. W is ever requested.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostConstant, NodeContext } from './op-context.js';

/** `x` [M, K] → `scale·x·W` [M, N]; differentiable w.r.t. x. */
export type WeightProduct = (x: tf.Tensor2D) => tf.Tensor2D;

/** `values` [rows, cols] → `scale·valuesᵀ` [cols, rows]. */
function hostTranspose(values: Float32Array, rows: number, cols: number, scale: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = (values[r * cols + c] ?? 0) * scale;
  }
  return out;
}

function hostScale(values: Float32Array, scale: number): Float32Array {
  return scale === 1 ? values : values.map((v) => v * scale);
}

/**
 * The product with the constant at input `index` of the node, or undefined when that
 * input is not a float32 constant of rank 1 or 2 (the caller then uses its generic path).
 * A rank-1 weight [K] is a column [K, 1]. `transposed` says the weight is stored [N, K]
 * (Gemm's `transB = 1`); `scale` (Gemm's alpha, default 1) is folded into the weights.
 * Both layouts are handed to the graph (`ctx.keep`), which disposes them with the model.
 *
 * @example
 * const product = weightProduct(ctx, 1, { transposed: true, scale: 0.5 });
 * const y = product?.(x as tf.Tensor2D); // 0.5·x·Bᵀ
 */
export function weightProduct(ctx: NodeContext, index: number, options: { transposed?: boolean; scale?: number } = {}): WeightProduct | undefined {
  const w: HostConstant | undefined = ctx.constantInput(index);
  if (w === undefined || w.dtype !== 'float32' || !(w.values instanceof Float32Array)) return undefined;
  if (w.shape.length !== 1 && w.shape.length !== 2) return undefined;
  const transposed = options.transposed ?? false;
  const scale = options.scale ?? 1;
  const [rows = 0, cols = 1] = w.shape;
  const [k, n] = transposed ? [cols, rows] : [rows, cols];
  const stored = hostScale(w.values, scale);
  const flipped = hostTranspose(w.values, rows, cols, scale);
  const kn = ctx.keep(tf.tensor2d(transposed ? flipped : stored, [k, n]));
  const nk = ctx.keep(tf.tensor2d(transposed ? stored : flipped, [n, k]));
  // Built once per node: both closures only read the kept layouts.
  const product = tf.customGrad((x) => ({
    value: tf.matMul(x as tf.Tensor2D, kn),
    gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, nk),
  }));
  return (x) => product(x) as tf.Tensor2D;
}
