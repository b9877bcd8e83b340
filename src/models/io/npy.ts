/**
 * @module models/io/npy
 * numpy's `.npy` format, versions 1.0, 2.0 and 3.0 (NEP 1 / `numpy.lib.format`): bytes in,
 * {@link NdArray} out, and back. Reads C-ordered arrays of `<f4 <f8 |u1 <i4 <i8 |b1`, and
 * big-endian `>f4 >f8 >i4 >i8`, which are converted to the host's order. Writes exactly
 * the bytes `numpy.save` writes (version 1.0, 64-byte aligned data). Pure: no file I/O
 * (see models/io/files for `readNpyFile` / `writeNpyFile`).
 *
 * Layout: magic `\x93NUMPY`, major and minor version bytes, header length (uint16 LE in
 * 1.0, uint32 LE in 2.0 and 3.0), the header dict (latin-1, UTF-8 in 3.0) padded with
 * spaces and ended by `\n`, then the raw element bytes.
 */
import { modelIoErrors } from './errors.js';
import { DTYPES, dataFromBytes, dataToBytes, shapeSize } from './ndarray.js';
import type { NdArray, NdDType } from './ndarray.js';
import { formatNpyHeader, parseNpyHeader } from './npy-header.js';

export type { NdArray, NdData, NdDType } from './ndarray.js';

/** Options of {@link parseNpy}. */
export interface NpyParseOptions {
  /** Names the input in error messages, e.g. the file path. Default `'.npy bytes'`. */
  readonly source?: string;
}

const MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59); // \x93NUMPY
/** numpy aligns the start of the data to 64 bytes. */
const ARRAY_ALIGN = 64;

const KINDS: Readonly<Record<string, NdDType>> = { f4: 'float32', f8: 'float64', u1: 'uint8', i4: 'int32', i8: 'int64', b1: 'bool' };
const DESCRS: Readonly<Record<NdDType, string>> = { float32: '<f4', float64: '<f8', uint8: '|u1', int32: '<i4', int64: '<i8', bool: '|b1' };

function npyError(where: string, problem: string, details: Record<string, unknown> = {}): Error {
  return modelIoErrors.error('MDL_ERR_NPY_FORMAT', `${where}: ${problem}`, { source: where, ...details });
}

interface Preamble {
  readonly version: number;
  readonly headerText: string;
  readonly dataStart: number;
}

function decodeHeader(bytes: Uint8Array, version: number, where: string): string {
  if (version === 3) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      throw modelIoErrors.error('MDL_ERR_NPY_FORMAT', `${where}: .npy 3.0 header is not valid UTF-8`, { source: where }, cause);
    }
  }
  // latin-1 by hand: TextDecoder('latin1') is really windows-1252.
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

function readPreamble(bytes: Uint8Array, where: string): Preamble {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw npyError(where, 'not a .npy file (the magic string \\x93NUMPY is missing)');
  }
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if (![1, 2, 3].includes(major) || minor !== 0) {
    throw npyError(where, `unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are read)`, { version: `${major}.${minor}` });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw npyError(where, 'truncated before the header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = prefix + headerLength;
  if (dataStart > bytes.length) {
    throw npyError(where, `header length ${headerLength} runs past the end of the ${bytes.length}-byte input`, { headerLength });
  }
  return { version: major, headerText: decodeHeader(bytes.subarray(prefix, dataStart), major, where), dataStart };
}

function resolveDescr(descr: string, where: string): { dtype: NdDType; littleEndian: boolean } {
  const dtype = descr.length === 3 ? KINDS[descr.slice(1)] : undefined;
  const order = descr[0];
  const oneByte = dtype !== undefined && DTYPES[dtype].itemSize === 1;
  const orderOk = order === '<' || order === '>' || (oneByte && order === '|');
  if (dtype === undefined || !orderOk) {
    throw npyError(where, `unsupported dtype '${descr}' (bulwark reads <f4 <f8 |u1 <i4 <i8 |b1, and >f4 >f8 >i4 >i8)`, { descr });
  }
  return { dtype, littleEndian: order !== '>' };
}

function checkBool(data: Uint8Array, where: string, action: string): void {
  const at = data.findIndex((v) => v > 1);
  if (at >= 0) throw npyError(where, `${action}: bool element ${at} is ${data[at]}, not 0 or 1`, { index: at });
}

/**
 * Parses a `.npy` file's bytes. The result's `data` may share memory with `bytes` (when the
 * data offset is aligned and no byte swap is needed); copy it before mutating either.
 * Throws `MDL_ERR_NPY_FORMAT` naming the problem: bad magic or version, a malformed header,
 * an unsupported dtype, `fortran_order: True`, or a data length that does not match the shape.
 *
 * @example
 * const w = parseNpy(await readFile('W_DENSE_MNIST.npy'));
 * w.dtype; // 'float64'
 * w.shape; // [25, 10]
 */
export function parseNpy(bytes: Uint8Array, options: NpyParseOptions = {}): NdArray {
  const where = options.source ?? '.npy bytes';
  const { headerText, dataStart } = readPreamble(bytes, where);
  const header = parseNpyHeader(headerText, where);
  if (header.fortranOrder) {
    throw npyError(where, 'fortran_order is True; bulwark reads C-ordered arrays only (save np.ascontiguousarray(a))');
  }
  const { dtype, littleEndian } = resolveDescr(header.descr, where);
  const count = shapeSize(header.shape) as number; // the header parser admits safe integers only
  const expected = count * DTYPES[dtype].itemSize;
  const actual = bytes.length - dataStart;
  if (!Number.isSafeInteger(expected) || expected !== actual) {
    throw npyError(where, `shape (${header.shape.join(', ')}) of ${header.descr} needs ${expected} data bytes, found ${actual}`, {
      shape: header.shape,
      expectedBytes: expected,
      actualBytes: actual,
    });
  }
  const data = dataFromBytes(dtype, bytes.subarray(dataStart), littleEndian);
  if (dtype === 'bool') checkBool(data as Uint8Array, where, 'invalid data');
  return { dtype, shape: header.shape, data };
}

function checkEncodable(array: NdArray): void {
  const where = 'encodeNpy';
  const info = (DTYPES as Partial<Record<string, (typeof DTYPES)[NdDType]>>)[array.dtype];
  if (info === undefined) throw npyError(where, `unsupported dtype '${String(array.dtype)}'`, { dtype: array.dtype });
  if (!info.holds(array.data)) {
    throw npyError(where, `dtype ${array.dtype} needs data of another type than ${array.data.constructor.name}`, { dtype: array.dtype });
  }
  const size = Array.isArray(array.shape) ? shapeSize(array.shape) : undefined;
  if (size === undefined) throw npyError(where, `shape [${String(array.shape)}] is not a list of non-negative integers`);
  if (size !== array.data.length) {
    throw npyError(where, `shape [${array.shape.join(', ')}] holds ${size} elements but data has ${array.data.length}`, { shape: array.shape });
  }
  if (array.dtype === 'bool') checkBool(array.data as Uint8Array, where, 'cannot encode');
}

/**
 * Encodes a C-ordered array as `.npy` bytes, identical to what `numpy.save` writes: format
 * 1.0 (2.0 only if the header exceeds 65,535 bytes), little-endian, data aligned to 64 bytes.
 * Throws `MDL_ERR_NPY_FORMAT` when `data` is not the typed array of `dtype`, its length is
 * not the product of `shape`, or a bool element is not 0 or 1.
 *
 * @example
 * const bytes = encodeNpy({ dtype: 'int32', shape: [3], data: Int32Array.of(1, 2, 3) });
 * parseNpy(bytes).data; // Int32Array [1, 2, 3]
 */
export function encodeNpy(array: NdArray): Uint8Array {
  checkEncodable(array);
  const dict = formatNpyHeader(DESCRS[array.dtype], array.shape);
  // numpy: hlen = len(dict) + 1 (newline); pad = 64 - (prefix + hlen) % 64, so a full 64 when aligned.
  let prefix = 10;
  let headerLength = dict.length + 1 + ARRAY_ALIGN - ((prefix + dict.length + 1) % ARRAY_ALIGN);
  if (headerLength > 0xffff) {
    prefix = 12;
    headerLength = dict.length + 1 + ARRAY_ALIGN - ((prefix + dict.length + 1) % ARRAY_ALIGN);
  }
  const payload = dataToBytes(array.data, true);
  const out = new Uint8Array(prefix + headerLength + payload.length);
  out.set(MAGIC, 0);
  out[6] = prefix === 10 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (prefix === 10) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  out.fill(0x20, prefix, prefix + headerLength - 1);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  out[prefix + headerLength - 1] = 0x0a;
  out.set(payload, prefix + headerLength);
  return out;
}
