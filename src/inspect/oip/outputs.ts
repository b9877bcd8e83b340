/**
 * @module inspect/oip/outputs
 * The class probabilities of a classifier's answer: the first row of the first numeric
 * output of an OIP v2 response body. A row that is already a distribution (every value in
 * [0, 1], summing to 1 within 1e-3) is taken as is; a single value p is read as the binary
 * distribution [1 − p, p]; anything else is treated as logits and passed through softmax.
 */
import { decodeTensor, rowLength } from './tensors.js';

/** Values kept per output tensor (the first row is read from them). */
export const MAX_OUTPUT_VALUES = 4096;

/**
 * Softmax of `logits` (max-shifted, so large logits do not overflow).
 *
 * @example
 * softmax([0, 0]); // [0.5, 0.5]
 */
export function softmax(logits: ArrayLike<number>): number[] {
  return softmaxOf(logits, logits.length);
}

/** Softmax of the first `length` values of `logits`. */
function softmaxOf(logits: ArrayLike<number>, length: number): number[] {
  const out = new Array<number>(length);
  softmaxInto(logits, length, out);
  return out;
}

/** Softmax of the first `length` values of `logits`, written to `out`. */
function softmaxInto(logits: ArrayLike<number>, length: number, out: number[] | Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < length; i++) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const e = Math.exp((logits[i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < length; i++) out[i] = (out[i] as number) / sum;
}

/**
 * A row of scores as a probability distribution (see the module header for the rule).
 * Undefined for an empty row or a non-finite value.
 *
 * @example
 * asProbabilities([0.1, 0.9]); // [0.1, 0.9]
 * asProbabilities([0.8]);      // [0.2, 0.8]
 * asProbabilities([2, 0]);     // softmax: [0.8808, 0.1192]
 */
export function asProbabilities(row: ArrayLike<number>): number[] | undefined {
  return probabilitiesOf(row, row.length);
}

/**
 * `asProbabilities` of the first `length` values of `row` (no view to allocate); `length`
 * is at most `row.length`.
 *
 * @example
 * probabilitiesOf(Float64Array.of(0.1, 0.9, 7), 2); // [0.1, 0.9]
 */
export function probabilitiesOf(row: ArrayLike<number>, length: number): number[] | undefined {
  const out = new Array<number>(length === 1 ? 2 : length);
  return probabilitiesInto(row, length, out) === 0 ? undefined : out;
}

/**
 * `probabilitiesOf(row, length)` written into `out` (room for max(length, 2) values);
 * returns how many values it wrote, 0 where `probabilitiesOf` gives undefined.
 *
 * @example
 * probabilitiesInto([0.8], 1, scratch); // 2; scratch starts [0.2, 0.8]
 */
export function probabilitiesInto(row: ArrayLike<number>, length: number, out: number[] | Float64Array): number {
  if (length === 0) return 0;
  let sum = 0;
  let unit = true;
  for (let i = 0; i < length; i++) {
    const v = row[i] as number;
    if (!Number.isFinite(v)) return 0;
    sum += v;
    if (v < 0 || v > 1) unit = false;
  }
  if (length === 1) {
    if (!unit) return 0;
    out[0] = 1 - (row[0] as number);
    out[1] = row[0] as number;
    return 2;
  }
  if (unit && Math.abs(sum - 1) <= 1e-3) {
    // A plain copy (Array.from goes through the iterator protocol: it showed in profiles).
    for (let i = 0; i < length; i++) out[i] = row[i] as number;
    return length;
  }
  softmaxInto(row, length, out);
  return length;
}

/**
 * The first row of the first numeric output of an OIP v2 response body, as probabilities;
 * undefined when the body has none.
 *
 * @example
 * outputProbabilities({ outputs: [{ name: 'p', datatype: 'FP32', shape: [1, 2], data: [0.1, 0.9] }] }); // [0.1, 0.9]
 */
export function outputProbabilities(body: unknown): number[] | undefined {
  const outputs = (body as { outputs?: unknown } | null)?.outputs;
  if (!Array.isArray(outputs)) return undefined;
  // Like decoding every output (any non-object output makes the body unreadable), but only
  // the outputs up to the first usable one are decoded.
  for (const output of outputs) if (output === null || typeof output !== 'object' || Array.isArray(output)) return undefined;
  for (const output of outputs) {
    const tensor = decodeTensor(output as Record<string, unknown>, MAX_OUTPUT_VALUES);
    if (tensor.datatype === 'BYTES' || tensor.values.length === 0 || tensor.invalid !== 0) continue;
    const width = Math.min(rowLength(tensor.shape, tensor.values.length), tensor.values.length);
    return asProbabilities(tensor.values.subarray(0, width));
  }
  return undefined;
}
