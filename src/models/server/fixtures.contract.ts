/**
 * @module models/server/fixtures.contract
 * Test fixtures of the model server (not built into dist/): a 4-feature → 2-class
 * Gemm + Softmax ONNX model with known weights, its expected output computed by hand with
 * plain arithmetic (independent of every runtime), a scriptable fake Model, and a small
 * HTTP helper over undici.
 */
import { request } from 'undici';
import type { ModelSignature } from '../../shared/signature.js';
import type { HostTensor, Model } from '../model.js';
import { OnnxGraphBuilder } from '../onnx/builder.js';

/** Gemm weights [classes, features] (transB = 1) and bias. */
export const WEIGHTS = [
  [1, -1, 0.5, 0],
  [0, 2, -0.5, 1],
] as const;
export const BIAS = [0.1, -0.2] as const;

/** The classifier: input `x` [-1, 4] FP32, output `probs` [-1, 2]. */
export function classifierOnnx(): Uint8Array {
  const b = new OnnxGraphBuilder({ name: 'credit' });
  const x = b.input('x', ['batch', 4]);
  const w = b.initializer('w', Float32Array.from(WEIGHTS.flat()), [2, 4]);
  const bias = b.initializer('b', Float32Array.from(BIAS), [2]);
  const logits = b.node('Gemm', [x, w, bias], { transB: 1 });
  b.output(b.node('Softmax', [logits], { axis: 1 }, { outputs: ['probs'] }), ['batch', 2]);
  return b.toBytes();
}

/** softmax(W·x + b) for one row, by hand. */
export function expectedProbs(row: readonly number[]): number[] {
  const z = WEIGHTS.map((w, k) => w.reduce((sum, wi, i) => sum + wi * (row[i] as number), BIAS[k] as number));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const total = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / total);
}

/** A Model whose predict is the given function (for failures and slow requests). */
export function fakeModel(predict: (batch: Float32Array, shape: number[]) => Promise<HostTensor>, signature?: ModelSignature): Model {
  return {
    signature: signature ?? { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 2] }] },
    differentiable: false,
    outputKind: 'probabilities',
    predict,
    dispose: () => undefined,
  };
}

/** A decoded HTTP answer. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body parsed as JSON (undefined when empty). */
  readonly json: Record<string, unknown> & { error?: string };
}

/** Sends one request and reads the whole answer. `body` objects are sent as JSON. */
export async function call(url: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const raw = options.body === undefined || typeof options.body === 'string' || options.body instanceof Uint8Array || isIterable(options.body);
  const body = options.body === undefined ? undefined : raw ? (options.body as string) : JSON.stringify(options.body);
  const res = await request(url, {
    method: (options.method ?? (body === undefined ? 'GET' : 'POST')) as 'GET',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.headers ?? {}) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: text === '' ? {} : JSON.parse(text) };
}

function isIterable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The `data` of the first output of an inference answer. */
export function outputData(answer: Answer): number[] {
  const outputs = answer.json['outputs'] as { data: number[] }[];
  return (outputs[0] as { data: number[] }).data;
}
