/**
 * @module models/io/ndarray
 * The n-dimensional array the readers return (`NdArray`) and the per-dtype facts they share:
 * item size, typed-array constructor, and the byte-order handling that turns raw bytes of a
 * given endianness into a typed array on this host. Pure: no I/O.
 */

/** Element types bulwark's readers produce. `bool` is stored one byte per element, 0 or 1. */
export type NdDType = 'float32' | 'float64' | 'uint8' | 'int32' | 'int64' | 'bool';

/** The typed arrays that back an {@link NdArray}; `int64` uses `BigInt64Array`, `bool` `Uint8Array`. */
export type NdData = Float32Array | Float64Array | Uint8Array | Int32Array | BigInt64Array;

/**
 * A dense C-ordered (row-major) n-dimensional array. `data.length` equals the product of
 * `shape` (1 for the 0-d shape `[]`).
 *
 * @example
 * const a: NdArray = { dtype: 'float32', shape: [2, 3], data: new Float32Array(6) };
 */
export interface NdArray {
  dtype: NdDType;
  shape: number[];
  data: NdData;
}

interface DTypeInfo {
  /** Bytes per element. */
  readonly itemSize: number;
  /** Typed array over `length` elements of `buffer` from `byteOffset` (which must be aligned). */
  view(buffer: ArrayBufferLike, byteOffset: number, length: number): NdData;
  /** True when `data` is the typed array this dtype uses. */
  holds(data: NdData): boolean;
}

/** Item size, constructor and instance check of each dtype. */
export const DTYPES: Readonly<Record<NdDType, DTypeInfo>> = {
  float32: { itemSize: 4, view: (b, o, n) => new Float32Array(b, o, n), holds: (d) => d instanceof Float32Array },
  float64: { itemSize: 8, view: (b, o, n) => new Float64Array(b, o, n), holds: (d) => d instanceof Float64Array },
  uint8: { itemSize: 1, view: (b, o, n) => new Uint8Array(b, o, n), holds: (d) => d instanceof Uint8Array },
  int32: { itemSize: 4, view: (b, o, n) => new Int32Array(b, o, n), holds: (d) => d instanceof Int32Array },
  int64: { itemSize: 8, view: (b, o, n) => new BigInt64Array(b, o, n), holds: (d) => d instanceof BigInt64Array },
  bool: { itemSize: 1, view: (b, o, n) => new Uint8Array(b, o, n), holds: (d) => d instanceof Uint8Array },
};

/** True when this host stores typed-array elements little-endian (every platform Node ships on except s390x). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Number of elements of `shape`, or `undefined` when a dimension is not a non-negative safe
 * integer or the product is not a safe integer.
 *
 * @example
 * shapeSize([2, 3]); // 6
 * shapeSize([]);     // 1 (a 0-d scalar)
 */
export function shapeSize(shape: readonly number[]): number | undefined {
  let size = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) return undefined;
    size *= dim;
    if (!Number.isSafeInteger(size)) return undefined;
  }
  return size;
}

/** Reverses the bytes of each `itemSize`-byte element of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, itemSize: number): void {
  for (let start = 0; start + itemSize <= bytes.length; start += itemSize) {
    for (let i = start, j = start + itemSize - 1; i < j; i++, j--) {
      const t = bytes[i] as number;
      bytes[i] = bytes[j] as number;
      bytes[j] = t;
    }
  }
}

/** A copy in a fresh ArrayBuffer. Not `bytes.slice()`: on a Node Buffer that is a view. */
function copyBytes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Typed array of `dtype` over `bytes`, whose elements are stored little- or big-endian. The
 * result is a zero-copy view of `bytes` when the offset is aligned and the byte order is the
 * host's; otherwise (an unaligned offset, or a byte order to convert) it is a fresh copy.
 *
 * @example
 * dataFromBytes('int32', Uint8Array.of(0, 0, 0, 7), false); // Int32Array [7]
 */
export function dataFromBytes(dtype: NdDType, bytes: Uint8Array, littleEndian: boolean): NdData {
  const { itemSize, view } = DTYPES[dtype];
  const length = Math.floor(bytes.length / itemSize);
  const swap = itemSize > 1 && littleEndian !== HOST_LITTLE_ENDIAN;
  if (!swap && (bytes.byteOffset % itemSize) === 0) return view(bytes.buffer, bytes.byteOffset, length);
  const copy = copyBytes(bytes.subarray(0, length * itemSize)); // offset 0: always aligned
  if (swap) swapBytes(copy, itemSize);
  return view(copy.buffer, 0, length);
}

/**
 * The bytes of `data` in the requested byte order (a view when no conversion is needed).
 *
 * @example
 * dataToBytes(Int32Array.of(7), true); // Uint8Array [7, 0, 0, 0]
 */
export function dataToBytes(data: NdData, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data.BYTES_PER_ELEMENT === 1 || littleEndian === HOST_LITTLE_ENDIAN) return bytes;
  const copy = copyBytes(bytes);
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}
