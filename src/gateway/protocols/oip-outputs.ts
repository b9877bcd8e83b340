/**
 * @module gateway/protocols/oip-outputs
 * Reading Open Inference Protocol v2 infer responses (`{ outputs: [{ name, datatype, shape,
 * data }] }`) for what the gateway needs off the hot path: the predicted label per row
 * (shadow comparison, label-only hardening) and the score rows of an FP output (output
 * hardening). Data may be flat (row-major) or nested; a row is the output's last dimension.
 */

/** One output tensor as decoded JSON (fields unchecked). */
export interface OipOutputJson {
  name?: unknown;
  datatype?: unknown;
  shape?: unknown;
  data?: unknown;
  [field: string]: unknown;
}

/** Scores of one output: `rows × width` values, row-major. */
export interface ScoreRows {
  readonly values: number[];
  readonly rows: number;
  readonly width: number;
}

/** A predicted label: a class index, or the value of an integer/string label output. */
export type Label = number | string | boolean;

const FLOAT_TYPES = new Set(['FP16', 'FP32', 'FP64']);
const LABEL_TYPES = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'BOOL', 'BYTES']);

/**
 * The decoded body and its `outputs` array, or undefined when the bytes are not an OIP
 * infer response.
 *
 * @example
 * parseOipResponse(Buffer.from('{"outputs":[]}'))?.outputs; // []
 */
export function parseOipResponse(body: Buffer): { readonly json: Record<string, unknown>; readonly outputs: OipOutputJson[] } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const outputs = (json as { outputs?: unknown }).outputs;
  if (!Array.isArray(outputs) || !outputs.every((o) => o !== null && typeof o === 'object' && !Array.isArray(o))) return undefined;
  return { json: json as Record<string, unknown>, outputs: outputs as OipOutputJson[] };
}

/**
 * True for FP16/FP32/FP64 outputs: the ones hardening changes.
 *
 * @example
 * isFloatOutput({ datatype: 'INT64' }); // false
 */
export function isFloatOutput(output: OipOutputJson): boolean {
  return typeof output.datatype === 'string' && FLOAT_TYPES.has(output.datatype);
}

/**
 * The values of an FP output as rows of its last dimension, or undefined when the data is
 * not all finite numbers or does not match the shape.
 *
 * @example
 * scoreRows({ datatype: 'FP32', shape: [2, 2], data: [[0.1, 0.9], [0.7, 0.3]] }); // { values: [0.1, 0.9, 0.7, 0.3], rows: 2, width: 2 }
 */
export function scoreRows(output: OipOutputJson): ScoreRows | undefined {
  const values = flatten(output.data, (v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values === undefined) return undefined;
  const dims = dimensions(output.shape);
  if (dims === undefined) return undefined;
  const width = dims.length === 0 ? 1 : (dims[dims.length - 1] as number);
  const count = dims.reduce((a, d) => a * d, 1);
  if (count !== values.length || width === 0) return undefined;
  return { values, rows: count / width, width };
}

/**
 * The predicted label of every row of the response's first output: the argmax of each
 * row of an FP output (a single probability per row is thresholded at 0.5: label 1 when
 * ≥ 0.5), or the values themselves for an integer, boolean or string output. Undefined
 * when the body is not an OIP response with a readable first output.
 *
 * @example
 * predictedLabels(Buffer.from('{"outputs":[{"name":"p","datatype":"FP32","shape":[2,2],"data":[0.1,0.9,0.8,0.2]}]}')); // [1, 0]
 */
export function predictedLabels(body: Buffer): Label[] | undefined {
  const first = parseOipResponse(body)?.outputs[0];
  if (first === undefined) return undefined;
  if (typeof first.datatype === 'string' && LABEL_TYPES.has(first.datatype)) {
    return flatten(first.data, (v): v is Label => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean');
  }
  if (!isFloatOutput(first)) return undefined;
  const rows = scoreRows(first);
  return rows === undefined ? undefined : rowLabels(rows);
}

/**
 * Argmax per row (the first index on ties); a width-1 row is a probability thresholded at 0.5.
 *
 * @example
 * rowLabels({ values: [0.2, 0.7], rows: 2, width: 1 }); // [0, 1]
 */
export function rowLabels(rows: ScoreRows): number[] {
  const labels: number[] = [];
  for (let r = 0; r < rows.rows; r++) labels.push(argmax(rows.values, r * rows.width, rows.width));
  return labels;
}

/**
 * The index (0-based, within the row) of the largest of `width` values from `start`; width 1: 1 when ≥ 0.5.
 *
 * @example
 * argmax([0.2, 0.5, 0.3], 0, 3); // 1
 */
export function argmax(values: readonly number[], start: number, width: number): number {
  if (width === 1) return (values[start] as number) >= 0.5 ? 1 : 0;
  let best = 0;
  for (let i = 1; i < width; i++) if ((values[start + i] as number) > (values[start + best] as number)) best = i;
  return best;
}

/** Non-negative integer dimensions, or undefined. */
function dimensions(shape: unknown): number[] | undefined {
  if (!Array.isArray(shape)) return undefined;
  for (const d of shape) if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) return undefined;
  return shape as number[];
}

/** Flattens nested arrays depth-first; undefined when a leaf fails `accept`. */
function flatten<T>(data: unknown, accept: (v: unknown) => v is T): T[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const out: T[] = [];
  const stack: unknown[][] = [data];
  const index: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const array = stack[top] as unknown[];
    const i = index[top] as number;
    if (i >= array.length) {
      stack.pop();
      index.pop();
      continue;
    }
    index[top] = i + 1;
    const item = array[i];
    if (Array.isArray(item)) {
      stack.push(item);
      index.push(0);
    } else if (accept(item)) out.push(item);
    else return undefined;
  }
  return out;
}
