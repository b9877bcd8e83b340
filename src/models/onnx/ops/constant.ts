/**
 * @module models/onnx/ops/constant
 * Constant: its value (a `value` tensor, or `value_float(s)` / `value_int(s)`) is read at
 * import; the importer also records it as a host constant so that later nodes (Reshape's
 * shape, Clip's bounds, Conv's weights) can use it at import time. `sparse_value` and
 * string values are unsupported.
 */
import * as tf from '@tensorflow/tfjs';
import type { OnnxNode } from '../types.js';
import type { HostConstant, OpHandler } from './op-context.js';
import { attrs, unsupported } from './op-context.js';
import { hostConstant } from '../host-constant.js';

/**
 * The value of a Constant node on the host.
 *
 * @example
 * constantValue(node); // { dtype: 'int32', shape: [2], values: Int32Array [0, -1] }
 */
export function constantValue(node: OnnxNode): HostConstant {
  const a = attrs(node);
  const t = a.tensor('value');
  if (t !== undefined) return hostConstant(t, node);
  const f = a.float('value_float', Number.NaN);
  if (a.has('value_float')) return { dtype: 'float32', shape: [], values: Float32Array.of(f) };
  const fs = a.floats('value_floats');
  if (fs !== undefined) return { dtype: 'float32', shape: [fs.length], values: Float32Array.from(fs) };
  if (a.has('value_int')) return { dtype: 'int32', shape: [], values: Int32Array.of(a.int('value_int', 0)) };
  const is = a.ints('value_ints');
  if (is !== undefined) return { dtype: 'int32', shape: [is.length], values: Int32Array.from(is) };
  throw unsupported(node, `only value, value_float(s) and value_int(s) are supported (got ${Object.keys(node.attributes).join(', ') || 'none'})`);
}

const constant: OpHandler = (ctx) => {
  const c = constantValue(ctx.node);
  const t = ctx.keep(tf.tensor(c.values, [...c.shape], c.dtype));
  return () => t;
};

/**
 * Handlers of this family, by op type.
 *
 * @example
 * constantOps['Constant']; // the handler
 */
export const constantOps: Readonly<Record<string, OpHandler>> = { Constant: constant };
