/**
 * @module models/server/decode-tensor
 * Turns the `data` of one Open Inference Protocol v2 input into the one `Float32Array`
 * every runtime takes. Data is flat or nested row-major (each nesting level must have the
 * length of its dimension); each element is checked against the declared datatype and
 * written once, with no intermediate arrays. INT64 values must be exact JSON numbers
 * (|v| < 2^53): a larger one has already been rounded by JSON.parse, so it is refused.
 */
import { serverErrors } from './errors.js';

/**
 * Input datatypes the server converts to FP32.
 *
 * @example
 * INPUT_DATATYPES.includes('INT64'); // true
 */
export const INPUT_DATATYPES = ['FP32', 'FP64', 'INT32', 'INT64', 'BOOL'] as const;
/** One of {@link INPUT_DATATYPES}. */
export type InputDatatype = (typeof INPUT_DATATYPES)[number];

/** Element → number, or NaN when the element does not fit the datatype. */
type Convert = (value: unknown) => number;

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

const CONVERT: Readonly<Record<InputDatatype, Convert>> = {
  FP32: (v) => (typeof v === 'number' ? v : NaN),
  FP64: (v) => (typeof v === 'number' ? v : NaN),
  INT32: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? v : NaN),
  INT64: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : NaN),
  BOOL: (v) => (v === true ? 1 : v === false ? 0 : NaN),
};

/**
 * True when `datatype` is one the server converts.
 *
 * @example
 * isInputDatatype('BYTES'); // false
 */
export function isInputDatatype(datatype: string): datatype is InputDatatype {
  return (INPUT_DATATYPES as readonly string[]).includes(datatype);
}

/** What one decoding needs; one object per request input, no closures. */
interface Job {
  readonly name: string;
  readonly datatype: InputDatatype;
  readonly shape: readonly number[];
  readonly convert: Convert;
  readonly out: Float32Array;
}

/**
 * Decodes `data` (flat or nested) of shape `shape` into a new Float32Array. `maxElements`
 * bounds the allocation (a body of N bytes cannot carry more than about N / 2 values), so a
 * huge declared shape fails before memory is taken.
 *
 * @example
 * decodeTensor('x', 'INT64', [2, 2], [[1, 2], [3, 4]], 1_000); // Float32Array [1, 2, 3, 4]
 */
export function decodeTensor(name: string, datatype: InputDatatype, shape: readonly number[], data: readonly unknown[], maxElements: number): Float32Array {
  let size = 1;
  for (const d of shape) size *= d;
  const nested = data.length > 0 && Array.isArray(data[0]) && shape.length > 1;
  if (!nested && data.length !== size) throw countMismatch(name, shape, data.length, size);
  if (size > maxElements) throw countMismatch(name, shape, undefined, size);
  const job: Job = { name, datatype, shape, convert: CONVERT[datatype], out: new Float32Array(size) };
  if (nested) fillNested(job, data, 0, 0);
  else fillLeaves(job, data, 0);
  return job.out;
}

/** Writes scalars `values` at `offset`; returns the next offset. */
function fillLeaves(job: Job, values: readonly unknown[], offset: number): number {
  const { out, convert } = job;
  for (let i = 0; i < values.length; i++) {
    const k = offset + i;
    out[k] = convert(values[i]);
    if (!Number.isFinite(out[k])) throw invalidElement(job, k, values[i]);
  }
  return offset + values.length;
}

/** Walks one nesting level: its length must be the dimension at `depth`. */
function fillNested(job: Job, level: readonly unknown[], depth: number, offset: number): number {
  const want = job.shape[depth] as number;
  if (level.length !== want) {
    throw serverErrors.error('MDL_ERR_INFER_SHAPE_MISMATCH', `input "${job.name}": data has ${level.length} entries at dimension ${depth}, shape ${fmt(job.shape)} needs ${want}`, {
      input: job.name, shape: [...job.shape], dimension: depth, expected: want, got: level.length,
    });
  }
  if (depth === job.shape.length - 1) return fillLeaves(job, level, offset);
  let next = offset;
  for (const entry of level) {
    if (!Array.isArray(entry)) {
      throw serverErrors.error('MDL_ERR_INFER_SHAPE_MISMATCH', `input "${job.name}": data is not nested like shape ${fmt(job.shape)}: found ${show(entry)} at dimension ${depth} where a list of ${job.shape[depth + 1]} was expected`, {
        input: job.name, shape: [...job.shape], dimension: depth,
      });
    }
    next = fillNested(job, entry, depth + 1, next);
  }
  return next;
}

function countMismatch(name: string, shape: readonly number[], got: number | undefined, size: number): Error {
  const message = got === undefined
    ? `input "${name}": shape ${fmt(shape)} needs ${size} values, more than this request carries`
    : `input "${name}": ${got} values for shape ${fmt(shape)} (needs ${size})`;
  return serverErrors.error('MDL_ERR_INFER_SHAPE_MISMATCH', message, {
    input: name, shape: [...shape], expected: size, got: got ?? null,
  });
}

function invalidElement(job: Job, index: number, value: unknown): Error {
  const details = { input: job.name, datatype: job.datatype, index };
  const at = `input "${job.name}": element ${index} is ${show(value)}`;
  if (job.datatype === 'BOOL') return serverErrors.error('MDL_ERR_INFER_INVALID_DATA', `${at}, not true or false (datatype BOOL)`, details);
  if (typeof value !== 'number') return serverErrors.error('MDL_ERR_INFER_INVALID_DATA', `${at}, not a number (datatype ${job.datatype})`, details);
  if (job.datatype === 'INT64' && Number.isInteger(value)) {
    return serverErrors.error('MDL_ERR_INFER_INVALID_DATA', `${at}, beyond ±2^53: INT64 values must be exact in JSON numbers (|v| < 9007199254740992)`, details);
  }
  if (job.datatype === 'INT64' || job.datatype === 'INT32') {
    const why = Number.isInteger(value) ? `outside the INT32 range [${INT32_MIN}, ${INT32_MAX}]` : 'not an integer';
    return serverErrors.error('MDL_ERR_INFER_INVALID_DATA', `${at}, ${why} (datatype ${job.datatype})`, details);
  }
  return serverErrors.error('MDL_ERR_INFER_INVALID_DATA', `${at}, outside the FP32 range the model takes`, details);
}

/**
 * A shape for messages.
 *
 * @example
 * fmt([-1, 4]); // '[-1, 4]'
 */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * A short JSON rendering of a value, for messages (at most 40 characters).
 *
 * @example
 * show('abc'); // '"abc"'
 */
export function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
