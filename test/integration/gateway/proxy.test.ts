/**
 * Issue 4 (items 2, 3, 4, 7) over real sockets: OIP v2 and OpenAI passthrough byte for
 * byte, SSE delivered chunk by chunk while the answer is assembled, request ids and
 * version headers, weighted and sticky routing, route switches, the RequestEvent and the
 * ledger row of each request.
 */
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '../../../src/gateway/index.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { KEYS, jsonHeaders, startTestGateway, testConfig } from '../../helpers/test-gateway.js';
import type { TestGateway } from '../../helpers/test-gateway.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** An OIP request whose bytes JSON.stringify would not reproduce (spacing, 1.50, 3e0, escapes). */
const ODD_BODY = Buffer.from('{"inputs":[{"name":"x","datatype":"FP32","shape":[1,4],"data":[1.50, 2, 3e0,4]}],   "id":"caf\\u00e9"}');

let v1: FixtureUpstream;
let v2: FixtureUpstream;
let a1: FixtureUpstream;
let gw: TestGateway;
const events: RequestEvent[] = [];

beforeAll(async () => {
  [v1, v2, a1] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('v2'), startFixtureUpstream('a1')]);
  gw = await startTestGateway({ config: testConfig({ fraud: { v1: v1.url, v2: v2.url }, assistant: { a1: a1.url } }) });
  gw.gateway.events.subscribe((e) => void events.push(e));
});

afterAll(async () => {
  await gw.close();
  await Promise.all([v1.close(), v2.close(), a1.close()]);
});

beforeEach(async () => {
  events.length = 0;
  for (const f of [v1, v2, a1]) f.requests.length = 0;
  await gw.gateway.routes.switch('fraud', { active: 'v2', lkg: 'v1' }, { actor: 'test', reason: 'reset' });
});

async function infer(body: Buffer | string = ODD_BODY, headers: Record<string, string> = jsonHeaders()) {
  const res = await request(`${gw.url}/v2/models/fraud/infer`, { method: 'POST', headers, body });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

describe('OIP v2 passthrough', () => {
  it('forwards the original request bytes and returns the upstream bytes unchanged', async () => {
    const res = await infer();
    expect(res.status).toBe(200);
    expect(res.body.equals(v2.inferBody)).toBe(true);
    expect(res.headers['x-model-version']).toBe('v2');
    expect(res.headers['x-upstream-version']).toBe('v2');
    const received = v2.requests[0];
    expect(received?.body.equals(ODD_BODY)).toBe(true);
    expect(received?.url).toBe('/v2/models/fraud/infer');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['x-request-id']).toBe(res.headers['x-request-id']);
    expect(received?.headers['authorization']).toBeUndefined();
    expect(received?.headers['x-api-key']).toBeUndefined();
  });

  it('forwards ready and metadata to the chosen version', async () => {
    const ready = await request(`${gw.url}/v2/models/fraud/ready`, { headers: { 'x-api-key': KEYS.shop } });
    expect([ready.statusCode, await ready.body.json(), ready.headers['x-model-version']]).toEqual([200, { ready: true, version: 'v2' }, 'v2']);
    const meta = await request(`${gw.url}/v2/models/fraud`, { headers: { 'x-api-key': KEYS.shop } });
    expect(await meta.body.json()).toMatchObject({ name: 'fraud', versions: ['v2'] });
  });

  it('publishes a RequestEvent with timings, sizes, signals and the feature summary', async () => {
    const res = await infer();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    const event = events[0] as RequestEvent;
    expect(event).toMatchObject({
      requestId: res.headers['x-request-id'],
      endpoint: 'oip-infer',
      protocol: 'oip-v2',
      model: 'fraud',
      version: 'v2',
      apiKeyId: 'shop',
      status: 200,
      requestBytes: ODD_BODY.length,
      responseBytes: v2.inferBody.length,
      features: [1.5, 2, 3, 4],
      signals: { status: 200, error: false, rejected: false, request_bytes: ODD_BODY.length, response_bytes: v2.inferBody.length },
    });
    expect(event.timings.totalMs).toBeGreaterThan(0);
    expect(event.timings.upstreamMs).toBeLessThanOrEqual(event.timings.totalMs);
    expect(event.signals['latency_ms']).toBe(event.timings.totalMs);
    expect(event.routeEpoch).toBe(gw.gateway.routes.current('fraud')?.epoch);
  });

  it('writes one ledger row with both digests', async () => {
    const res = await infer();
    const id = res.headers['x-request-id'] as string;
    await gw.gateway.forceFlush();
    const rows = await gw.store.ledger.byRequestId(id);
    expect(rows).toEqual([
      expect.objectContaining({ requestId: id, model: 'fraud', version: 'v2', apiKeyId: 'shop', status: 200, inputDigest: sha256(ODD_BODY), outputDigest: sha256(v2.inferBody) }),
    ]);
  });
});

describe('request ids', () => {
  it('generates an id, echoes a safe client id, and replaces an unsafe one', async () => {
    const fresh = await infer();
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-z]{26}$/);
    const echoed = await infer(ODD_BODY, { ...jsonHeaders(), 'x-request-id': 'client-id-42' });
    expect(echoed.headers['x-request-id']).toBe('client-id-42');
    expect(v2.requests.at(-1)?.headers['x-request-id']).toBe('client-id-42');
    const unsafe = await infer(ODD_BODY, { ...jsonHeaders(), 'x-request-id': 'a b <c>' });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-z]{26}$/);
  });

  it('puts x-request-id and x-model-version on errors too', async () => {
    const res = await infer('{', jsonHeaders());
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-z]{26}$/);
    expect(res.headers['x-model-version']).toBe('none');
    const upstreamDown = await request(`${gw.url}/v2/models/nope/infer`, { method: 'POST', headers: jsonHeaders(), body: '{}' });
    expect(upstreamDown.headers['x-model-version']).toBe('none');
    await upstreamDown.body.dump();
  });
});

describe('OpenAI-compatible chat', () => {
  const chat = (body: object) => request(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(body) });

  it('routes by the body\'s model and passes a JSON answer through', async () => {
    const res = await chat({ model: 'assistant', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-model-version']).toBe('a1');
    expect(await res.body.json()).toMatchObject({ choices: [{ message: { content: 'Hello from a1' } }] });
    await vi.waitFor(() => expect(events.at(-1)?.signals['completion_chars']).toBe('Hello from a1'.length));
  });

  it('streams SSE chunk by chunk: the first event arrives before the upstream sends the rest', async () => {
    let open: () => void = () => undefined;
    a1.sse = { chunks: a1.sse.chunks, gate: new Promise<void>((resolve) => (open = resolve)) };
    try {
      const res = await chat({ model: 'assistant', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      expect(res.headers['content-type']).toBe('text/event-stream');
      const reader = res.body[Symbol.asyncIterator]();
      const first = await reader.next();
      expect(Buffer.from(first.value as Buffer).toString()).toBe(a1.sse.chunks[0]);
      open();
      const rest: Buffer[] = [];
      for (let next = await reader.next(); next.done !== true; next = await reader.next()) rest.push(Buffer.from(next.value as Buffer));
      const all = Buffer.concat([Buffer.from(first.value as Buffer), ...rest]);
      expect(all.toString()).toBe(a1.sse.chunks.join(''));
      await vi.waitFor(() => expect(events.at(-1)?.signals['completion_chars']).toBe('Hello from a1!'.length));
      await gw.gateway.forceFlush();
      const [row] = await gw.store.ledger.byRequestId(res.headers['x-request-id'] as string);
      expect(row?.outputDigest).toBe(sha256(all));
    } finally {
      a1.sse = { chunks: a1.sse.chunks };
    }
  });

  it('refuses a chat body without a model, and a model of the other protocol', async () => {
    const missing = await chat({ messages: [] });
    expect([missing.statusCode, ((await missing.body.json()) as { error: { code: string; type: string } }).error]).toEqual([400, expect.objectContaining({ code: 'GW_ERR_BAD_REQUEST', type: 'invalid_request_error' })]);
    const wrong = await chat({ model: 'fraud', messages: [] });
    expect(wrong.statusCode).toBe(400);
    expect(await wrong.body.json()).toMatchObject({ error: { code: 'GW_ERR_WRONG_PROTOCOL' } });
  });
});

describe('routing', () => {
  it('splits traffic by weight over real requests', async () => {
    await gw.gateway.routes.switch('fraud', { active: 'v1', lkg: 'v1', weights: { v1: 70, v2: 30 } }, { actor: 'test', reason: 'canary' });
    const n = 400;
    const versions = await Promise.all(Array.from({ length: n }, async () => (await infer()).headers['x-model-version']));
    const v2Share = versions.filter((v) => v === 'v2').length / n;
    expect(v2Share).toBeGreaterThan(0.3 - 4 * Math.sqrt((0.3 * 0.7) / n));
    expect(v2Share).toBeLessThan(0.3 + 4 * Math.sqrt((0.3 * 0.7) / n));
  });

  it('switches atomically: epoch +1, one audit entry, and the next request goes to the new version', async () => {
    const before = gw.gateway.routes.current('fraud')?.epoch ?? 0;
    const auditBefore = (await gw.audit.list()).length;
    const next = await gw.gateway.routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'rollback', reason: 'entropy-collapse' });
    expect(next.epoch).toBe(before + 1);
    expect((await infer()).headers['x-model-version']).toBe('v1');
    const entries = await gw.audit.list({ afterSeq: auditBefore });
    expect(entries).toEqual([expect.objectContaining({ actor: 'rollback', action: 'route.switch', target: 'model:fraud', details: expect.objectContaining({ epoch: before + 1, reason: 'entropy-collapse' }) })]);
    expect((await gw.audit.verify()).intact).toBe(true);
  });
});

describe('sticky routing over the wire', () => {
  let sticky: TestGateway;
  beforeAll(async () => {
    const config = testConfig({ fraud: { v1: v1.url, v2: v2.url } });
    const fraud = config.models?.['fraud'];
    if (fraud !== undefined) fraud.route = { active: 'v1', weights: { v1: 50, v2: 50 }, sticky: { by: 'header', header: 'X-Session' } };
    sticky = await startTestGateway({ config });
  });
  afterAll(() => sticky.close());

  it('keeps a session on one version and spreads sessions over both', async () => {
    const versionOf = async (session: string) => {
      const res = await request(`${sticky.url}/v2/models/fraud/infer`, { method: 'POST', headers: { ...jsonHeaders(), 'x-session': session }, body: ODD_BODY });
      await res.body.dump();
      return res.headers['x-model-version'];
    };
    const seen = new Set<unknown>();
    for (let s = 0; s < 40; s++) {
      const first = await versionOf(`session-${s}`);
      seen.add(first);
      for (let i = 0; i < 3; i++) expect(await versionOf(`session-${s}`)).toBe(first);
    }
    expect(seen).toEqual(new Set(['v1', 'v2']));
  });
});
