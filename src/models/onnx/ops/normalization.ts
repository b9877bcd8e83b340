/**
 * @module models/onnx/ops/normalization
 * BatchNormalization in inference mode: `y = scale·(x − mean)/√(var + ε) + B` per channel
 * (axis 1 of an [N, C, …] input). With constant statistics (the usual case) it folds to
 * one multiply and one add, computed once at import. training_mode=1, the running-stat
 * outputs and spatial=0 (opset < 9) are reported as unsupported.
 */
import * as tf from '@tensorflow/tfjs';
import type { NodeContext, OpHandler } from './op-context.js';
import { attrs, required, unsupported } from './op-context.js';

/** scale/√(var+ε) and B − mean·scale/√(var+ε), when all four are constants. */
function foldConstants(ctx: NodeContext, epsilon: number): [tf.Tensor1D, tf.Tensor1D] | undefined {
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => ctx.constantInput(i));
  if (!scale || !bias || !mean || !variance) return undefined;
  const c = scale.values.length;
  const mul = new Float32Array(c);
  const add = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    // Fold in float64 so that the only float32 rounding is the final one.
    const k = (scale.values[i] ?? 0) / Math.sqrt((variance.values[i] ?? 0) + epsilon);
    mul[i] = k;
    add[i] = (bias.values[i] ?? 0) - (mean.values[i] ?? 0) * k;
  }
  return [ctx.keep(tf.tensor1d(mul)), ctx.keep(tf.tensor1d(add))];
}

const batchNorm: OpHandler = (ctx) => {
  const { node } = ctx;
  const a = attrs(node);
  if (a.int('training_mode', 0) !== 0) throw unsupported(node, 'training_mode=1 is not supported (inference only)', { attribute: 'training_mode' });
  if (a.int('spatial', 1) !== 1) throw unsupported(node, 'spatial=0 is not supported', { attribute: 'spatial' });
  if (node.outputs.slice(1).some((o) => o !== '')) throw unsupported(node, 'running mean/variance outputs are not supported (inference only)', { outputs: node.outputs });
  const epsilon = a.float('epsilon', 1e-5);
  const folded = foldConstants(ctx, epsilon);
  return (inputs) => {
    const x = required(node, inputs, 0);
    const channelShape = [1, -1, ...Array<number>(Math.max(x.rank - 2, 0)).fill(1)];
    const [mul, add] = folded ?? (() => {
      const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => required(node, inputs, i));
      const k = tf.div(scale as tf.Tensor, tf.sqrt(tf.add(variance as tf.Tensor, epsilon)));
      return [k, tf.sub(bias as tf.Tensor, tf.mul(mean as tf.Tensor, k))];
    })();
    return tf.add(tf.mul(x, mul.reshape(channelShape)), add.reshape(channelShape));
  };
};

/**
 * Handlers of this family, by op type.
 *
 * @example
 * normalizationOps['BatchNormalization']; // the handler
 */
export const normalizationOps: Readonly<Record<string, OpHandler>> = { BatchNormalization: batchNorm };
