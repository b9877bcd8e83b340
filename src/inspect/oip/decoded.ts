/**
 * @module inspect/oip/decoded
 * One decoding of a request's OIP inputs shared by every tabular inspector of that request
 * (schema, OOD, squeezing, the text inspectors' BYTES inputs, and entropy for bodies its
 * flat path does not take): four inspectors cost one walk over the tensor data.
 *
 * The memo holds ONE body, the last one decoded: the gateway runs a request's inspectors
 * one after the other, synchronously, so they all hit it; it is dropped at the end of the
 * current job (a microtask), so no body outlives its request here. (It was a WeakMap keyed
 * by the body: an entry per request in an ephemeron table cost ~8 µs a request in garbage
 * collection, more than the decoding it saved.)
 */
import { decodeOipInputs } from './tensors.js';
import type { DecodedInputs } from './tensors.js';

/** Values kept per input tensor (a 256×256 RGB image is 196,608). */
export const MAX_TENSOR_ELEMENTS = 262_144;

let lastBody: object | undefined;
let lastDecoded: DecodedInputs | undefined;

const forget = (): void => {
  lastBody = undefined;
  lastDecoded = undefined;
};

/**
 * The decoded inputs of a parsed OIP request body (memoised for the body last decoded).
 *
 * @example
 * const a = decodedInputs(exchange.json); const b = decodedInputs(exchange.json); a === b; // true
 */
export function decodedInputs(body: unknown): DecodedInputs {
  if (body === null || typeof body !== 'object') return decodeOipInputs(body, MAX_TENSOR_ELEMENTS);
  if (body === lastBody && lastDecoded !== undefined) return lastDecoded;
  const decoded = decodeOipInputs(body, MAX_TENSOR_ELEMENTS);
  if (lastBody === undefined) queueMicrotask(forget);
  lastBody = body;
  lastDecoded = decoded;
  return decoded;
}
