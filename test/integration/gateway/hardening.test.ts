/**
 * Output hardening over real sockets (issue 4, item 10): per model (`models.<m>.output`),
 * per API key (`keys[].output`, which replaces the model's), and at run time
 * (`gateway.harden()`, the containment action; strictest wins, until a deadline). Byte-level
 * expectations for each mode; content-length fits the new body; the decision ledger
 * digests the bytes actually sent.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netPoolFactory } from '../../../src/adapters/http/net-upstream.js';
import { systemGatewayTimers } from '../../../src/app/gateway-app.js';
import type { BulwarkConfigInput } from '../../../src/config/index.js';
import { Gateway } from '../../../src/gateway/index.js';
import { createMemoryStore } from '../../../src/store/index.js';
import type { StorageAdapter } from '../../../src/store/index.js';
import { KEYS, jsonHeaders, parseTestConfig, testConfig } from '../../helpers/test-gateway.js';
import { startOipFixture } from './oip-fixture.js';
import type { OipFixture } from './oip-fixture.js';

const UPSTREAM = '{"model_name":"fraud","model_version":"v1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0.123456,0.654321,0.222223,0.5,0.3,0.2]}]}';
const ROUNDED = '{"model_name":"fraud","model_version":"v1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0.12,0.65,0.22,0.5,0.3,0.2]}]}';
const TOP1 = '{"model_name":"fraud","model_version":"v1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0,0.654321,0,0.5,0,0]}]}';
const TOP1_ROUNDED = '{"model_name":"fraud","model_version":"v1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0,0.7,0,0.5,0,0]}]}';
const LABELS = '{"model_name":"fraud","model_version":"v1","outputs":[{"name":"probabilities","datatype":"INT64","shape":[2],"data":[1,0]}]}';
const INPUT = '{"inputs":[{"name":"x","datatype":"FP32","shape":[2,1],"data":[1,2]}]}';

const time = { now: 1_800_000_000_000 };
let upstream: OipFixture;
let gateway: Gateway;
let store: StorageAdapter;
let url: string;

function config(modelOutput: Record<string, unknown>, keyOutputs: Record<string, Record<string, unknown>> = {}) {
  const input: BulwarkConfigInput = testConfig({ fraud: { v1: upstream.url }, assistant: { a1: upstream.url } });
  (input.models?.['fraud'] as { output?: unknown }).output = modelOutput;
  for (const key of input.keys ?? []) if (keyOutputs[key.id] !== undefined) (key as { output?: unknown }).output = keyOutputs[key.id];
  return parseTestConfig(input);
}

beforeAll(async () => {
  upstream = await startOipFixture('v1', [], UPSTREAM);
  store = createMemoryStore();
  gateway = new Gateway({
    config: config({ roundDecimals: 2 }),
    upstreams: netPoolFactory,
    ledgerStore: store.ledger,
    clock: { now: () => time.now },
    monotonic: () => performance.now(),
    timers: systemGatewayTimers,
    random: Math.random,
    onError: () => undefined,
  });
  url = (await gateway.start()).dataPlane;
});

afterAll(async () => {
  await gateway.shutdown();
  await store.shutdown();
  await upstream.close();
});

async function infer(key: string = KEYS.shop) {
  const res = await request(`${url}/v2/models/fraud/infer`, { method: 'POST', headers: jsonHeaders(key), body: INPUT });
  const body = await res.body.text();
  return { status: res.statusCode, body, length: Number(res.headers['content-length']), id: res.headers['x-request-id'] as string };
}

describe('per model (models.<m>.output)', () => {
  it('rounds, with a fresh content-length, and the ledger digests what was sent', async () => {
    const res = await infer();
    expect(res.body).toBe(ROUNDED);
    expect(res.length).toBe(Buffer.byteLength(ROUNDED));
    await gateway.forceFlush();
    const [row] = await store.ledger.byRequestId(res.id);
    expect(row?.outputDigest).toBe(createHash('sha256').update(ROUNDED).digest('hex'));
  });

  it('keeps the top k (others zeroed), combined with rounding, or only the label', async () => {
    await gateway.applyConfig(config({ topK: 1 }));
    expect((await infer()).body).toBe(TOP1);
    await gateway.applyConfig(config({ topK: 1, roundDecimals: 1 }));
    expect((await infer()).body).toBe(TOP1_ROUNDED);
    await gateway.applyConfig(config({ labelOnly: true }));
    expect((await infer()).body).toBe(LABELS);
    await gateway.applyConfig(config({}));
    expect((await infer()).body).toBe(UPSTREAM);
  });

  it('leaves error answers and chat completions alone', async () => {
    await gateway.applyConfig(config({ labelOnly: true }));
    upstream.status = 503;
    expect(await infer()).toMatchObject({ status: 503, body: '{"error":"fixture says no"}' });
    upstream.status = 200;
    const chat = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: jsonHeaders(), body: '{"model":"assistant","messages":[]}' });
    expect(await chat.body.text()).toContain('Hello from v1!');
  });
});

describe('per API key (keys[].output)', () => {
  it("replaces the model's settings: stricter for one key, none for an exempt one, the model's for the rest", async () => {
    await gateway.applyConfig(config({ roundDecimals: 2 }, { shop: { labelOnly: true }, 'fraud-only': {} }));
    expect((await infer(KEYS.shop)).body).toBe(LABELS);
    expect((await infer(KEYS.fraudOnly)).body).toBe(UPSTREAM);
    expect((await infer(KEYS.batch)).body).toBe(ROUNDED);
  });
});

describe('at run time (gateway.harden, the containment action)', () => {
  it('tightens one key until the deadline, never loosens, then lapses', async () => {
    await gateway.applyConfig(config({ roundDecimals: 2 }, { 'fraud-only': {} }));
    gateway.harden('fraud', 'fraud-only', { topK: 1, roundDecimals: 1 }, time.now + 60_000);
    expect((await infer(KEYS.fraudOnly)).body).toBe(TOP1_ROUNDED);
    expect((await infer(KEYS.shop)).body).toBe(ROUNDED);
    gateway.harden('fraud', 'shop', { roundDecimals: 6 }, time.now + 60_000);
    expect((await infer(KEYS.shop)).body).toBe(ROUNDED); // strictest of config (2) and run time (6)
    expect(gateway.hardenings().map((h) => h.apiKeyId).sort()).toEqual(['fraud-only', 'shop']);
    time.now += 60_001;
    expect((await infer(KEYS.fraudOnly)).body).toBe(UPSTREAM);
    expect(gateway.hardenings()).toEqual([]);
  });

  it('hardens every caller of a model, and can be ended early', async () => {
    gateway.harden('fraud', undefined, { labelOnly: true }, time.now + 1_000);
    expect((await infer(KEYS.fraudOnly)).body).toBe(LABELS);
    expect(gateway.unharden('fraud', undefined)).toBe(true);
    expect((await infer(KEYS.fraudOnly)).body).toBe(UPSTREAM);
  });

  it('refuses an undeclared model or an invalid setting', () => {
    expect(() => gateway.harden('nope', 'shop', { labelOnly: true }, time.now + 1)).toThrow(expect.objectContaining({ code: 'GW_ERR_INVALID_HARDENING' }));
    expect(() => gateway.harden('fraud', 'shop', { roundDecimals: 16 }, time.now + 1)).toThrow(/roundDecimals/);
  });
});
