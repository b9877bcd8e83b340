/**
 * @module models/onnx/ops/activation
 * Activations: Relu, LeakyRelu (alpha, default 0.01), Sigmoid, Tanh, Clip (min/max as
 * inputs from opset 11, as attributes before), Softmax and LogSoftmax. Softmax follows the
 * opset: from 13 it normalises along `axis` (default -1); before 13 it flattens the input
 * to 2-D at `axis` (default 1) and normalises each row.
 */
import * as tf from '@tensorflow/tfjs';
import type { NodeContext, OpHandler } from './op-context.js';
import { attrs, normAxis, required } from './op-context.js';

function unary(fn: (x: tf.Tensor) => tf.Tensor): OpHandler {
  return ({ node }) => (inputs) => fn(required(node, inputs, 0));
}

const leakyRelu: OpHandler = ({ node }) => {
  const alpha = attrs(node).float('alpha', 0.01);
  return (inputs) => tf.leakyRelu(required(node, inputs, 0), alpha);
};

/** Clip bound: a constant input or attribute becomes a number; a computed input stays a tensor. */
function clipBound(ctx: NodeContext, index: number, attr: 'min' | 'max'): number | 'input' {
  const infinite = attr === 'min' ? -Infinity : Infinity;
  if (ctx.opset < 11) return attrs(ctx.node).float(attr, infinite);
  if ((ctx.node.inputs[index] ?? '') === '') return infinite;
  const c = ctx.constantInput(index);
  return c === undefined ? 'input' : (c.values[0] ?? infinite);
}

const clip: OpHandler = (ctx) => {
  const lo = clipBound(ctx, 1, 'min');
  const hi = clipBound(ctx, 2, 'max');
  return (inputs) => {
    let x = required(ctx.node, inputs, 0);
    if (lo === 'input') x = tf.maximum(x, required(ctx.node, inputs, 1));
    if (hi === 'input') x = tf.minimum(x, required(ctx.node, inputs, 2));
    if (typeof lo === 'number' || typeof hi === 'number') {
      x = tf.clipByValue(x, typeof lo === 'number' ? lo : -Infinity, typeof hi === 'number' ? hi : Infinity);
    }
    return x;
  };
};

function softmaxLike(fn: (x: tf.Tensor) => tf.Tensor): OpHandler {
  return ({ node, opset }) => {
    const legacy = opset < 13;
    const axisAttr = attrs(node).int('axis', legacy ? 1 : -1);
    return (inputs) => {
      const x = required(node, inputs, 0);
      const axis = normAxis(node, axisAttr, x.rank);
      if (legacy) {
        const rows = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
        return fn(x.reshape([rows, -1])).reshape(x.shape);
      }
      if (axis === x.rank - 1) return fn(x);
      // TF.js normalises along the last axis only: swap `axis` to the end and back.
      const perm = [...Array(x.rank).keys()];
      perm[axis] = x.rank - 1;
      perm[x.rank - 1] = axis;
      return fn(tf.transpose(x, perm)).transpose(perm);
    };
  };
}

/**
 * Handlers of this family, by op type.
 *
 * @example
 * activationOps['Softmax']; // the Softmax handler
 */
export const activationOps: Readonly<Record<string, OpHandler>> = {
  Relu: unary((x) => tf.relu(x)),
  LeakyRelu: leakyRelu,
  Sigmoid: unary((x) => tf.sigmoid(x)),
  Tanh: unary((x) => tf.tanh(x)),
  Clip: clip,
  Softmax: softmaxLike((x) => tf.softmax(x)),
  LogSoftmax: softmaxLike((x) => tf.logSoftmax(x)),
};
