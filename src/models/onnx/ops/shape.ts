/**
 * @module models/onnx/ops/shape
 * Shape manipulation: Flatten (axis, default 1; negative allowed), Reshape (shape input
 * known at import, with 0 = copy the input dimension unless allowzero=1, and one -1
 * inferred), Transpose (perm, default reversed) and Concat (axis, negative allowed).
 * TF.js shapes are static, so Reshape's shape must be a constant: a shape computed by
 * Shape/Gather at run time is reported as unsupported.
 */
import * as tf from '@tensorflow/tfjs';
import { modelErrors } from '../../errors.js';
import type { OnnxNode } from '../types.js';
import type { OpHandler } from './op-context.js';
import { attrs, normAxis, required, unsupported } from './op-context.js';

const flatten: OpHandler = ({ node }) => {
  const axisAttr = attrs(node).int('axis', 1);
  return (inputs) => {
    const x = required(node, inputs, 0);
    // Flatten accepts axis = rank (everything goes to the outer dimension).
    const axis = axisAttr === x.rank ? x.rank : normAxis(node, axisAttr, Math.max(x.rank, 1));
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(axis).reduce((a, b) => a * b, 1);
    return x.reshape([outer, inner]);
  };
};

/**
 * ONNX Reshape target: 0 copies the input dimension (unless allowzero), -1 is inferred.
 *
 * @example
 * reshapeTarget(node, [2, 3, 4], [0, -1], false); // [2, 12]
 */
export function reshapeTarget(node: OnnxNode, input: readonly number[], spec: ArrayLike<number>, allowZero: boolean): number[] {
  const out = Array.from(spec, (d, i) => (d === 0 && !allowZero ? (input[i] ?? 0) : d));
  const total = input.reduce((a, b) => a * b, 1);
  const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const inferred = out.indexOf(-1);
  if (inferred >= 0 && known > 0) out[inferred] = total / known;
  const size = out.reduce((a, b) => a * b, 1);
  if (out.filter((d) => d === -1).length > 1 || size !== total || !out.every(Number.isInteger)) {
    throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (Reshape): cannot reshape [${input.join(', ')}] to [${Array.from(spec).join(', ')}]`, { node: node.name, input, target: Array.from(spec) });
  }
  return out;
}

const reshape: OpHandler = (ctx) => {
  const { node } = ctx;
  const spec = ctx.constantInput(1);
  if (spec === undefined) throw unsupported(node, 'the shape input must be a constant (initializer or Constant); shapes computed at run time are not supported', { input: node.inputs[1] });
  const allowZero = attrs(node).int('allowzero', 0) !== 0;
  return (inputs) => {
    const x = required(node, inputs, 0);
    return x.reshape(reshapeTarget(node, x.shape, spec.values, allowZero));
  };
};

const transpose: OpHandler = ({ node }) => {
  const perm = attrs(node).ints('perm');
  return (inputs) => {
    const x = required(node, inputs, 0);
    const p = perm ?? [...Array(x.rank).keys()].reverse();
    if (p.length !== x.rank) {
      throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (Transpose): perm [${p.join(', ')}] for rank ${x.rank}`, { node: node.name, perm: p, rank: x.rank });
    }
    return tf.transpose(x, [...p]);
  };
};

const concat: OpHandler = ({ node }) => {
  const axisAttr = attrs(node).int('axis', Number.NaN);
  if (Number.isNaN(axisAttr)) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', `node "${node.name}" (Concat) lacks its axis attribute`, { node: node.name });
  }
  return (inputs) => {
    const xs = inputs.filter((t): t is tf.Tensor => t !== undefined);
    const first = required(node, xs, 0);
    return tf.concat(xs, normAxis(node, axisAttr, first.rank));
  };
};

/**
 * Handlers of this family, by op type.
 *
 * @example
 * shapeOps['Reshape']; // the Reshape handler
 */
export const shapeOps: Readonly<Record<string, OpHandler>> = {
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Concat: concat,
};
