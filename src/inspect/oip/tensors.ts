/**
 * @module inspect/oip/tensors
 * Reads the `inputs` of an Open Inference Protocol v2 request body (already parsed JSON)
 * into flat tensors for the tabular inspectors (entropy fingerprint, schema, OOD,
 * squeezing). Hostile bodies never throw: a body that is not OIP gives `{ ok: false }`,
 * and each tensor is read up to a cap of elements (the true element count is still
 * reported, so a schema check can compare it with the shape).
 */
import { walkLeaves } from '../../shared/nested-leaves.js';

/** One input tensor of a request, flattened (nested `data` arrays are read in row-major order). */
export interface DecodedTensor {
  readonly name: string | undefined;
  readonly datatype: string | undefined;
  /** The declared shape, or undefined when it is missing or not an array of integers. */
  readonly shape: readonly number[] | undefined;
  /** Numbers (BOOL as 0/1), at most the cap; a non-number leaves a NaN in its place. */
  readonly values: Float64Array;
  /** Strings of a BYTES tensor, at most the cap. */
  readonly strings: readonly string[];
  /** Leaf elements seen in `data` (may exceed `values.length`). */
  readonly elements: number;
  /** Leaves that were neither finite numbers, booleans nor strings (objects, null, NaN). */
  readonly invalid: number;
  /** The element cap cut the data. */
  readonly truncated: boolean;
}

/** The request's input tensors, or why they could not be read. */
export type DecodedInputs = { readonly ok: true; readonly tensors: readonly DecodedTensor[] } | { readonly ok: false; readonly reason: string };

/** Largest number of leaves counted in one tensor; beyond it the body is reported as too large. */
const MAX_LEAVES_COUNTED = 10_000_000;

/**
 * Decodes `body.inputs`. At most `maxElements` values per tensor are kept.
 *
 * @example
 * const d = decodeOipInputs({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [[1, 2, 3]] }] }, 1024);
 * d.ok && Array.from(d.tensors[0]!.values); // [1, 2, 3]
 */
export function decodeOipInputs(body: unknown, maxElements: number): DecodedInputs {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'body is not a JSON object' };
  const inputs = (body as { inputs?: unknown }).inputs;
  if (!Array.isArray(inputs)) return { ok: false, reason: 'body has no "inputs" array' };
  const tensors: DecodedTensor[] = [];
  for (const input of inputs) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, reason: 'an input is not a JSON object' };
    tensors.push(decodeTensor(input as Record<string, unknown>, maxElements));
  }
  return { ok: true, tensors };
}

/**
 * Decodes one tensor object (an element of `inputs` or `outputs`), keeping at most
 * `maxElements` values.
 *
 * @example
 * decodeTensor({ name: 'p', datatype: 'FP32', shape: [1, 2], data: [0.1, 0.9] }, 16).values; // Float64Array [0.1, 0.9]
 */
export function decodeTensor(input: Record<string, unknown>, maxElements: number): DecodedTensor {
  const name = typeof input['name'] === 'string' ? input['name'] : undefined;
  const datatype = typeof input['datatype'] === 'string' ? input['datatype'] : undefined;
  const rawShape = input['shape'];
  const shape = Array.isArray(rawShape) && rawShape.every((d) => Number.isInteger(d)) ? (rawShape as number[]) : undefined;
  const numeric = numericData(input['data'], maxElements);
  if (numeric !== undefined) return { name, datatype, shape, values: numeric.values, strings: [], elements: numeric.elements, invalid: 0, truncated: numeric.elements > maxElements };
  const values: number[] = [];
  const strings: string[] = [];
  let elements = 0;
  let invalid = 0;
  const visit = (leaf: unknown): void => {
    elements++;
    if (typeof leaf === 'number' && Number.isFinite(leaf)) {
      if (values.length < maxElements) values.push(leaf);
    } else if (typeof leaf === 'boolean') {
      if (values.length < maxElements) values.push(leaf ? 1 : 0);
    } else if (typeof leaf === 'string') {
      if (strings.length < maxElements) strings.push(leaf);
    } else {
      invalid++;
      if (values.length < maxElements) values.push(Number.NaN);
    }
  };
  walkLeaves(input['data'], visit, MAX_LEAVES_COUNTED);
  return { name, datatype, shape, values: Float64Array.from(values), strings, elements, invalid, truncated: elements > maxElements };
}

/**
 * The common case without the generic walk: `data` is a flat array of finite numbers, or an
 * array of such arrays (one row each). Undefined for anything else (the walk handles it);
 * the result is what the walk would give: the first `maxElements` values and the leaf count.
 */
function numericData(data: unknown, maxElements: number): { values: Float64Array; elements: number } | undefined {
  if (!Array.isArray(data)) return undefined;
  let elements = 0;
  const nested = data.length > 0 && Array.isArray(data[0]);
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    if (nested) {
      if (!Array.isArray(item)) return undefined;
      for (let j = 0; j < item.length; j++) if (!isFiniteNumber(item[j])) return undefined;
      elements += item.length;
    } else if (!isFiniteNumber(item)) return undefined;
    else elements++;
  }
  if (elements > MAX_LEAVES_COUNTED) return undefined;
  const values = new Float64Array(Math.min(elements, maxElements));
  if (!nested) {
    for (let i = 0; i < values.length; i++) values[i] = data[i] as number;
    return { values, elements };
  }
  let k = 0;
  for (let i = 0; i < data.length && k < values.length; i++) {
    const row = data[i] as number[];
    for (let j = 0; j < row.length && k < values.length; j++) values[k++] = row[j] as number;
  }
  return { values, elements };
}

function isFiniteNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}


/**
 * Elements per row of a tensor: the product of the dimensions after the first (the batch),
 * or every value when the shape is missing, rank 1, or has a negative dimension.
 *
 * @example
 * rowLength([4, 13], 52); // 13
 * rowLength(undefined, 7); // 7
 */
export function rowLength(shape: readonly number[] | undefined, total: number): number {
  if (shape === undefined || shape.length < 2) return total;
  let n = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i] as number;
    if (d < 0) return total;
    n *= d;
  }
  return n;
}

/**
 * The first `maxRows` complete rows of a decoded tensor as views into its values (a
 * partial trailing row is dropped). Empty when the tensor has no complete row.
 *
 * @example
 * tensorRows({ shape: [2, 2], values: Float64Array.of(1, 2, 3, 4) } as DecodedTensor, 8).map((r) => Array.from(r)); // [[1, 2], [3, 4]]
 */
export function tensorRows(tensor: Pick<DecodedTensor, 'shape' | 'values'>, maxRows: number): Float64Array[] {
  const width = rowLength(tensor.shape, tensor.values.length);
  if (width <= 0) return [];
  const rows: Float64Array[] = [];
  for (let start = 0; start + width <= tensor.values.length && rows.length < maxRows; start += width) rows.push(tensor.values.subarray(start, start + width));
  return rows;
}

/**
 * The first numeric (FP32, FP64, INT*, UINT8, BOOL) tensor of a decoded request.
 *
 * @example
 * firstNumericTensor(decoded.tensors)?.name; // 'x'
 */
export function firstNumericTensor(tensors: readonly DecodedTensor[]): DecodedTensor | undefined {
  return tensors.find((t) => t.datatype !== 'BYTES' && t.values.length > 0);
}
