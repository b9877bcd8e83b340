/**
 * @module inspect/oip/outputs
 * The class probabilities of a classifier's answer: the first row of the first numeric
 * output of an OIP v2 response body. A row that is already a distribution (every value in
 * [0, 1], summing to 1 within 1e-3) is taken as is; a single value p is read as the binary
 * distribution [1 − p, p]; anything else is treated as logits and passed through softmax.
 */
import { decodeOipInputs, rowLength } from './tensors.js';

/** Largest output row read, values. */
const MAX_OUTPUT_VALUES = 4096;

/**
 * Softmax of `logits` (max-shifted, so large logits do not overflow).
 *
 * @example
 * softmax([0, 0]); // [0.5, 0.5]
 */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const out = new Array<number>(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
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
  if (row.length === 0) return undefined;
  let sum = 0;
  let unit = true;
  for (let i = 0; i < row.length; i++) {
    const v = row[i] as number;
    if (!Number.isFinite(v)) return undefined;
    sum += v;
    if (v < 0 || v > 1) unit = false;
  }
  if (row.length === 1) return unit ? [1 - (row[0] as number), row[0] as number] : undefined;
  if (unit && Math.abs(sum - 1) <= 1e-3) return Array.from(row);
  return softmax(row);
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
  const decoded = decodeOipInputs({ inputs: outputs }, MAX_OUTPUT_VALUES);
  if (!decoded.ok) return undefined;
  const tensor = decoded.tensors.find((t) => t.datatype !== 'BYTES' && t.values.length > 0 && t.invalid === 0);
  if (tensor === undefined) return undefined;
  const width = Math.min(rowLength(tensor.shape, tensor.values.length), tensor.values.length);
  return asProbabilities(tensor.values.subarray(0, width));
}
