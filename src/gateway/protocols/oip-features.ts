/**
 * @module gateway/protocols/oip-features
 * The compact feature summary of an OIP v2 inference request: the first row of its first
 * FP32 or FP64 input tensor, capped at a few values. It gives the detection engine a cheap
 * look at the inputs (drift, entropy) without keeping whole requests.
 */
import { walkLeaves } from '../../shared/nested-leaves.js';

/**
 * The first row of the first FP32/FP64 input of a parsed OIP request body, at most `max`
 * values; undefined when there is none. Accepts flat (`data: [..]` with a shape) and
 * nested (`data: [[..], [..]]`) layouts; stops at the first non-number.
 *
 * @example
 * firstRowFeatures({ inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }] }, 16); // [1, 2, 3]
 */
export function firstRowFeatures(body: unknown, max: number): number[] | undefined {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs)) return undefined;
  for (const input of inputs) {
    const tensor = input as { datatype?: unknown; shape?: unknown; data?: unknown } | null;
    if (tensor === null || typeof tensor !== 'object') continue;
    if (tensor.datatype !== 'FP32' && tensor.datatype !== 'FP64') continue;
    if (!Array.isArray(tensor.data)) continue;
    return firstRow(tensor.data, rowLength(tensor.shape), max);
  }
  return undefined;
}

/** Elements per row: the product of every dimension after the first (the batch). */
function rowLength(shape: unknown): number {
  if (!Array.isArray(shape) || shape.length < 2) return Number.POSITIVE_INFINITY;
  let n = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== 'number' || d < 0) return Number.POSITIVE_INFINITY;
    n *= d;
  }
  return n;
}

function firstRow(data: readonly unknown[], rowLen: number, max: number): number[] | undefined {
  const limit = Math.min(rowLen, max);
  if (!(limit > 0)) return undefined;
  const out: number[] = [];
  // Nested layout: data[0] is the first row (maybe nested deeper); flat: the first rowLen values.
  walkLeaves(Array.isArray(data[0]) ? data[0] : data, (item) => {
    if (typeof item !== 'number' || !Number.isFinite(item)) return false;
    out.push(item);
    return out.length < limit;
  });
  return out.length > 0 ? out : undefined;
}
