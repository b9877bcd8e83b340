/**
 * @module gateway/protocols/oip-features
 * The compact feature summary of an OIP v2 inference request: the first row of its first
 * FP32 or FP64 input tensor, capped at a few values. It gives the detection engine a cheap
 * look at the inputs (drift, entropy) without keeping whole requests.
 */

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
  const out: number[] = [];
  // Nested layout: data[0] is the first row (maybe nested deeper); flat: the first rowLen values.
  const root = Array.isArray(data[0]) ? (data[0] as readonly unknown[]) : data;
  const arrays: (readonly unknown[])[] = [root];
  const indexes: number[] = [0];
  while (arrays.length > 0 && out.length < limit) {
    const top = arrays.length - 1;
    const array = arrays[top] as readonly unknown[];
    const index = indexes[top] as number;
    if (index >= array.length) {
      arrays.pop();
      indexes.pop();
      continue;
    }
    indexes[top] = index + 1;
    const item = array[index];
    if (Array.isArray(item)) {
      arrays.push(item);
      indexes.push(0);
    } else if (typeof item === 'number' && Number.isFinite(item)) {
      out.push(item);
    } else {
      break;
    }
  }
  return out.length > 0 ? out : undefined;
}
