/**
 * @module models/onnx/ops/op-context
 * The contract between the importer and one operator implementation. At import time a
 * handler receives a {@link NodeContext} (attributes, constant inputs, opset), validates
 * everything it can, pre-computes what depends only on constants, and returns an
 * {@link OpKernel}. At run time the kernel maps input tensors to output tensors with
 * differentiable TF.js ops; the caller tidies.
 */
import type * as tf from '@tensorflow/tfjs';
import { modelErrors } from '../../errors.js';
import type { ErrorDetails } from '../../../shared/errors.js';
import type { OnnxAttribute, OnnxNode, OnnxTensor } from '../types.js';

/** A constant known at import time (initializer or Constant output), converted for TF.js:
 * floating types as float32, integer types as int32. */
export interface HostConstant {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

/** Runs one node: inputs in node order (`undefined` = omitted optional input). */
export type OpKernel = (inputs: readonly (tf.Tensor | undefined)[]) => tf.Tensor | tf.Tensor[];

/** What a handler sees of its node at import time. */
export interface NodeContext {
  readonly node: OnnxNode;
  /** Version of the default-domain opset the model imports. */
  readonly opset: number;
  /** The host value of input `index` when it is a constant, else undefined. */
  constantInput(index: number): HostConstant | undefined;
  /** Hands a tensor created at import time to the graph, which disposes it. */
  keep<T extends tf.Tensor>(tensor: T): T;
}

/** Builds the kernel of one node; throws MDL_ERR_UNSUPPORTED_OP for what it cannot do. */
export type OpHandler = (ctx: NodeContext) => OpKernel;

/** The registry: op type → handler. */
export type OpTable = ReadonlyMap<string, OpHandler>;

/**
 * MDL_ERR_UNSUPPORTED_OP for an unsupported attribute value or input of `node`.
 *
 * @example
 * throw unsupported(ctx.node, 'only 2-D convolutions are supported', { kernelRank: 3 });
 */
export function unsupported(node: OnnxNode, what: string, details: ErrorDetails = {}): Error {
  return modelErrors.error('MDL_ERR_UNSUPPORTED_OP', `node "${node.name}" (${node.opType}): ${what}`, { node: node.name, opType: node.opType, ...details });
}

/**
 * The input at `index`, or MDL_ERR_ONNX_DECODE when a required input is missing.
 *
 * @example
 * const x = required(ctx.node, inputs, 0);
 */
export function required(node: OnnxNode, inputs: readonly (tf.Tensor | undefined)[], index: number): tf.Tensor {
  const t = inputs[index];
  if (t === undefined) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', `node "${node.name}" (${node.opType}) lacks required input ${index}`, { node: node.name, index });
  }
  return t;
}

function read(node: OnnxNode, name: string, kind: OnnxAttribute['kind']): OnnxAttribute | undefined {
  const a = node.attributes[name];
  if (a !== undefined && a.kind !== kind) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', `node "${node.name}" (${node.opType}): attribute ${name} should be ${kind}, is ${a.kind}`, { node: node.name, attribute: name });
  }
  return a;
}

/**
 * Typed attribute access with defaults; a wrong attribute type is MDL_ERR_ONNX_DECODE.
 *
 * @example
 * const alpha = attrs(node).float('alpha', 1);
 */
export function attrs(node: OnnxNode): {
  int(name: string, fallback: number): number;
  float(name: string, fallback: number): number;
  string(name: string, fallback: string): string;
  ints(name: string): readonly number[] | undefined;
  floats(name: string): readonly number[] | undefined;
  tensor(name: string): OnnxTensor | undefined;
  has(name: string): boolean;
} {
  const scalar = (name: string, kind: 'int' | 'float' | 'string'): number | string | undefined => {
    const a = read(node, name, kind);
    return a !== undefined && (a.kind === 'int' || a.kind === 'float' || a.kind === 'string') ? a.value : undefined;
  };
  const list = (name: string, kind: 'ints' | 'floats'): readonly number[] | undefined => {
    const a = read(node, name, kind);
    return a !== undefined && (a.kind === 'ints' || a.kind === 'floats') ? a.value : undefined;
  };
  return {
    int: (name, fallback) => (scalar(name, 'int') as number | undefined) ?? fallback,
    float: (name, fallback) => (scalar(name, 'float') as number | undefined) ?? fallback,
    string: (name, fallback) => (scalar(name, 'string') as string | undefined) ?? fallback,
    ints: (name) => list(name, 'ints'),
    floats: (name) => list(name, 'floats'),
    tensor: (name) => {
      const a = read(node, name, 'tensor');
      return a?.kind === 'tensor' ? a.value : undefined;
    },
    has: (name) => node.attributes[name] !== undefined,
  };
}

/**
 * Normalises a possibly negative axis against `rank`; MDL_ERR_SHAPE_MISMATCH when out of range.
 *
 * @example
 * normAxis(node, -1, 4); // 3
 */
export function normAxis(node: OnnxNode, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (${node.opType}): axis ${axis} out of range for rank ${rank}`, { node: node.name, axis, rank });
  }
  return a;
}
