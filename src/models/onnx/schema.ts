/**
 * @module models/onnx/schema
 * Facts from the ONNX operator specification that both the builder and the importer need
 * without TF.js: the attribute kinds of the operators bulwark writes and reads (so the
 * builder can encode `alpha: 1` as a FLOAT), and the element-type table of signatures.
 */
import type { TensorDatatype } from '../../shared/signature.js';
import { ONNX_DTYPE } from './proto.js';

/** An attribute kind as stored in AttributeProto. */
export type AttributeKind = 'float' | 'int' | 'string' | 'floats' | 'ints' | 'strings' | 'tensor';

const POOL = { auto_pad: 'string', ceil_mode: 'int', dilations: 'ints', kernel_shape: 'ints', pads: 'ints', strides: 'ints' } as const;

/**
 * Attribute kinds per operator type (default domain), from the ONNX operator docs.
 *
 * @example
 * ATTRIBUTE_KINDS['Gemm']?.['alpha']; // 'float'
 */
export const ATTRIBUTE_KINDS: Readonly<Record<string, Readonly<Record<string, AttributeKind>>>> = {
  Gemm: { alpha: 'float', beta: 'float', transA: 'int', transB: 'int' },
  LeakyRelu: { alpha: 'float' },
  Softmax: { axis: 'int' },
  LogSoftmax: { axis: 'int' },
  Clip: { min: 'float', max: 'float' },
  Conv: { auto_pad: 'string', dilations: 'ints', group: 'int', kernel_shape: 'ints', pads: 'ints', strides: 'ints' },
  MaxPool: { ...POOL, storage_order: 'int' },
  AveragePool: { ...POOL, count_include_pad: 'int' },
  Flatten: { axis: 'int' },
  Reshape: { allowzero: 'int' },
  Transpose: { perm: 'ints' },
  Concat: { axis: 'int' },
  BatchNormalization: { epsilon: 'float', momentum: 'float', training_mode: 'int', spatial: 'int' },
  Dropout: { ratio: 'float', seed: 'int' },
  Constant: { value: 'tensor', value_float: 'float', value_floats: 'floats', value_int: 'int', value_ints: 'ints' },
};

/**
 * ONNX element type → OIP v2 datatype, for signatures.
 *
 * @example
 * ELEM_TYPE_TO_DATATYPE[1]; // 'FP32'
 */
export const ELEM_TYPE_TO_DATATYPE: Readonly<Record<number, TensorDatatype | undefined>> = {
  [ONNX_DTYPE.FLOAT]: 'FP32',
  [ONNX_DTYPE.DOUBLE]: 'FP64',
  [ONNX_DTYPE.INT32]: 'INT32',
  [ONNX_DTYPE.INT64]: 'INT64',
  [ONNX_DTYPE.UINT8]: 'UINT8',
  [ONNX_DTYPE.BOOL]: 'BOOL',
  [ONNX_DTYPE.STRING]: 'BYTES',
};
