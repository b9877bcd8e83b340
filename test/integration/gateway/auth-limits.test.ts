/**
 * Issue 4 item 5 over real sockets: API keys (401 missing/invalid, 403 not allowed for
 * the model), explicit anonymous access, per-key rate limit and daily quota (429 with
 * Retry-After) driven by a manual clock, and the rate-limit metric.
 */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/shared/clock.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { KEYS, startTestGateway, testConfig } from '../../helpers/test-gateway.js';
import type { TestGateway } from '../../helpers/test-gateway.js';

const MIDNIGHT = Date.UTC(2026, 10, 22);
const BODY = '{"inputs":[]}';

let fraud: FixtureUpstream;
let assistant: FixtureUpstream;

beforeAll(async () => {
  [fraud, assistant] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('a1')]);
});

afterAll(async () => {
  await Promise.all([fraud.close(), assistant.close()]);
});

async function call(gw: TestGateway, headers: Record<string, string>, path = '/v2/models/fraud/infer', body = BODY) {
  const res = await request(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = (await res.body.json()) as { error?: { code: string; message: string } };
  return { status: res.statusCode, retryAfter: res.headers['retry-after'], code: json.error?.code, message: json.error?.message };
}

describe('API keys', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ config: testConfig({ fraud: { v1: fraud.url }, assistant: { a1: assistant.url } }) });
  });
  afterAll(() => gw.close());

  it('401 without a key, with an unknown key, or with another auth scheme', async () => {
    expect(await call(gw, {})).toMatchObject({ status: 401, code: 'GW_ERR_UNAUTHORIZED', message: expect.stringContaining('missing API key') });
    expect(await call(gw, { authorization: 'Bearer not-a-key' })).toMatchObject({ status: 401, message: 'invalid API key' });
    expect(await call(gw, { 'x-api-key': 'not-a-key' })).toMatchObject({ status: 401 });
    expect(await call(gw, { authorization: 'Basic c2hvcDpzZWNyZXQ=' })).toMatchObject({ status: 401 });
  });

  it('accepts a key in either header, and names its id in the ledger', async () => {
    expect((await call(gw, { authorization: `Bearer ${KEYS.shop}` })).status).toBe(200);
    expect((await call(gw, { 'x-api-key': KEYS.shop })).status).toBe(200);
    await gw.gateway.forceFlush();
    const rows = await gw.store.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
    expect(rows.map((r) => r.apiKeyId)).toEqual(['shop', 'shop']);
  });

  it('403 for a model outside the key\'s allow-list', async () => {
    expect((await call(gw, { 'x-api-key': KEYS.fraudOnly })).status).toBe(200);
    const chat = JSON.stringify({ model: 'assistant', messages: [] });
    expect(await call(gw, { 'x-api-key': KEYS.fraudOnly }, '/v1/chat/completions', chat)).toMatchObject({ status: 403, code: 'GW_ERR_FORBIDDEN' });
    expect((await call(gw, { 'x-api-key': KEYS.shop }, '/v1/chat/completions', chat)).status).toBe(200);
  });
});

describe('anonymous access', () => {
  it('is refused by default and accepted only when the config says so; a wrong key stays 401', async () => {
    const gw = await startTestGateway({ config: testConfig({ fraud: { v1: fraud.url } }, { anonymous: true }) });
    try {
      expect((await call(gw, {})).status).toBe(200);
      expect((await call(gw, { 'x-api-key': 'wrong' })).status).toBe(401);
      await gw.gateway.forceFlush();
      const [row] = await gw.store.ledger.query({ model: 'fraud', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
      expect(row?.apiKeyId).toBeUndefined();
    } finally {
      await gw.close();
    }
  });
});

describe('rate limit and daily quota (manual clock)', () => {
  let gw: TestGateway;
  const clock = new ManualClock(MIDNIGHT + 23 * 3_600_000);
  const batch = { 'x-api-key': KEYS.batch }; // perSecond 1, burst 2, perDay 3
  beforeAll(async () => {
    gw = await startTestGateway({ config: testConfig({ fraud: { v1: fraud.url } }), clock });
  });
  afterAll(() => gw.close());

  it('429 with Retry-After once the burst is spent, and again allowed after the refill', async () => {
    expect((await call(gw, batch)).status).toBe(200);
    expect((await call(gw, batch)).status).toBe(200);
    expect(await call(gw, batch)).toMatchObject({ status: 429, code: 'GW_ERR_RATE_LIMITED', retryAfter: '1' });
    clock.advance(1_000);
    expect((await call(gw, batch)).status).toBe(200);
  });

  it('429 for the daily quota until midnight UTC (Retry-After in whole seconds), then allowed again', async () => {
    clock.advance(10_000);
    const refused = await call(gw, batch);
    expect(refused).toMatchObject({ status: 429, code: 'GW_ERR_QUOTA_EXCEEDED' });
    expect(Number(refused.retryAfter)).toBe(Math.ceil((MIDNIGHT + 86_400_000 - clock.now()) / 1000));
    clock.set(MIDNIGHT + 86_400_000);
    expect((await call(gw, batch)).status).toBe(200);
  });

  it('does not limit other keys, and counts refusals in the metrics', async () => {
    for (let i = 0; i < 10; i++) expect((await call(gw, { 'x-api-key': KEYS.shop })).status).toBe(200);
    const metrics = await (await fetch(`${gw.admin}/metrics`)).text();
    expect(metrics).toContain('bulwark_gateway_rate_limited_total{api_key="batch",reason="rate"} 1');
    expect(metrics).toContain('bulwark_gateway_rate_limited_total{api_key="batch",reason="quota"} 1');
    expect(metrics).toContain('bulwark_gateway_requests_total{model="fraud",version="",endpoint="oip-infer",status="429"} 2');
  });
});
