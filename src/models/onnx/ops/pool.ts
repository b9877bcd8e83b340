/**
 * @module models/onnx/ops/pool
 * 2-D pooling on NCHW input: MaxPool and AveragePool (kernel_shape, strides, pads incl.
 * asymmetric, auto_pad; AveragePool's count_include_pad), GlobalAveragePool and
 * GlobalMaxPool. Not supported (a clear error): ceil_mode=1, dilations other than 1, and
 * MaxPool's second output (Indices).
 *
 * Padding is explicit: MaxPool pads with −∞ and AveragePool with zeros before a VALID
 * pool. With count_include_pad=0 (the default) the average divides by the number of real
 * pixels in each window, computed by pooling a padded mask of ones — exact on every
 * backend, whatever its own convention for padded averages.
 */
import * as tf from '@tensorflow/tfjs';
import type { OnnxNode } from '../types.js';
import type { OpHandler } from './op-context.js';
import { attrs, required, unsupported } from './op-context.js';
import type { Window2d } from './spatial.js';
import { hasPadding, nhwcPadding, readWindow, toNchw, toNhwc } from './spatial.js';

function readPoolWindow(node: OnnxNode): Window2d & { kernel: readonly [number, number] } {
  const win = readWindow(node);
  if (win.kernel === undefined) throw unsupported(node, 'kernel_shape is required', { attribute: 'kernel_shape' });
  if (attrs(node).int('ceil_mode', 0) !== 0) throw unsupported(node, 'ceil_mode=1 is not supported', { attribute: 'ceil_mode', value: 1 });
  if (win.dilations.some((d) => d !== 1)) throw unsupported(node, 'pooling dilations other than 1 are not supported', { attribute: 'dilations', value: win.dilations });
  return { ...win, kernel: win.kernel };
}

function input4d(node: OnnxNode, inputs: readonly (tf.Tensor | undefined)[]): tf.Tensor4D {
  const x = required(node, inputs, 0);
  if (x.rank !== 4) throw unsupported(node, `only 2-D pooling on NCHW input is supported (input rank ${x.rank})`, { inputShape: x.shape });
  return toNhwc(x);
}

const maxPool: OpHandler = ({ node }) => {
  if ((node.outputs[1] ?? '') !== '') throw unsupported(node, 'the Indices output of MaxPool is not supported', { output: node.outputs[1] });
  const win = readPoolWindow(node);
  return (inputs) => {
    let h = input4d(node, inputs);
    const padding = nhwcPadding(win, [h.shape[1], h.shape[2]], win.kernel);
    if (hasPadding(padding)) h = tf.pad(h, padding, -Infinity);
    return toNchw(tf.maxPool(h, win.kernel as [number, number], win.strides as [number, number], 'valid'));
  };
};

const averagePool: OpHandler = ({ node }) => {
  const win = readPoolWindow(node);
  const includePad = attrs(node).int('count_include_pad', 0) !== 0;
  const pool = (t: tf.Tensor4D): tf.Tensor4D => tf.avgPool(t, win.kernel as [number, number], win.strides as [number, number], 'valid');
  return (inputs) => {
    const h = input4d(node, inputs);
    const [, height, width] = h.shape;
    const padding = nhwcPadding(win, [height, width], win.kernel);
    if (!hasPadding(padding)) return toNchw(pool(h));
    const sums = pool(tf.pad(h, padding));
    if (includePad) return toNchw(sums);
    // Fraction of real pixels per window; the mask does not depend on x (no gradient).
    const coverage = pool(tf.pad(tf.ones([1, height, width, 1]), padding));
    return toNchw(tf.div(sums, coverage));
  };
};

function global(reduce: (x: tf.Tensor, axes: number[]) => tf.Tensor): OpHandler {
  return ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axes = [...Array(x.rank).keys()].slice(2);
    return reduce(x, axes);
  };
}

/**
 * Handlers of this family, by op type.
 *
 * @example
 * poolOps['MaxPool']; // the MaxPool handler
 */
export const poolOps: Readonly<Record<string, OpHandler>> = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: global((x, axes) => tf.mean(x, axes, true)),
  GlobalMaxPool: global((x, axes) => tf.max(x, axes, true)),
};
