/**
 * Every refusal of the model server on a real socket, with its status and an `error`
 * message naming the problem: 400 (shape, count, input, datatype, data, JSON, request
 * form), 404, 405, 413, 415, and 500 with a safe message when the model throws.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { modelErrors } from '../errors.js';
import { loadModel } from '../load-model.js';
import type { Model } from '../model.js';
import { call, classifierOnnx, fakeModel } from './fixtures.contract.js';
import { startModelServer } from './model-server.js';
import type { ModelServer } from './model-server.js';

const LIMIT = 4096;
let dir: string;
let model: Model;
let server: ModelServer;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-serve-err-'));
  await writeFile(join(dir, 'credit.onnx'), classifierOnnx());
  model = await loadModel(join(dir, 'credit.onnx'));
  server = await startModelServer({ model, name: 'credit', version: 'v1', port: 0, maxBodyBytes: LIMIT });
  url = `${server.url}/v2/models/credit/infer`;
});

afterAll(async () => {
  await server.close();
  model.dispose();
  await rm(dir, { recursive: true, force: true });
});

const x = (fields: Record<string, unknown>) => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4], ...fields }] });

async function expectError(body: unknown, status: number, message: RegExp, options: { path?: string; method?: string; headers?: Record<string, string> } = {}): Promise<void> {
  const res = await call(options.path === undefined ? url : `${server.url}${options.path}`, { body, ...options });
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  expect(Object.keys(res.json)).toEqual(['error']);
  expect(res.json.error).toMatch(message);
}

describe('400: the request does not fit the model', () => {
  it('names the input, the expected and the received shape', async () => {
    await expectError(x({ shape: [1, 5], data: [1, 2, 3, 4, 5] }), 400, /^input "x": shape \[1, 5\] does not match the model's \[-1, 4\] \(dimension 1 is 5, expected 4\)$/);
    await expectError(x({ shape: [4] }), 400, /^input "x": shape \[4\] does not match the model's \[-1, 4\] \(rank 1, expected 2\)$/);
    await expectError(x({ shape: [1, -4] }), 400, /^input "x": "shape" must be a list of at most 32 positive integers, got \[1,-4\]$/);
  });

  it('counts elements against the product of the shape, flat and nested', async () => {
    await expectError(x({ shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7] }), 400, /^input "x": 7 values for shape \[2, 4\] \(needs 8\)$/);
    await expectError(x({ shape: [2, 4], data: [[1, 2, 3, 4]] }), 400, /^input "x": data has 1 entries at dimension 0, shape \[2, 4\] needs 2$/);
    await expectError(x({ shape: [2, 4], data: [[1, 2, 3, 4], [5, 6, 7]] }), 400, /^input "x": data has 3 entries at dimension 1, shape \[2, 4\] needs 4$/);
    await expectError(x({ shape: [2, 4], data: [[1, 2, 3, 4], 5] }), 400, /^input "x": data is not nested like shape \[2, 4\]: found 5 at dimension 0/);
  });

  it('refuses unknown, missing and repeated inputs, and unknown outputs', async () => {
    await expectError({ inputs: [{ name: 'pixels', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] }, 400, /^unknown input "pixels" \(the model takes "x"\)$/);
    await expectError({ inputs: [] }, 400, /^missing input "x": "inputs" is empty$/);
    await expectError({ inputs: [x({}).inputs[0], x({}).inputs[0]] }, 400, /^input "x" appears twice in "inputs"$/);
    await expectError({ ...x({}), outputs: [{ name: 'logits' }] }, 400, /^output "logits" is unknown \(the model's output is "probs"\)$/);
  });

  it('refuses datatypes it does not convert', async () => {
    for (const datatype of ['BYTES', 'FP16', 'fp32']) {
      await expectError(x({ datatype }), 400, new RegExp(`^input "x": datatype "${datatype}" is not supported \\(use FP32, FP64, INT32, INT64, BOOL\\)$`));
    }
    await expectError(x({ datatype: undefined }), 400, /^input "x": datatype undefined is not supported/);
  });

  it('refuses elements that do not fit the datatype, naming their flat index', async () => {
    await expectError(x({ data: [1, 'abc', 3, 4] }), 400, /^input "x": element 1 is "abc", not a number \(datatype FP32\)$/);
    await expectError(x({ shape: [2, 4], data: [[1, 2, 3, 4], [5, null, 7, 8]] }), 400, /^input "x": element 5 is null, not a number \(datatype FP32\)$/);
    await expectError(x({ data: [1, 2, 3, 1e39] }), 400, /^input "x": element 3 is 1e\+39, outside the FP32 range the model takes$/);
    await expectError(x({ datatype: 'INT32', data: [1, 2.5, 3, 4] }), 400, /^input "x": element 1 is 2.5, not an integer \(datatype INT32\)$/);
    await expectError(x({ datatype: 'INT32', data: [1, 2, 3, 2 ** 31] }), 400, /^input "x": element 3 is 2147483648, outside the INT32 range/);
    await expectError(x({ datatype: 'BOOL', data: [true, 1, false, true] }), 400, /^input "x": element 1 is 1, not true or false \(datatype BOOL\)$/);
  });

  it('refuses INT64 values beyond 2^53, which JSON numbers cannot carry exactly', async () => {
    const body = '{"inputs":[{"name":"x","datatype":"INT64","shape":[1,4],"data":[1,2,9007199254740993,4]}]}';
    await expectError(body, 400, /^input "x": element 2 is 9007199254740992, beyond ±2\^53/);
    await expectError(x({ datatype: 'INT64', data: [1, 2, 3, -(2 ** 60)] }), 400, /^input "x": element 3 is -1152921504606847000, beyond ±2\^53/);
    const ok = await call(url, { body: x({ datatype: 'INT64', data: [1, 2, 3, 2 ** 53 - 1] }) });
    expect(ok.status).toBe(200);
  });

  it('names the line, column and position of malformed JSON', async () => {
    await expectError('{"inputs": [}', 400, /^malformed JSON at line 1, column 13 \(position 12\): unexpected "}"$/);
    await expectError('{\n  "inputs": [\n    {"name": "x",,}\n  ]\n}', 400, /^malformed JSON at line 3, column 18 \(position 33\): unexpected ","$/);
    await expectError('{"inputs": [', 400, /^malformed JSON at line 1, column 13 \(position 12\): unexpected end of input$/);
    await expectError('', 400, /^malformed JSON: the request body is empty$/);
  });

  it('refuses JSON that is not an inference request', async () => {
    await expectError({}, 400, /^missing "inputs": expected a list with the input "x"$/);
    await expectError({ inputs: { name: 'x' } }, 400, /^"inputs" must be a list, got \{"name":"x"\}$/);
    await expectError([1, 2], 400, /^the request body must be a JSON object, got a list$/);
    await expectError({ id: 7, ...x({}) }, 400, /^"id" must be a string, got 7$/);
    await expectError(x({ data: 'AAAA' }), 400, /^input "x": "data" must be a list of values, got "AAAA"$/);
    await expectError({ inputs: [{ datatype: 'FP32' }] }, 400, /^inputs\[0\] must be an object with a "name"$/);
  });
});

describe('404, 405, 413, 415', () => {
  it('404 for another model, another version or no such endpoint', async () => {
    await expectError(undefined, 404, /^unknown model "fraud" \(this server serves "credit"\)$/, { path: '/v2/models/fraud' });
    await expectError(x({}), 404, /^unknown model "fraud"/, { path: '/v2/models/fraud/infer' });
    await expectError(x({}), 404, /^model "credit" has no version "v9" \(this server serves "v1"\)$/, { path: '/v2/models/credit/versions/v9/infer' });
    await expectError(undefined, 404, /^model "credit" has no version "v9"/, { path: '/v2/models/credit/versions/v9/ready' });
    await expectError(undefined, 404, /^no Open Inference Protocol v2 endpoint at "\/v1\/models\/credit:predict"$/, { path: '/v1/models/credit:predict' });
    await expectError(undefined, 404, /^no Open Inference Protocol v2 endpoint/, { path: '/v2/models/credit/explain' });
  });

  it('405 with an Allow header for the wrong method', async () => {
    const get = await call(url);
    expect([get.status, get.headers['allow'], get.json.error]).toEqual([405, 'POST', 'GET is not allowed on "/v2/models/credit/infer" (use POST)']);
    const post = await call(`${server.url}/v2/health/live`, { body: {} });
    expect([post.status, post.headers['allow']]).toEqual([405, 'GET, HEAD']);
    await expectError(undefined, 405, /^DELETE is not allowed on "\/v2\/models\/credit" \(use GET\)$/, { path: '/v2/models/credit', method: 'DELETE' });
  });

  it('413 for a body declared or streamed over the limit, and the connection still serves', async () => {
    const big = JSON.stringify(x({ data: Array.from({ length: 2400 }, () => 1), shape: [600, 4] }));
    expect(big.length).toBeGreaterThan(LIMIT);
    await expectError(big, 413, new RegExp(`^request body declares ${big.length} bytes, over the limit of ${LIMIT} bytes`));
    async function* chunks() {
      for (let i = 0; i < 10; i++) yield Buffer.from(' '.repeat(1000));
    }
    await expectError(chunks(), 413, new RegExp(`^request body exceeds ${LIMIT} bytes, over the limit of ${LIMIT} bytes`));
    expect((await call(url, { body: x({}) })).status).toBe(200);
  });

  it('415 for a body that is not JSON', async () => {
    await expectError('x=1', 415, /^unsupported Content-Type "application\/x-www-form-urlencoded": send the inference request as application\/json$/, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expectError(JSON.stringify(x({})), 415, /^unsupported Content-Type "application\/octet-stream"/, { headers: { 'content-type': 'application/octet-stream' } });
    await expectError(JSON.stringify(x({})), 415, /^unsupported Content-Type "application\/json; charset=latin1"/, { headers: { 'content-type': 'application/json; charset=latin1' } });
  });
});

describe('500: the model throws', () => {
  it('answers a fixed message and logs the cause with its duration', async () => {
    const logged: Record<string, unknown>[] = [];
    const clock = new ManualClock(1_000);
    const broken = fakeModel(async () => {
      clock.advance(7);
      throw new Error('ORT failure in /secret/models/credit.onnx node Gemm_0');
    });
    const s = await startModelServer({ model: broken, name: 'credit', version: 'v1', port: 0, clock, logger: { error: (msg, fields) => logged.push({ msg, ...fields }) } });
    try {
      const res = await call(`${s.url}/v2/models/credit/infer`, { body: x({}) });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: 'inference failed: the model raised an error (MDL_ERR_INFER_MODEL_FAILED; the server log has the cause)' });
      expect(res.text).not.toContain('secret');
      expect(logged).toEqual([{
        msg: 'request failed', code: 'MDL_ERR_INFER_MODEL_FAILED', error: 'the model failed: ORT failure in /secret/models/credit.onnx node Gemm_0',
        method: 'POST', path: '/v2/models/credit/infer', status: 500, durationMs: 7,
      }]);
    } finally {
      await s.close();
    }
  });

  it('keeps the runtime\'s own shape check a 400', async () => {
    const strict = fakeModel(async () => {
      throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', 'input "x": dimension 0 is 3, expected 2');
    });
    const s = await startModelServer({ model: strict, name: 'credit', version: 'v1', port: 0 });
    try {
      const res = await call(`${s.url}/v2/models/credit/infer`, { body: x({}) });
      expect([res.status, res.json.error]).toEqual([400, 'input "x": dimension 0 is 3, expected 2']);
    } finally {
      await s.close();
    }
  });
});
