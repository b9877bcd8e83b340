/**
 * @module inspect/oip/decoded
 * One decoding of a request's OIP inputs shared by every tabular inspector of that request
 * (entropy, schema, OOD, squeezing): memoised on the parsed body object, so four
 * inspectors cost one walk over the tensor data. Entries die with the body (WeakMap).
 */
import { decodeOipInputs } from './tensors.js';
import type { DecodedInputs } from './tensors.js';

/** Values kept per input tensor (a 256×256 RGB image is 196,608). */
export const MAX_TENSOR_ELEMENTS = 262_144;

const CACHE = new WeakMap<object, DecodedInputs>();

/**
 * The decoded inputs of a parsed OIP request body (memoised per body object).
 *
 * @example
 * const a = decodedInputs(exchange.json); const b = decodedInputs(exchange.json); a === b; // true
 */
export function decodedInputs(body: unknown): DecodedInputs {
  if (body === null || typeof body !== 'object') return decodeOipInputs(body, MAX_TENSOR_ELEMENTS);
  const cached = CACHE.get(body);
  if (cached !== undefined) return cached;
  const decoded = decodeOipInputs(body, MAX_TENSOR_ELEMENTS);
  CACHE.set(body, decoded);
  return decoded;
}
