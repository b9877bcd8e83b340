/**
 * @module models/onnx/tensor-codec
 * TensorProto ⇄ {@link OnnxTensor}: reads `raw_data` (little-endian) or the typed fields
 * (`float_data`, `int32_data`, `int64_data`, `double_data`, `uint64_data`) into one typed
 * array, and writes tensors back either as `raw_data` (compact, what exporters emit) or as
 * typed fields.
 */
import { endianness } from 'node:os';
import { modelErrors } from '../errors.js';
import { ONNX_DTYPE } from './proto.js';
import type { OnnxTensor, OnnxTensorValues } from './types.js';

/** A TensorProto as protobufjs `toObject({ longs: Number, arrays: true })` returns it. */
export interface TensorProtoObject {
  name?: string;
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  uint64Data?: number[];
  rawData?: Uint8Array;
  dataLocation?: number;
}

type ArrayCtor = new (buffer: ArrayBuffer) => OnnxTensorValues;

const RAW_CTOR: Readonly<Record<number, ArrayCtor | undefined>> = {
  [ONNX_DTYPE.FLOAT]: Float32Array,
  [ONNX_DTYPE.DOUBLE]: Float64Array,
  [ONNX_DTYPE.INT32]: Int32Array,
  [ONNX_DTYPE.INT64]: BigInt64Array,
  [ONNX_DTYPE.UINT8]: Uint8Array,
  [ONNX_DTYPE.BOOL]: Uint8Array,
};

// Narrow integer types that onnx.proto stores widened in int32_data.
const NARROW_INT: ReadonlySet<number> = new Set([ONNX_DTYPE.INT8, ONNX_DTYPE.INT16, ONNX_DTYPE.UINT16]);

/**
 * Decodes the values of a TensorProto object. Returns `null` values for data types bulwark
 * does not read and for external data; throws MDL_ERR_ONNX_DECODE when the element count
 * disagrees with `dims`.
 *
 * @example
 * decodeTensor({ name: 'w', dims: [2], dataType: 1, floatData: [1, 2] }).values; // Float32Array [1, 2]
 */
export function decodeTensor(proto: TensorProtoObject): OnnxTensor {
  const dims = proto.dims ?? [];
  const dataType = proto.dataType ?? ONNX_DTYPE.UNDEFINED;
  const name = proto.name ?? '';
  if (proto.dataLocation === 1) return { name, dataType, dims, values: null };
  const values = proto.rawData && proto.rawData.length > 0 ? fromRaw(proto.rawData, dataType) : fromTyped(proto, dataType);
  const count = dims.reduce((a, b) => a * b, 1);
  if (values !== null && values.length !== count) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', `tensor "${name}" has ${values.length} values but dims [${dims.join(', ')}] need ${count}`, { tensor: name, dims, count: values.length });
  }
  return { name, dataType, dims, values };
}

function fromRaw(raw: Uint8Array, dataType: number): OnnxTensorValues | null {
  const Ctor = RAW_CTOR[dataType];
  if (Ctor === undefined) {
    if (dataType === ONNX_DTYPE.INT8) return Int32Array.from(new Int8Array(copy(raw)));
    if (dataType === ONNX_DTYPE.INT16) return Int32Array.from(new Int16Array(copy(raw)));
    if (dataType === ONNX_DTYPE.UINT16) return Int32Array.from(new Uint16Array(copy(raw)));
    return null;
  }
  // raw_data is little-endian by spec; typed arrays use the host order.
  if (endianness() !== 'LE') throw modelErrors.error('MDL_ERR_ONNX_DECODE', 'raw_data decoding needs a little-endian host');
  return new Ctor(copy(raw));
}

/** An aligned copy (protobuf byte fields may start at any offset of the file buffer). */
function copy(raw: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(raw.byteLength);
  new Uint8Array(out).set(raw);
  return out;
}

function fromTyped(p: TensorProtoObject, dataType: number): OnnxTensorValues | null {
  switch (dataType) {
    case ONNX_DTYPE.FLOAT: return Float32Array.from(p.floatData ?? []);
    case ONNX_DTYPE.DOUBLE: return Float64Array.from(p.doubleData ?? []);
    case ONNX_DTYPE.INT64: return BigInt64Array.from((p.int64Data ?? []).map((v) => BigInt(v)));
    case ONNX_DTYPE.INT32: return Int32Array.from(p.int32Data ?? []);
    case ONNX_DTYPE.UINT8:
    case ONNX_DTYPE.BOOL: return Uint8Array.from(p.int32Data ?? []);
    default: return NARROW_INT.has(dataType) ? Int32Array.from(p.int32Data ?? []) : null;
  }
}

/** How {@link encodeTensor} stores values: `raw` → raw_data, `typed` → float_data & co. */
export type TensorEncoding = 'raw' | 'typed';

/**
 * Builds the TensorProto object for `tensor` (protobufjs encodes it).
 *
 * @example
 * encodeTensor({ name: 'b', dataType: 1, dims: [2], values: Float32Array.of(0, 1) }, 'typed');
 * // { name: 'b', dataType: 1, dims: [2], floatData: Float32Array [0, 1] }
 */
export function encodeTensor(tensor: OnnxTensor, encoding: TensorEncoding): Record<string, unknown> {
  const base = { name: tensor.name, dataType: tensor.dataType, dims: [...tensor.dims] };
  const v = tensor.values;
  if (v === null) throw new TypeError(`tensor "${tensor.name}" has no values to encode`);
  if (encoding === 'raw') {
    return { ...base, rawData: new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice() };
  }
  if (v instanceof Float32Array) return { ...base, floatData: v };
  if (v instanceof Float64Array) return { ...base, doubleData: v };
  if (v instanceof BigInt64Array) return { ...base, int64Data: Array.from(v, (x) => Number(x)) };
  return { ...base, int32Data: Array.from(v) };
}
