/**
 * @module models/server/infer-request
 * Validates a parsed Open Inference Protocol v2 inference request against the model
 * signature and turns it into what `Model.predict` takes. Every refusal is a typed
 * `MDL_ERR_INFER_*` error naming the input, the field, and expected vs got.
 */
import type { TensorSpec } from '../../shared/signature.js';
import { decodeTensor, fmt, INPUT_DATATYPES, isInputDatatype, show } from './decode-tensor.js';
import { serverErrors } from './errors.js';

/** What the server checks requests against, computed once from the signature. */
export interface InferPlan {
  /** The input `predict` feeds (the signature's first). */
  readonly input: TensorSpec;
  /** The output `predict` returns (the signature's first). */
  readonly output: TensorSpec;
  /** Every output name of the signature, to tell "not served" from "unknown". */
  readonly allOutputs: readonly string[];
}

/** A validated request: the batch for `predict` and the id to echo. */
export interface InferCall {
  readonly id: string | undefined;
  readonly batch: Float32Array;
  readonly shape: number[];
}

/** Deepest tensor the server accepts (also bounds the recursion over nested data). */
const MAX_RANK = 32;

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string, details: Json = {}): Error {
  return serverErrors.error('MDL_ERR_INFER_INVALID_REQUEST', message, details);
}

/**
 * Checks `body` (the parsed JSON) and decodes its one input. `maxElements` bounds the
 * allocation (see `decodeTensor`).
 *
 * @example
 * const call = readInferRequest({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, plan, 1_000);
 * await model.predict(call.batch, call.shape);
 */
export function readInferRequest(body: unknown, plan: InferPlan, maxElements: number): InferCall {
  if (!isObject(body)) throw invalid(`the request body must be a JSON object, got ${Array.isArray(body) ? 'a list' : show(body)}`);
  const id = body['id'];
  if (id !== undefined && typeof id !== 'string') throw invalid(`"id" must be a string, got ${show(id)}`);
  if (body['outputs'] !== undefined) checkOutputs(body['outputs'], plan);
  const input = findInput(body['inputs'], plan.input.name);
  const shape = readShape(input, plan.input);
  const datatype = input['datatype'];
  if (typeof datatype !== 'string' || !isInputDatatype(datatype)) {
    throw serverErrors.error('MDL_ERR_INFER_UNSUPPORTED_DATATYPE', `input "${plan.input.name}": datatype ${show(datatype)} is not supported (use ${INPUT_DATATYPES.join(', ')})`, {
      input: plan.input.name, datatype: typeof datatype === 'string' ? datatype : null,
    });
  }
  const data = input['data'];
  if (!Array.isArray(data)) throw invalid(`input "${plan.input.name}": "data" must be a list of values, got ${show(data)}`, { input: plan.input.name });
  return { id, batch: decodeTensor(plan.input.name, datatype, shape, data, maxElements), shape };
}

/** The one request input named like the model's input; unknown or repeated names fail. */
function findInput(inputs: unknown, expected: string): Json {
  if (inputs === undefined) throw invalid(`missing "inputs": expected a list with the input "${expected}"`);
  if (!Array.isArray(inputs)) throw invalid(`"inputs" must be a list, got ${show(inputs)}`);
  let found: Json | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const entry: unknown = inputs[i];
    if (!isObject(entry) || typeof entry['name'] !== 'string') throw invalid(`inputs[${i}] must be an object with a "name"`, { index: i });
    const name = entry['name'];
    if (name !== expected) {
      throw serverErrors.error('MDL_ERR_INFER_UNKNOWN_INPUT', `unknown input "${name}" (the model takes "${expected}")`, { input: name, expected: [expected] });
    }
    if (found !== undefined) throw invalid(`input "${name}" appears twice in "inputs"`, { input: name });
    found = entry;
  }
  if (found === undefined) {
    throw serverErrors.error('MDL_ERR_INFER_UNKNOWN_INPUT', `missing input "${expected}": "inputs" is empty`, { input: null, expected: [expected] });
  }
  return found;
}

/** The request's shape, checked for form and then against the signature (-1 = any size). */
function readShape(input: Json, spec: TensorSpec): number[] {
  const shape: unknown = input['shape'];
  const ok = Array.isArray(shape) && shape.length <= MAX_RANK && shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 1);
  if (!ok) {
    throw invalid(`input "${spec.name}": "shape" must be a list of at most ${MAX_RANK} positive integers, got ${show(shape)}`, { input: spec.name });
  }
  const dims = shape as number[];
  const expected = spec.shape;
  if (expected.length === 0) return dims; // unknown rank: the data count is checked later
  if (dims.length !== expected.length) throw shapeMismatch(spec, dims, `rank ${dims.length}, expected ${expected.length}`);
  for (let i = 0; i < dims.length; i++) {
    const want = expected[i] as number;
    if (want >= 0 && dims[i] !== want) throw shapeMismatch(spec, dims, `dimension ${i} is ${dims[i]}, expected ${want}`);
  }
  return dims;
}

function shapeMismatch(spec: TensorSpec, got: readonly number[], why: string): Error {
  return serverErrors.error('MDL_ERR_INFER_SHAPE_MISMATCH', `input "${spec.name}": shape ${fmt(got)} does not match the model's ${fmt(spec.shape)} (${why})`, {
    input: spec.name, expected: [...spec.shape], got: [...got],
  });
}

/** `outputs`, when present, may only ask for the output the server returns. */
function checkOutputs(outputs: unknown, plan: InferPlan): void {
  if (!Array.isArray(outputs)) throw invalid(`"outputs" must be a list of { "name" }, got ${show(outputs)}`);
  for (let i = 0; i < outputs.length; i++) {
    const entry: unknown = outputs[i];
    const name = isObject(entry) ? entry['name'] : undefined;
    if (typeof name !== 'string') throw invalid(`outputs[${i}] must be an object with a "name"`, { index: i });
    if (name === plan.output.name) continue;
    const why = plan.allOutputs.includes(name) ? `is not served: this server returns only the model's first output "${plan.output.name}"` : `is unknown (the model's output is "${plan.output.name}")`;
    throw serverErrors.error('MDL_ERR_INFER_UNKNOWN_OUTPUT', `output "${name}" ${why}`, { output: name, expected: [plan.output.name] });
  }
}
