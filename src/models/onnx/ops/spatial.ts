/**
 * @module models/onnx/ops/spatial
 * What Conv and the pooling ops share: reading 2-D window attributes (kernel_shape,
 * strides, dilations, pads, auto_pad), resolving them to explicit begin/end padding for a
 * given input size, and moving between ONNX's NCHW and the NHWC layout TF.js kernels use.
 */
import * as tf from '@tensorflow/tfjs';
import type { OnnxNode } from '../types.js';
import { attrs, unsupported } from './op-context.js';

/** Explicit padding in ONNX order: [top, left, bottom, right]. */
export type Pads4 = readonly [number, number, number, number];

/** A 2-D window spec; `autoPad` other than NOTSET overrides `pads`. */
export interface Window2d {
  readonly kernel?: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly pads: Pads4;
  readonly autoPad: 'NOTSET' | 'VALID' | 'SAME_UPPER' | 'SAME_LOWER';
}

const AUTO_PADS = new Set(['NOTSET', 'VALID', 'SAME_UPPER', 'SAME_LOWER']);

function pair(node: OnnxNode, name: string, values: readonly number[] | undefined, fallback: number): readonly [number, number] {
  if (values === undefined) return [fallback, fallback];
  if (values.length !== 2) throw unsupported(node, `only 2-D windows are supported (${name} has ${values.length} values)`, { attribute: name, value: values });
  return [values[0] ?? fallback, values[1] ?? fallback];
}

/**
 * Reads and validates the window attributes of a 2-D Conv/MaxPool/AveragePool node.
 *
 * @example
 * const w = readWindow(node); // { strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], autoPad: 'NOTSET' }
 */
export function readWindow(node: OnnxNode): Window2d {
  const a = attrs(node);
  const autoPad = a.string('auto_pad', 'NOTSET');
  if (!AUTO_PADS.has(autoPad)) throw unsupported(node, `auto_pad ${autoPad} is not supported`, { attribute: 'auto_pad', value: autoPad });
  const kernelShape = a.ints('kernel_shape');
  const pads = a.ints('pads') ?? [0, 0, 0, 0];
  if (pads.length !== 4) throw unsupported(node, `only 2-D windows are supported (pads has ${pads.length} values)`, { attribute: 'pads', value: pads });
  const base = {
    strides: pair(node, 'strides', a.ints('strides'), 1),
    dilations: pair(node, 'dilations', a.ints('dilations'), 1),
    pads: [pads[0] ?? 0, pads[1] ?? 0, pads[2] ?? 0, pads[3] ?? 0] as const,
    autoPad: autoPad as Window2d['autoPad'],
  };
  return kernelShape === undefined ? base : { ...base, kernel: pair(node, 'kernel_shape', kernelShape, 1) };
}

/** [begin, end] padding of one spatial axis. */
function axisPads(w: Window2d, axis: 0 | 1, size: number, effKernel: number): [number, number] {
  if (w.autoPad === 'VALID') return [0, 0];
  const stride = w.strides[axis];
  if (w.autoPad === 'NOTSET') return [w.pads[axis], w.pads[axis + 2] ?? 0];
  const out = Math.ceil(size / stride);
  const total = Math.max(0, (out - 1) * stride + effKernel - size);
  const small = Math.floor(total / 2);
  return w.autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
}

/**
 * Explicit NHWC padding for `tf.pad`, given the input size and the effective (dilated)
 * kernel size: [[0,0],[top,bottom],[left,right],[0,0]].
 *
 * @example
 * nhwcPadding(window, [28, 28], [7, 7]); // [[0, 0], [0, 0], [0, 0], [0, 0]]
 */
export function nhwcPadding(w: Window2d, size: readonly [number, number], effKernel: readonly [number, number]): Array<[number, number]> {
  return [[0, 0], axisPads(w, 0, size[0], effKernel[0]), axisPads(w, 1, size[1], effKernel[1]), [0, 0]];
}

/**
 * True when any entry of an NHWC padding is non-zero.
 *
 * @example
 * hasPadding([[0, 0], [1, 0], [0, 0], [0, 0]]); // true
 */
export function hasPadding(p: ReadonlyArray<readonly [number, number]>): boolean {
  return p.some(([a, b]) => a !== 0 || b !== 0);
}

/**
 * NCHW → NHWC (TF.js convolution and pooling kernels work on NHWC).
 *
 * @example
 * toNhwc(tf.zeros([1, 3, 8, 8])).shape; // [1, 8, 8, 3]
 */
export function toNhwc(x: tf.Tensor): tf.Tensor4D {
  return tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
}

/**
 * NHWC → NCHW.
 *
 * @example
 * toNchw(tf.zeros([1, 8, 8, 3])).shape; // [1, 3, 8, 8]
 */
export function toNchw(x: tf.Tensor): tf.Tensor4D {
  return tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;
}
