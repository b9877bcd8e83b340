/**
 * @module inspect/entropy/input-fingerprint
 * The `input_fingerprint` of an OIP v2 request's numeric inputs: `fingerprintRows` of the
 * first `maxFingerprintRows` complete rows of its non-BYTES input tensors, in order, as the
 * shared decoding (`oip/decoded.ts`) reads them.
 *
 * The common body — every numeric input a flat array of finite numbers, as OIP clients send
 * it — is hashed straight from the parsed JSON, without decoding it into typed arrays and
 * row views (that decoding was most of the inspector's cost, and the other tabular
 * inspectors only decode when their version has a baseline or a signature). Anything else
 * (nested or mixed data, a hostile body) goes through the shared decoding, as before; both
 * paths give the same id for the same body.
 */
import { decodedInputs, MAX_TENSOR_ELEMENTS } from '../oip/decoded.js';
import { rowLength, tensorRows } from '../oip/tensors.js';
import { ENTROPY_DEFAULTS } from './defaults.js';
import { FINGERPRINT_SEED, fingerprintRows, mix, quantiseValue } from './fingerprint.js';

const MAX_ROWS = ENTROPY_DEFAULTS.maxFingerprintRows;
/** Longest `data` the decoder takes the numeric fast path for (tensors.ts MAX_LEAVES_COUNTED). */
const MAX_FLAT_ELEMENTS = 10_000_000;
/** `flatRowCount`'s answer when some tensor is not flat numeric data. */
const NOT_FLAT = -1;

type Input = Record<string, unknown>;

/** Flat array of finite numbers (what tensors.ts `numericData` takes as is). */
function isFlatNumeric(data: unknown): data is number[] {
  if (!Array.isArray(data) || data.length > MAX_FLAT_ELEMENTS) return false;
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

/** The declared shape as tensors.ts `decodeTensor` keeps it: an array of integers, else undefined. */
function declaredShape(raw: unknown): number[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  for (let i = 0; i < raw.length; i++) {
    const d: unknown = raw[i];
    // `every` skips holes (JSON has none; a hand-built array may).
    if (!Number.isInteger(d) && (d !== undefined || i in raw)) return undefined;
  }
  return raw as number[];
}

/** Row width of a flat tensor of `length` kept values (tensors.ts `tensorRows`). */
function widthOf(input: Input, length: number): number {
  return rowLength(declaredShape(input['shape']), length);
}

/** Complete rows `tensorRows` yields for `length` values of rows of `width`, at most `max`. */
function rowsOf(width: number, length: number, max: number): number {
  if (!(width > 0)) return 0;
  let rows = 0;
  for (let start = 0; start + width <= length && rows < max; start += width) rows++;
  return rows;
}

/**
 * Rows the fingerprint covers when every tensor it reads is flat numeric data; NOT_FLAT
 * otherwise. `inputs` are all objects.
 */
function flatRowCount(inputs: readonly Input[]): number {
  let rows = 0;
  for (let t = 0; t < inputs.length && rows < MAX_ROWS; t++) {
    const input = inputs[t] as Input;
    if (input['datatype'] === 'BYTES') continue;
    const data = input['data'];
    if (!isFlatNumeric(data)) return NOT_FLAT;
    const length = Math.min(data.length, MAX_TENSOR_ELEMENTS);
    if (length === 0) continue;
    rows += rowsOf(widthOf(input, length), length, MAX_ROWS - rows);
  }
  return rows;
}

function hashFlat(inputs: readonly Input[], total: number): number {
  let h = mix(FINGERPRINT_SEED, total);
  let rows = 0;
  for (let t = 0; t < inputs.length && rows < total; t++) {
    const input = inputs[t] as Input;
    if (input['datatype'] === 'BYTES') continue;
    const data = input['data'] as number[];
    const length = Math.min(data.length, MAX_TENSOR_ELEMENTS);
    if (length === 0) continue;
    const width = widthOf(input, length);
    const n = rowsOf(width, length, total - rows);
    for (let r = 0; r < n; r++) {
      h = mix(h, width);
      const start = r * width;
      for (let i = 0; i < width; i++) h = mix(h, quantiseValue(data[start + i] as number));
    }
    rows += n;
  }
  return h;
}

/** The shared decoding's rows, for bodies the flat path does not take. */
function decodedFingerprint(json: unknown): number | undefined {
  const decoded = decodedInputs(json);
  if (!decoded.ok) return undefined;
  const rows: Float64Array[] = [];
  for (const tensor of decoded.tensors) {
    if (tensor.datatype === 'BYTES' || tensor.values.length === 0) continue;
    rows.push(...tensorRows(tensor, MAX_ROWS - rows.length));
    if (rows.length >= MAX_ROWS) break;
  }
  return rows.length === 0 ? undefined : fingerprintRows(rows);
}

/**
 * The fingerprint of a parsed OIP request's numeric inputs; undefined when the body is not
 * OIP or has no complete numeric row.
 *
 * @example
 * inputFingerprint({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [55, 3, 0] }] }) === fingerprintRows([[55, 3, 0]]); // true
 */
export function inputFingerprint(json: unknown): number | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const inputs = (json as { inputs?: unknown }).inputs;
  if (!Array.isArray(inputs)) return undefined;
  for (let t = 0; t < inputs.length; t++) {
    const input: unknown = inputs[t];
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  }
  const total = flatRowCount(inputs as Input[]);
  if (total === NOT_FLAT) return decodedFingerprint(json);
  return total === 0 ? undefined : hashFlat(inputs as Input[], total);
}
