/**
 * The OIP v2 model server on a real socket (port 0) serving a real ONNX model through
 * onnxruntime: every endpoint, every input datatype, flat and nested data, batches.
 * Expected outputs are computed by hand (fixtures.contract.ts), not by a runtime.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../load-model.js';
import type { Model } from '../model.js';
import { call, classifierOnnx, expectedProbs, outputData } from './fixtures.contract.js';
import { startModelServer } from './model-server.js';
import type { ModelServer } from './model-server.js';

const ROWS = [
  [1, 2, 3, 4],
  [0.5, -1, 2, 0],
  [-3, 0, 1, 2.5],
];

let dir: string;
let model: Model;
let server: ModelServer;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-serve-'));
  await writeFile(join(dir, 'credit.onnx'), classifierOnnx());
  model = await loadModel(join(dir, 'credit.onnx'));
  server = await startModelServer({ model, name: 'credit', version: 'v1', port: 0, platform: 'onnxruntime_onnx', serverVersion: '0.1.0' });
  base = server.url;
});

afterAll(async () => {
  await server.close();
  model.dispose();
  await rm(dir, { recursive: true, force: true });
});

function expectProbs(data: number[], rows: readonly (readonly number[])[]): void {
  const expected = rows.flatMap((r) => expectedProbs(r));
  expect(data).toHaveLength(expected.length);
  data.forEach((v, i) => expect(v, `element ${i}`).toBeCloseTo(expected[i] as number, 6));
}

const infer = (body: unknown, path = '/v2/models/credit/infer') => call(`${base}${path}`, { body });
const input = (datatype: string, shape: number[], data: unknown[]) => ({ inputs: [{ name: 'x', datatype, shape, data }] });

describe('health and metadata endpoints', () => {
  it('reports live and ready, and HEAD answers without a body', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(base).toBe(`http://127.0.0.1:${server.port}`);
    const live = await call(`${base}/v2/health/live`);
    expect([live.status, live.json]).toEqual([200, { live: true }]);
    expect(live.headers['content-type']).toBe('application/json');
    const ready = await call(`${base}/v2/health/ready`);
    expect([ready.status, ready.json]).toEqual([200, { ready: true }]);
    const head = await call(`${base}/v2/health/ready`, { method: 'HEAD' });
    expect([head.status, head.text]).toEqual([200, '']);
  });

  it('describes the server, the model and its version', async () => {
    expect((await call(`${base}/v2`)).json).toEqual({ name: 'bulwark', version: '0.1.0', extensions: [] });
    const expected = {
      name: 'credit',
      versions: ['v1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 2] }],
    };
    expect(await call(`${base}/v2/models/credit`)).toMatchObject({ status: 200, json: expected });
    expect(await call(`${base}/v2/models/credit/versions/v1`)).toMatchObject({ status: 200, json: expected });
  });

  it('reports the model ready, with or without the version', async () => {
    for (const path of ['/v2/models/credit/ready', '/v2/models/credit/versions/v1/ready']) {
      expect(await call(`${base}${path}`)).toMatchObject({ status: 200, json: { name: 'credit', ready: true } });
    }
  });
});

describe('POST /v2/models/{name}/infer', () => {
  it('answers FP32 with the hand-computed softmax and echoes the id', async () => {
    const res = await infer({ id: 'req-1', ...input('FP32', [1, 4], ROWS[0] as number[]) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ model_name: 'credit', model_version: 'v1', id: 'req-1', outputs: [{ name: 'probs', datatype: 'FP32', shape: [1, 2] }] });
    expectProbs(outputData(res), [ROWS[0] as number[]]);
  });

  it('generates a distinct id when the request has none', async () => {
    const a = await infer(input('FP32', [1, 4], [0, 0, 0, 0]));
    const b = await infer(input('FP32', [1, 4], [0, 0, 0, 0]));
    expect(a.json['id']).toEqual(expect.any(String));
    expect(a.json['id']).not.toBe(b.json['id']);
    expectProbs(outputData(a), [[0, 0, 0, 0]]); // softmax(0.1, -0.2)
  });

  it('takes a batch of 3, flat or nested row-major, with the same answer', async () => {
    const flat = await infer(input('FP32', [3, 4], ROWS.flat()));
    const nested = await infer(input('FP32', [3, 4], ROWS));
    expect(flat.status).toBe(200);
    expect(flat.json['outputs']).toMatchObject([{ shape: [3, 2] }]);
    expectProbs(outputData(flat), ROWS);
    expect(outputData(nested)).toEqual(outputData(flat));
  });

  it('converts FP64, INT64, INT32 and BOOL inputs to the FP32 the model takes', async () => {
    const fp64 = [0.1, 0.2, 0.30000000000000004, -1e-7];
    expectProbs(outputData(await infer(input('FP64', [1, 4], fp64))), [fp64]);
    const ints = [[3, -2, 7, 1], [0, 5, -4, 9]];
    expectProbs(outputData(await infer(input('INT64', [2, 4], ints))), ints);
    expectProbs(outputData(await infer(input('INT32', [2, 4], ints.flat()))), ints);
    const bools = await infer(input('BOOL', [2, 4], [[true, false, true, true], [false, false, false, true]]));
    expect(bools.status).toBe(200);
    expectProbs(outputData(bools), [[1, 0, 1, 1], [0, 0, 0, 1]]);
  });

  it('serves the versioned path, percent-encoded names, and an explicit output request', async () => {
    const versioned = await infer({ ...input('FP32', [1, 4], ROWS[1] as number[]), outputs: [{ name: 'probs' }] }, '/v2/models/credit/versions/v1/infer');
    expect(versioned.status).toBe(200);
    expectProbs(outputData(versioned), [ROWS[1] as number[]]);
    const encoded = await infer(input('FP32', [1, 4], ROWS[2] as number[]), '/v2/models/%63redit/infer?trace=1');
    expect(encoded.status).toBe(200);
    expectProbs(outputData(encoded), [ROWS[2] as number[]]);
  });

  it('accepts application/json with a utf-8 charset and ignores input parameters', async () => {
    const res = await call(`${base}/v2/models/credit/infer`, {
      body: JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4], parameters: { content_type: 'np' } }] }),
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    expect(res.status).toBe(200);
  });

  it('serves concurrent requests on one server', async () => {
    const answers = await Promise.all(ROWS.map((row, i) => infer({ id: `c${i}`, ...input('FP32', [1, 4], row) })));
    answers.forEach((a, i) => {
      expect(a.json['id']).toBe(`c${i}`);
      expectProbs(outputData(a), [ROWS[i] as number[]]);
    });
  });
});
