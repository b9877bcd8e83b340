/**
 * The remote model client over real sockets on port 0 (issue 10, item 1): against
 * `bulwark serve-model` (the in-process server with the known-weights classifier, outputs
 * checked against hand arithmetic), against servers that answer the way Triton and KServe
 * do (versioned paths, FP64 outputs, nested data, `detail` errors), one that demands an API
 * key as the bulwark gateway does, and servers that refuse, stall or answer garbage: every
 * failure is a typed error naming the URL and the status. Black-box attacks run through
 * it; white-box attacks are refused by the threat-model check.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { startModelServer } from '../server/model-server.js';
import type { ModelServer } from '../server/model-server.js';
import { classifierOnnx, expectedProbs } from '../server/fixtures.contract.js';
import { runAttack } from '../../redteam/index.js';
import { RemoteModel, parseModelUrl } from './index.js';

/** A raw HTTP server on port 0 answering with `handle`. */
async function fakeServer(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server): Promise<void> => new Promise((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

describe('model addresses', () => {
  it('reads origin, prefix, name and version, and names what is wrong', () => {
    expect(parseModelUrl('http://127.0.0.1:8080/v2/models/fraud')).toMatchObject({ origin: 'http://127.0.0.1:8080', model: 'fraud', version: undefined, inferPath: '/v2/models/fraud/infer' });
    expect(parseModelUrl('https://kserve.example/serving/v2/models/digits/versions/3/')).toMatchObject({ origin: 'https://kserve.example', version: '3', metadataPath: '/serving/v2/models/digits/versions/3' });
    expect(() => parseModelUrl('http://127.0.0.1:8080/v1/chat/completions')).toThrow(expect.objectContaining({ code: 'MDL_ERR_REMOTE_URL', message: expect.stringMatching(/the path has no \/v2\/models\/NAME/) }));
    expect(() => parseModelUrl('ftp://host/v2/models/a')).toThrow(expect.objectContaining({ code: 'MDL_ERR_REMOTE_URL' }));
    expect(() => parseModelUrl('http://user:pw@host/v2/models/a')).toThrow(expect.objectContaining({ message: expect.stringMatching(/credentials in the URL/) }));
  });
});

describe('against bulwark serve-model', () => {
  let server: ModelServer;
  let local: OnnxRuntimeModel;

  beforeAll(async () => {
    local = await OnnxRuntimeModel.create(classifierOnnx());
    server = await startModelServer({ model: local, name: 'credit', version: 'v1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    local?.dispose();
  });

  it('takes the signature from the metadata and predicts what the weights say', async () => {
    const model = await RemoteModel.connect(`${server.url}/v2/models/credit/versions/v1`);
    try {
      expect(model.signature.inputs[0]).toEqual({ name: 'x', datatype: 'FP32', shape: [-1, 4] });
      expect(model.outputKind).toBe('probabilities');
      expect(model.differentiable).toBe(false);
      const rows = [[1, 2, 3, 4], [0.5, -1, 0, 2], [0, 0, 0, 0]];
      const out = await model.predict(Float32Array.from(rows.flat()), [3, 4]);
      expect(out.shape).toEqual([3, 2]);
      rows.forEach((row, r) => expectedProbs(row).forEach((p, k) => expect(out.data[r * 2 + k]).toBeCloseTo(p, 6)));
    } finally {
      model.dispose();
    }
  });

  it('splits large batches into parallel requests and reassembles them in order', async () => {
    const model = await RemoteModel.connect(`${server.url}/v2/models/credit`, { maxValuesPerRequest: 40 });
    try {
      const x = Float32Array.from({ length: 4 * 103 }, (_, i) => Math.sin(i));
      const remote = await model.predict(x, [103, 4]);
      const direct = await local.predict(x, [103, 4]);
      expect(remote.shape).toEqual([103, 2]);
      for (let i = 0; i < direct.data.length; i++) expect(remote.data[i]).toBeCloseTo(direct.data[i] as number, 6);
    } finally {
      model.dispose();
    }
  });

  it('runs black-box attacks with exact query counts and refuses white-box ones', async () => {
    const model = await RemoteModel.connect(`${server.url}/v2/models/credit`);
    try {
      const x = Float32Array.from({ length: 4 * 20 }, (_, i) => 0.5 + 0.4 * Math.sin(i * 1.3));
      const run = await runAttack({ model, attack: 'square', threat: { knowledge: 'score-based', eps: 0.5, maxQueries: 50, clip: [-1, 2] }, x, shape: [20, 4] });
      expect(run.results.every((s) => s.queries <= 50 && s.gradient_queries === 0)).toBe(true);
      expect(run.summary.success_rate).toBeGreaterThan(0);
      const hsj = await runAttack({ model, attack: 'hopskipjump', params: { iterations: 3 }, threat: { knowledge: 'decision-only', norm: '2', maxQueries: 300, clip: [-1, 2] }, x, shape: [20, 4] });
      expect(hsj.summary.queries.max).toBeLessThanOrEqual(300);
      await expect(runAttack({ model, attack: 'pgd', threat: { knowledge: 'score-based', eps: 0.1, clip: [-1, 2] }, x, shape: [20, 4] })).rejects.toMatchObject({ code: 'RTM_ERR_OUTSIDE_THREAT_MODEL', message: expect.stringMatching(/needs white-box access, the threat model grants score-based/) });
      await expect(runAttack({ model, attack: 'fgsm', threat: { eps: 0.1, clip: [-1, 2] }, x, shape: [20, 4] })).rejects.toMatchObject({ code: 'RTM_ERR_NEEDS_GRADIENTS' });
    } finally {
      model.dispose();
    }
  });

  it('names the URL and the status of an unknown model or version', async () => {
    await expect(RemoteModel.connect(`${server.url}/v2/models/fraud`)).rejects.toMatchObject({
      code: 'MDL_ERR_REMOTE_STATUS',
      message: `GET ${server.url}/v2/models/fraud: HTTP 404 unknown model "fraud" (this server serves "credit")`,
      details: { status: 404 },
    });
    await expect(RemoteModel.connect(`${server.url}/v2/models/credit/versions/v9`)).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_STATUS', message: expect.stringMatching(/versions\/v9: HTTP 404 model "credit" has no version "v9"/) });
  });

  it('names a shape the model refuses before sending anything', async () => {
    const model = await RemoteModel.connect(`${server.url}/v2/models/credit`);
    try {
      await expect(model.predict(new Float32Array(6), [2, 3])).rejects.toMatchObject({ code: 'MDL_ERR_SHAPE_MISMATCH' });
    } finally {
      model.dispose();
    }
  });
});

describe('against Triton-, KServe- and gateway-like servers', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) await close(s);
  });

  it('reads FP64 outputs with nested data, picks the output by name, and sends the API key', async () => {
    const seen: (string | undefined)[] = [];
    const { url, server } = await fakeServer((req, body, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== 'Bearer k-123') return json(res, 401, { error: 'missing or unknown API key' });
      if (req.method === 'GET') return json(res, 200, { name: 'digits', versions: ['1'], platform: 'onnxruntime_onnx', inputs: [{ name: 'pixels', datatype: 'FP32', shape: [-1, 3] }], outputs: [{ name: 'logits', datatype: 'FP64', shape: [-1, 2] }, { name: 'aux', datatype: 'FP32', shape: [-1, 1] }] });
      const request = JSON.parse(body) as { inputs: { name: string; shape: number[]; data: number[] }[] };
      const input = request.inputs[0] as { name: string; shape: number[]; data: number[] };
      const rows = input.shape[0] as number;
      const logits = Array.from({ length: rows }, (_, r) => [input.data[r * 3] as number, -(input.data[r * 3] as number)]);
      return json(res, 200, { model_name: 'digits', model_version: '1', outputs: [{ name: 'aux', datatype: 'FP32', shape: [rows, 1], data: new Array(rows).fill(0) }, { name: 'logits', datatype: 'FP64', shape: [rows, 2], data: logits }] });
    });
    servers.push(server);
    await expect(RemoteModel.connect(`${url}/v2/models/digits/versions/1`)).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_STATUS', message: `GET ${url}/v2/models/digits/versions/1: HTTP 401 missing or unknown API key` });
    const model = await RemoteModel.connect(`${url}/v2/models/digits/versions/1`, { apiKey: 'k-123' });
    try {
      expect(model.outputKind).toBe('logits');
      const out = await model.predict(Float32Array.of(0.25, 0, 0, -2, 1, 1), [2, 3]);
      expect(Array.from(out.data)).toEqual([0.25, -0.25, -2, 2]);
      expect(seen.at(-1)).toBe('Bearer k-123');
    } finally {
      model.dispose();
    }
  });

  it('quotes KServe-style errors and refuses answers that do not fit the batch', async () => {
    const { url, server } = await fakeServer((req, _body, res) => {
      if (req.method === 'GET') return json(res, 200, { name: 'm', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 2] }], outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 2] }] });
      if (req.url?.includes('versions')) return json(res, 400, { detail: 'Input shape mismatch' });
      return json(res, 200, { outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [5, 2], data: [0.5, 0.5] }] });
    });
    servers.push(server);
    const model = await RemoteModel.connect(`${url}/v2/models/m`);
    try {
      await expect(model.predict(Float32Array.of(1, 2), [1, 2])).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_RESPONSE', message: `POST ${url}/v2/models/m/infer: output "probabilities" has 5 rows for a batch of 1` });
    } finally {
      model.dispose();
    }
    const versioned = await RemoteModel.connect(`${url}/v2/models/m/versions/2`);
    try {
      await expect(versioned.predict(Float32Array.of(1, 2), [1, 2])).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_STATUS', message: `POST ${url}/v2/models/m/versions/2/infer: HTTP 400 Input shape mismatch` });
    } finally {
      versioned.dispose();
    }
  });

  it('refuses metadata it cannot attack through', async () => {
    const { url, server } = await fakeServer((_req, _body, res) => json(res, 200, { name: 'llm', inputs: [{ name: 'text', datatype: 'BYTES', shape: [-1] }], outputs: [{ name: 'y', datatype: 'BYTES', shape: [-1] }] }));
    servers.push(server);
    await expect(RemoteModel.connect(`${url}/v2/models/llm`)).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_SIGNATURE', message: expect.stringMatching(/input "text" is BYTES; attacks need a numeric input/) });
  });

  it('times out on a server that never answers, and names an unreachable one', async () => {
    const { url, server } = await fakeServer(() => undefined);
    servers.push(server);
    await expect(RemoteModel.connect(`${url}/v2/models/slow`, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_TIMEOUT', message: `GET ${url}/v2/models/slow: timed out waiting for the answer` });
    const closed = await fakeServer(() => undefined);
    await close(closed.server);
    await expect(RemoteModel.connect(`${closed.url}/v2/models/gone`)).rejects.toMatchObject({ code: 'MDL_ERR_REMOTE_UNREACHABLE', message: expect.stringMatching(new RegExp(`^GET ${closed.url}/v2/models/gone: ECONNREFUSED`)) });
  });
});
