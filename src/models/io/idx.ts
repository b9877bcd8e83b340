/**
 * @module models/io/idx
 * The IDX format of the MNIST files (LeCun et al.): raw or gzip-compressed (detected by the
 * gzip magic 0x1f 0x8b). Header: two zero bytes, a type code, the number of dimensions,
 * then each dimension as a big-endian uint32; the data follows, big-endian, C order.
 * Type codes: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64;
 * int8 and int16 are widened to int32, the narrowest {@link NdDType} that holds them.
 * Pure (decompression is in memory; see models/io/files for `readIdxFile`).
 */
import { gunzipSync } from 'node:zlib';
import { modelIoErrors } from './errors.js';
import { dataFromBytes, shapeSize } from './ndarray.js';
import type { NdArray, NdData, NdDType } from './ndarray.js';

/** Options of {@link parseIdx}. */
export interface IdxParseOptions {
  /** Names the input in error messages, e.g. the file path. Default `'IDX bytes'`. */
  readonly source?: string;
  /** Largest decompressed size accepted from a gzip stream, in bytes (guards against gzip bombs). Default 1 GiB. */
  readonly maxDecompressedBytes?: number;
}

interface IdxType {
  readonly dtype: NdDType;
  /** Bytes per element in the file. */
  readonly size: number;
  /** For types stored narrower than `dtype`: reads element `i` from a big-endian view. */
  readonly widen?: (view: DataView, offset: number) => number;
}

const TYPES: Readonly<Record<number, IdxType>> = {
  0x08: { dtype: 'uint8', size: 1 },
  0x09: { dtype: 'int32', size: 1, widen: (v, o) => v.getInt8(o) },
  0x0b: { dtype: 'int32', size: 2, widen: (v, o) => v.getInt16(o, false) },
  0x0c: { dtype: 'int32', size: 4 },
  0x0d: { dtype: 'float32', size: 4 },
  0x0e: { dtype: 'float64', size: 8 },
};

const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 ** 3;

function idxError(where: string, problem: string, details: Record<string, unknown> = {}, cause?: unknown): Error {
  return modelIoErrors.error('MDL_ERR_IDX_FORMAT', `${where}: ${problem}`, { source: where, ...details }, cause);
}

function gunzip(bytes: Uint8Array, where: string, maxBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw idxError(where, `gzip stream does not decompress within ${maxBytes} bytes (${reason})`, { maxDecompressedBytes: maxBytes }, cause);
  }
}

function readHeader(bytes: Uint8Array, where: string): { type: IdxType; shape: number[]; dataStart: number } {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw idxError(where, 'not an IDX file (the magic number must start with two zero bytes)');
  }
  const code = bytes[2] as number;
  const type = TYPES[code];
  if (type === undefined) throw idxError(where, `unknown IDX type code 0x${code.toString(16).padStart(2, '0')}`, { typeCode: code });
  const ndim = bytes[3] as number;
  const dataStart = 4 + 4 * ndim;
  if (bytes.length < dataStart) throw idxError(where, `truncated: ${ndim} dimensions need a ${dataStart}-byte header`, { ndim });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { type, shape, dataStart };
}

function widenAll(body: Uint8Array, type: IdxType, count: number): NdData {
  const widen = type.widen as NonNullable<IdxType['widen']>;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = widen(view, i * type.size);
  return out;
}

/**
 * Parses an IDX file's bytes, gzip-compressed or raw. MNIST images come back as uint8
 * `[n, 28, 28]`, labels as uint8 `[n]`. Throws `MDL_ERR_IDX_FORMAT` for a bad magic number,
 * an unknown type code, a data length that does not match the dimensions, or a gzip stream
 * that fails (or exceeds `maxDecompressedBytes`).
 *
 * @example
 * const labels = parseIdx(await readFile('t10k-labels-idx1-ubyte.gz'));
 * labels.shape;             // [10000]
 * labels.data.slice(0, 3);  // Uint8Array [7, 2, 1]
 */
export function parseIdx(input: Uint8Array, options: IdxParseOptions = {}): NdArray {
  const where = options.source ?? 'IDX bytes';
  const gzipped = input[0] === 0x1f && input[1] === 0x8b;
  const bytes = gzipped ? gunzip(input, where, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES) : input;
  const { type, shape, dataStart } = readHeader(bytes, where);
  const count = shapeSize(shape);
  if (count === undefined) throw idxError(where, `dimensions [${shape.join(', ')}] are too large`, { shape });
  const expected = count * type.size;
  const actual = bytes.length - dataStart;
  if (!Number.isSafeInteger(expected) || expected !== actual) {
    throw idxError(where, `dimensions [${shape.join(', ')}] need ${expected} data bytes, found ${actual}`, {
      shape,
      expectedBytes: expected,
      actualBytes: actual,
    });
  }
  const body = bytes.subarray(dataStart);
  const data = type.widen === undefined ? dataFromBytes(type.dtype, body, false) : widenAll(body, type, count);
  return { dtype: type.dtype, shape, data };
}
