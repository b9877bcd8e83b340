/**
 * The gateway in front of bulwark's own `serve-model` (two versions of a real ONNX model
 * served through onnxruntime): OIP infer, ready and metadata pass through, answers are the
 * model's (checked against hand-computed softmax), a canary split reaches both servers,
 * and a model server error reaches the client unchanged.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/models/load-model.js';
import type { Model } from '../../../src/models/model.js';
import { startModelServer } from '../../../src/models/server/index.js';
import type { ModelServer } from '../../../src/models/server/index.js';
import { classifierOnnx, expectedProbs } from '../../../src/models/server/fixtures.contract.js';
import { KEYS, jsonHeaders, startTestGateway } from '../../helpers/test-gateway.js';
import type { TestGateway } from '../../helpers/test-gateway.js';
import { sha256Hex } from '../../../src/shared/digest.js';

const ROW = [1, 2, 3, 4];

let dir: string;
let model: Model;
let servers: ModelServer[];
let gw: TestGateway;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-gw-serve-'));
  await writeFile(join(dir, 'credit.onnx'), classifierOnnx());
  model = await loadModel(join(dir, 'credit.onnx'));
  servers = await Promise.all(['v1', 'v2'].map((version) => startModelServer({ model, name: 'credit', version, port: 0 })));
  gw = await startTestGateway({
    config: {
      server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0' },
      store: { kind: 'memory' },
      keys: [{ id: 'shop', sha256: sha256Hex(KEYS.shop) }],
      models: {
        credit: {
          protocol: 'oip-v2',
          versions: { v1: { upstream: servers[0]?.url as string }, v2: { upstream: servers[1]?.url as string } },
          route: { active: 'v2', lkg: 'v1' },
        },
      },
    },
  });
});

afterAll(async () => {
  await gw?.close();
  await Promise.all((servers ?? []).map((s) => s.close()));
  model?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function infer(body: unknown) {
  const res = await request(`${gw.url}/v2/models/credit/infer`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(body) });
  return { status: res.statusCode, version: res.headers['x-model-version'], json: (await res.body.json()) as { model_version?: string; outputs?: { data: number[] }[]; error?: unknown } };
}

describe('gateway → serve-model', () => {
  it('serves the model\'s answer through the gateway', async () => {
    const res = await infer({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: ROW }] });
    expect([res.status, res.version, res.json.model_version]).toEqual([200, 'v2', 'v2']);
    const data = res.json.outputs?.[0]?.data ?? [];
    expectedProbs(ROW).forEach((p, i) => expect(data[i]).toBeCloseTo(p, 6));
  });

  it('passes ready and metadata through', async () => {
    const ready = await request(`${gw.url}/v2/models/credit/ready`, { headers: { 'x-api-key': KEYS.shop } });
    expect(ready.statusCode).toBe(200);
    await ready.body.dump();
    const meta = await request(`${gw.url}/v2/models/credit`, { headers: { 'x-api-key': KEYS.shop } });
    expect(await meta.body.json()).toMatchObject({ name: 'credit', inputs: [{ name: 'x', datatype: 'FP32' }] });
  });

  it('reaches both versions under a canary split, and the model server agrees on its version', async () => {
    await gw.gateway.routes.switch('credit', { active: 'v1', lkg: 'v1', weights: { v1: 50, v2: 50 } }, { actor: 'test', reason: 'canary' });
    const answers = await Promise.all(Array.from({ length: 60 }, () => infer({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: ROW }] })));
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set(['v1', 'v2']));
    expect(answers.every((a) => a.json.model_version === a.version)).toBe(true);
  });

  it('relays the model server\'s own 400 for a bad tensor unchanged', async () => {
    const res = await infer({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] });
    expect(res.status).toBe(400);
    expect(res.json.error).toBeDefined();
  });
});
