/**
 * @module models/remote/remote-model
 * A {@link Model} whose `predict` is an Open Inference Protocol v2 endpoint: `bulwark
 * serve-model`, the bulwark gateway (with an API key), KServe, Triton. The signature comes
 * from the model metadata (`GET …/v2/models/NAME[/versions/V]`); `predict` posts the batch
 * to `…/infer`, split into requests of at most `maxValuesPerRequest` values sent over the
 * pool in parallel, and reassembles the first output (or the signature's first output by
 * name). It has no gradients (`differentiable: false`): black-box attacks run on it,
 * white-box ones are refused by the red-team runner's threat-model check.
 *
 * The output kind (logits, probabilities, log-probabilities) decides how score-based
 * attacks read the scores; it is taken from the output's name (`probabilities`, `probs`,
 * `softmax` → probabilities; `log_probs`, `log_softmax` → log-probabilities; otherwise
 * logits) unless given.
 */
import { checkInput } from '../check-input.js';
import type { HostTensor, Model, OutputKind } from '../model.js';
import type { ModelSignature, TensorDatatype, TensorSpec } from '../../shared/signature.js';
import { TENSOR_DATATYPES } from '../../shared/signature.js';
import { REMOTE_MODEL_DEFAULTS } from './defaults.js';
import { remoteModelErrors } from './errors.js';
import { parseModelUrl } from './model-url.js';
import type { ModelUrl } from './model-url.js';
import { OipClient } from './oip-client.js';
import type { OipClientOptions } from './oip-client.js';

/** Options of {@link RemoteModel.connect}. */
export interface RemoteModelOptions extends OipClientOptions {
  /** Overrides the output kind read from the output's name. */
  readonly outputKind?: OutputKind;
  /** Most input values per inference request (default 262 144). */
  readonly maxValuesPerRequest?: number;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The output kind an output's name suggests.
 *
 * @example
 * outputKindFromName('probabilities'); // 'probabilities'
 * outputKindFromName('logits'); // 'logits'
 */
export function outputKindFromName(name: string): OutputKind {
  const n = name.toLowerCase();
  if (/log[_-]?(prob|softmax)/.test(n)) return 'log-probabilities';
  if (/prob|softmax/.test(n)) return 'probabilities';
  return 'logits';
}

function tensorSpec(raw: unknown, where: string, url: string): TensorSpec {
  const bad = (why: string): never => {
    throw remoteModelErrors.error('MDL_ERR_REMOTE_SIGNATURE', `GET ${url}: ${where} ${why}`, { url, tensor: where });
  };
  if (!isObject(raw)) return bad('is not an object');
  const { name, datatype, shape } = raw;
  if (typeof name !== 'string' || name === '') return bad('has no name');
  if (typeof datatype !== 'string' || !(TENSOR_DATATYPES as readonly string[]).includes(datatype.toUpperCase())) return bad(`"${name}" has datatype ${JSON.stringify(datatype)} (expected one of ${TENSOR_DATATYPES.join(', ')})`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= -1)) return bad(`"${name}" has no valid shape (${JSON.stringify(shape)})`);
  return { name, datatype: datatype.toUpperCase() as TensorDatatype, shape: shape as number[] };
}

/**
 * Reads a model metadata document into a signature; the first input and output are the
 * ones used. Throws MDL_ERR_REMOTE_SIGNATURE naming the tensor at fault.
 *
 * @example
 * signatureFromMetadata({ name: 'm', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'logits', datatype: 'FP32', shape: [-1, 3] }] }, url);
 */
export function signatureFromMetadata(body: unknown, url: string): ModelSignature {
  if (!isObject(body)) throw remoteModelErrors.error('MDL_ERR_REMOTE_SIGNATURE', `GET ${url}: the metadata is not a JSON object`, { url });
  const list = (key: 'inputs' | 'outputs'): TensorSpec[] => {
    const raw = body[key];
    if (!Array.isArray(raw) || raw.length === 0) throw remoteModelErrors.error('MDL_ERR_REMOTE_SIGNATURE', `GET ${url}: the metadata lists no ${key}`, { url });
    return raw.map((t, i) => tensorSpec(t, `${key}[${i}]`, url));
  };
  const inputs = list('inputs');
  const outputs = list('outputs');
  const input = inputs[0] as TensorSpec;
  if (input.datatype === 'BYTES' || input.datatype === 'BOOL') throw remoteModelErrors.error('MDL_ERR_REMOTE_SIGNATURE', `GET ${url}: input "${input.name}" is ${input.datatype}; attacks need a numeric input`, { url });
  if (input.shape.slice(1).some((d) => d < 0)) throw remoteModelErrors.error('MDL_ERR_REMOTE_SIGNATURE', `GET ${url}: input "${input.name}" has shape [${input.shape.join(', ')}]: only the batch dimension may be unknown`, { url });
  return { inputs, outputs };
}

/** Flattens nested JSON tensor data into `out` from `at`; returns the next position. */
function flatten(data: unknown, out: Float32Array, at: number): number {
  if (Array.isArray(data)) {
    for (const v of data) at = flatten(v, out, at);
    return at;
  }
  if (at >= out.length) return at + 1;
  out[at] = data === null ? Number.NaN : typeof data === 'number' ? data : typeof data === 'boolean' ? Number(data) : Number.NaN;
  return at + 1;
}

/** Serialises a batch as an OIP v2 request body; integer datatypes get rounded values. */
function requestBody(spec: TensorSpec, batch: Float32Array, shape: number[]): string {
  const integer = /^U?INT/.test(spec.datatype);
  const values = new Array<string>(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i] as number;
    values[i] = Number.isFinite(v) ? String(integer ? Math.round(v) : Math.fround(v)) : 'null';
  }
  return `{"inputs":[{"name":${JSON.stringify(spec.name)},"shape":${JSON.stringify(shape)},"datatype":${JSON.stringify(spec.datatype)},"data":[${values.join(',')}]}]}`;
}

/**
 * @example
 * const model = await RemoteModel.connect('http://127.0.0.1:8080/v2/models/digits', { apiKey: process.env.BULWARK_API_KEY });
 * const { data } = await model.predict(x, [10, 64]);
 * model.dispose();
 */
export class RemoteModel implements Model {
  readonly signature: ModelSignature;
  readonly outputKind: OutputKind;
  readonly differentiable = false;
  readonly url: ModelUrl;
  readonly #client: OipClient;
  readonly #maxValues: number;

  private constructor(url: ModelUrl, client: OipClient, signature: ModelSignature, options: RemoteModelOptions) {
    this.url = url;
    this.#client = client;
    this.signature = signature;
    this.outputKind = options.outputKind ?? outputKindFromName((signature.outputs[0] as TensorSpec).name);
    this.#maxValues = options.maxValuesPerRequest ?? REMOTE_MODEL_DEFAULTS.maxValuesPerRequest;
  }

  /** Reads the model metadata and returns a connected model. Throws MDL_ERR_REMOTE_*. */
  static async connect(address: string, options: RemoteModelOptions = {}): Promise<RemoteModel> {
    const url = parseModelUrl(address);
    const client = new OipClient(url.origin, options);
    try {
      const signature = signatureFromMetadata(await client.getJson(url.metadataPath), url.display);
      return new RemoteModel(url, client, signature, options);
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  async predict(batch: Float32Array, shape: number[]): Promise<HostTensor> {
    const spec = this.signature.inputs[0] as TensorSpec;
    checkInput(spec, batch.length, shape);
    const rows = shape[0] ?? 0;
    const perRow = rows === 0 ? 1 : batch.length / rows;
    const chunk = Math.max(1, Math.floor(this.#maxValues / Math.max(perRow, 1)));
    const parts: Promise<HostTensor>[] = [];
    for (let start = 0; start < rows; start += chunk) {
      const end = Math.min(rows, start + chunk);
      parts.push(this.#infer(spec, batch.subarray(start * perRow, end * perRow), [end - start, ...shape.slice(1)]));
    }
    const outputs = await Promise.all(parts);
    if (outputs.length === 1) return outputs[0] as HostTensor;
    const tail = (outputs[0] as HostTensor).shape.slice(1);
    const data = new Float32Array(outputs.reduce((a, o) => a + o.data.length, 0));
    let at = 0;
    for (const o of outputs) {
      data.set(o.data, at);
      at += o.data.length;
    }
    return { data, shape: [rows, ...tail] };
  }

  /** Closes the connection pool. Idempotent. */
  dispose(): void {
    void this.#client.close().catch(() => undefined);
  }

  async #infer(spec: TensorSpec, batch: Float32Array, shape: number[]): Promise<HostTensor> {
    const where = `POST ${this.url.origin}${this.url.inferPath}`;
    const body = await this.#client.postJson(this.url.inferPath, requestBody(spec, batch, shape));
    const fail = (why: string): never => {
      throw remoteModelErrors.error('MDL_ERR_REMOTE_RESPONSE', `${where}: ${why}`, { url: `${this.url.origin}${this.url.inferPath}` });
    };
    if (!isObject(body) || !Array.isArray(body['outputs']) || body['outputs'].length === 0) return fail('the answer has no "outputs"');
    const outputs = body['outputs'] as unknown[];
    const wanted = (this.signature.outputs[0] as TensorSpec).name;
    const output = (outputs.find((o) => isObject(o) && o['name'] === wanted) ?? outputs[0]) as unknown;
    if (!isObject(output)) return fail('outputs[0] is not an object');
    const outShape = output['shape'];
    if (!Array.isArray(outShape) || !outShape.every((d) => Number.isInteger(d) && (d as number) >= 0)) return fail(`output "${String(output['name'])}" has no valid shape`);
    const dims = outShape as number[];
    if (dims[0] !== shape[0]) return fail(`output "${String(output['name'])}" has ${dims[0]} rows for a batch of ${shape[0]}`);
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const count = flatten(output['data'], data, 0);
    if (count !== size) return fail(`output "${String(output['name'])}" has ${count} values for shape [${dims.join(', ')}]`);
    return { data, shape: dims };
  }
}
