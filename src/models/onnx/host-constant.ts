/**
 * @module models/onnx/host-constant
 * Converts ONNX tensors (initializers, Constant values) to the two dtypes TF.js computes
 * with: floating types to float32 (float64 weights are rounded once, here) and integer
 * types to int32 (int64 clamped to the int32 range: ONNX uses INT64_MAX as "to the end").
 */
import { modelErrors } from '../errors.js';
import type { HostConstant } from './ops/op-context.js';
import type { OnnxNode, OnnxTensor } from './types.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The TF.js-ready host value of `tensor`; MDL_ERR_UNSUPPORTED_OP when its data type is
 * not numeric or its data is external.
 *
 * @example
 * hostConstant({ name: 'w', dataType: 11, dims: [2], values: Float64Array.of(0.5, 1) });
 * // { dtype: 'float32', shape: [2], values: Float32Array [0.5, 1] }
 */
export function hostConstant(tensor: OnnxTensor, node?: OnnxNode): HostConstant {
  const v = tensor.values;
  const shape = [...tensor.dims];
  if (v === null) {
    const where = node === undefined ? '' : ` (node "${node.name}", ${node.opType})`;
    throw modelErrors.error('MDL_ERR_UNSUPPORTED_OP', `tensor "${tensor.name}"${where}: ONNX data type ${tensor.dataType} or external data is not supported`, { tensor: tensor.name, dataType: tensor.dataType });
  }
  if (v instanceof Float32Array) return { dtype: 'float32', shape, values: v };
  if (v instanceof Float64Array) return { dtype: 'float32', shape, values: Float32Array.from(v) };
  if (v instanceof BigInt64Array) {
    const values = Int32Array.from(v, (x) => Number(x < INT32_MIN ? INT32_MIN : x > INT32_MAX ? INT32_MAX : x));
    return { dtype: 'int32', shape, values };
  }
  return { dtype: 'int32', shape, values: v instanceof Int32Array ? v : Int32Array.from(v) };
}
