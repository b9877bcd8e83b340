/**
 * @module inspect/schema/check-schema
 * The schema check (inspector `schema`): an OIP v2 request's input tensors against the
 * version's declared signature (`shared/signature.ts`). In order, the first problem found
 * is the reason:
 *
 * | reason | meaning |
 * |---|---|
 * | `not_oip` | the body has no `inputs` array of objects |
 * | `unknown_input` | an input (or an unnamed one) the signature does not declare |
 * | `missing_input` | a declared input is absent |
 * | `datatype` | datatype differs from the declared one (no implicit FP32↔FP64) |
 * | `shape` | rank differs, a fixed dimension differs (-1 accepts any size ≥ 0), or a dimension is negative |
 * | `data_length` | the number of elements is not the product of the request's shape |
 * | `value_type` | a value of the wrong kind: a string in a numeric tensor, a number in BYTES, null/object anywhere, a non-integer or out-of-type-range value in UINT8/INT32/INT64, BOOL other than true/false/0/1 |
 * | `out_of_range` | a value outside the declared inclusive `range` |
 *
 * Values beyond the decoder's element cap are counted but not range-checked. Pure.
 */
import type { ModelSignature, TensorSpec } from '../../shared/signature.js';
import type { DecodedInputs, DecodedTensor } from '../oip/tensors.js';

/** Reasons, in the order they are checked. */
export const SCHEMA_REASONS = ['not_oip', 'unknown_input', 'missing_input', 'datatype', 'shape', 'data_length', 'value_type', 'out_of_range'] as const;
export type SchemaReason = (typeof SCHEMA_REASONS)[number];

/** Outcome of one check. */
export type SchemaResult = { readonly violation: false } | { readonly violation: true; readonly reason: SchemaReason; readonly detail: string };

const INTEGER_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  UINT8: [0, 255],
  INT32: [-2147483648, 2147483647],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  BOOL: [0, 1],
};

const fail = (reason: SchemaReason, detail: string): SchemaResult => ({ violation: true, reason, detail });

function checkShape(tensor: DecodedTensor, spec: TensorSpec): SchemaResult | undefined {
  const shape = tensor.shape;
  if (shape === undefined) return fail('shape', `input "${spec.name}": shape missing or not integers`);
  if (shape.length !== spec.shape.length) return fail('shape', `input "${spec.name}": rank ${shape.length}, declared ${spec.shape.length} ([${spec.shape.join(', ')}])`);
  for (let i = 0; i < shape.length; i++) {
    const got = shape[i] as number;
    const want = spec.shape[i] as number;
    if (got < 0) return fail('shape', `input "${spec.name}": dimension ${i} is negative (${got})`);
    if (want !== -1 && got !== want) return fail('shape', `input "${spec.name}": dimension ${i} is ${got}, declared ${want}`);
  }
  const expected = shape.reduce((a, b) => a * b, 1);
  if (tensor.elements !== expected) return fail('data_length', `input "${spec.name}": ${tensor.elements} elements, shape [${shape.join(', ')}] needs ${expected}`);
  return undefined;
}

function checkValues(tensor: DecodedTensor, spec: TensorSpec): SchemaResult | undefined {
  const name = spec.name;
  if (tensor.invalid > 0) return fail('value_type', `input "${name}": ${tensor.invalid} value(s) are not numbers, booleans or strings`);
  if (spec.datatype === 'BYTES') return tensor.values.length > 0 ? fail('value_type', `input "${name}": BYTES holds non-string values`) : undefined;
  if (tensor.strings.length > 0) return fail('value_type', `input "${name}": ${spec.datatype} holds strings`);
  const integer = INTEGER_RANGE[spec.datatype];
  const [lo, hi] = spec.range ?? [-Infinity, Infinity];
  const values = tensor.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (integer !== undefined && (!Number.isInteger(v) || v < integer[0] || v > integer[1])) return fail('value_type', `input "${name}": value ${v} at ${i} is not a valid ${spec.datatype}`);
    if (v < lo || v > hi) return fail('out_of_range', `input "${name}": value ${v} at ${i} is outside [${lo}, ${hi}]`);
  }
  return undefined;
}

/**
 * Checks a decoded request against the declared input signature.
 *
 * @example
 * const signature = { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 2], range: [0, 1] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] };
 * checkSchema(decodeOipInputs({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [0.5, 2] }] }, 1024), signature);
 * // { violation: true, reason: 'out_of_range', detail: 'input "x": value 2 at 1 is outside [0, 1]' }
 */
export function checkSchema(decoded: DecodedInputs, signature: Pick<ModelSignature, 'inputs'>): SchemaResult {
  if (!decoded.ok) return fail('not_oip', decoded.reason);
  const specs = new Map(signature.inputs.map((s) => [s.name, s]));
  const byName = new Map<string, DecodedTensor>();
  for (const tensor of decoded.tensors) {
    if (tensor.name === undefined || !specs.has(tensor.name)) return fail('unknown_input', `input ${tensor.name === undefined ? '(unnamed)' : `"${tensor.name.slice(0, 64)}"`} is not declared (declared: ${[...specs.keys()].join(', ')})`);
    byName.set(tensor.name, tensor);
  }
  for (const spec of signature.inputs) if (!byName.has(spec.name)) return fail('missing_input', `declared input "${spec.name}" is missing`);
  for (const spec of signature.inputs) {
    const tensor = byName.get(spec.name) as DecodedTensor;
    if (tensor.datatype !== spec.datatype) return fail('datatype', `input "${spec.name}": datatype ${String(tensor.datatype).slice(0, 16)}, declared ${spec.datatype}`);
    const problem = checkShape(tensor, spec) ?? checkValues(tensor, spec);
    if (problem !== undefined) return problem;
  }
  return { violation: false };
}
