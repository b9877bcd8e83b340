/**
 * The extension points later issues plug into, exercised over real sockets: per-model
 * inspectors writing signals, a post-response hook that gets the request bytes, the chosen
 * version and the primary response (what shadow mirroring needs) without delaying the
 * client, a response transform (what output hardening needs), collectResponse, and chain
 * validation at construction.
 */
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { netPoolFactory } from '../../../src/adapters/http/net-upstream.js';
import { systemGatewayTimers } from '../../../src/app/gateway-app.js';
import { Gateway, collectResponse } from '../../../src/gateway/index.js';
import type { CapturedResponse, InspectorDefinition, Interceptor, RequestEvent } from '../../../src/gateway/index.js';
import { systemClock } from '../../../src/shared/clock.js';
import { createMemoryStore } from '../../../src/store/index.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { jsonHeaders, parseTestConfig, startTestGateway, testConfig } from '../../helpers/test-gateway.js';
import type { TestGateway } from '../../helpers/test-gateway.js';

const BODY = Buffer.from('{"inputs":[{"name":"x","datatype":"FP32","shape":[1,3],"data":[0.5,1.5,2.5]}]}');

const sizeInspector: InspectorDefinition = {
  id: 'size',
  create: (settings) => ({
    id: 'size',
    needsResponseBody: true,
    inspectRequest: (ex, signals) => {
      signals['size_over'] = ex.body.length > (settings.threshold ?? 0);
      signals['feature_sum'] = (ex.features ?? []).reduce((a, b) => a + b, 0);
    },
    inspectResponse: (ex, signals) => {
      signals['response_has_body'] = (ex.response?.body?.length ?? 0) > 0;
    },
  }),
};

const brokenInspector: InspectorDefinition = {
  id: 'broken',
  create: () => ({
    id: 'broken',
    inspectRequest: () => {
      throw new Error('cannot measure');
    },
  }),
};

interface Mirrored {
  readonly id: string;
  readonly body: Buffer;
  readonly version: string | undefined;
  readonly primary: CapturedResponse | undefined;
  readonly clientDoneFirst: boolean;
}

let v1: FixtureUpstream;
let v2: FixtureUpstream;
let gw: TestGateway;
const mirrored: Mirrored[] = [];
const events: RequestEvent[] = [];
let clientDone = false;

/** A shadow-like hook: marks the request for capture, then works after the response was sent. */
const mirrorHook: Interceptor = {
  id: 'mirror',
  after: ['route'],
  wrap: (next) => async (ex) => {
    ex.captureResponse();
    await next(ex);
    setTimeout(() => mirrored.push({ id: ex.id, body: ex.body, version: ex.version, primary: ex.response, clientDoneFirst: clientDone }), 50);
  },
};

/** An output-hardening-like transform: rounds every output number to 1 decimal. */
const roundHook: Interceptor = {
  id: 'round',
  after: ['route'],
  wrap: (next) => (ex) => {
    if (ex.headers['x-round'] === '1') {
      ex.setResponseTransform(({ body }) => {
        const json = JSON.parse(body.toString()) as { outputs: { data: number[] }[] };
        for (const output of json.outputs) output.data = output.data.map((v) => Math.round(v * 10) / 10);
        return Buffer.from(JSON.stringify(json));
      });
    }
    return next(ex);
  },
};

beforeAll(async () => {
  [v1, v2] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('v2')]);
  const config = testConfig({ fraud: { v1: v1.url, v2: v2.url } });
  const fraud = config.models?.['fraud'];
  if (fraud !== undefined) fraud.inspectors = [{ id: 'size', threshold: 10 }, 'broken', 'not_registered'];
  gw = await startTestGateway({ config, extra: { inspectors: [sizeInspector, brokenInspector], interceptors: [mirrorHook, roundHook] } });
  gw.gateway.events.subscribe((e) => void events.push(e));
});

afterAll(async () => {
  await gw.close();
  await Promise.all([v1.close(), v2.close()]);
});

async function infer(headers: Record<string, string> = {}) {
  clientDone = false;
  const res = await request(`${gw.url}/v2/models/fraud/infer`, { method: 'POST', headers: { ...jsonHeaders(), ...headers }, body: BODY });
  const body = Buffer.from(await res.body.arrayBuffer());
  clientDone = true;
  return { status: res.statusCode, headers: res.headers, body };
}

describe('inspectors', () => {
  it('run per model and add signals; a throwing one sets <id>_error; an unknown id is reported once', async () => {
    events.length = 0;
    await infer();
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]?.signals).toMatchObject({ size_over: true, feature_sum: 4.5, response_has_body: true, broken_error: true });
    expect(gw.errors.map((e) => (e as { code?: string }).code)).toContain('GW_ERR_UNKNOWN_INSPECTOR');
    expect(gw.errors.map((e) => e.message)).toContain('cannot measure');
  });
});

describe('post-response hook (shadow mirroring)', () => {
  it('receives the request bytes, the chosen version and the primary response, after the client got it', async () => {
    const res = await infer();
    const find = () => mirrored.find((x) => x.id === res.headers['x-request-id']);
    await vi.waitFor(() => expect(find()).toBeDefined());
    const m = find() as Mirrored;
    expect(m.body.equals(BODY)).toBe(true);
    expect(m.version).toBe(res.headers['x-model-version']);
    expect(m.primary?.status).toBe(200);
    expect(m.primary?.body?.equals(res.body)).toBe(true);
    expect(m.clientDoneFirst).toBe(true);
  });

  it('can call another version off the response path with collectResponse', async () => {
    const target = gw.gateway.state.models.get('fraud')?.targets.get('v1');
    if (target === undefined) throw new Error('no v1 target');
    const shadow = await collectResponse(target, { method: 'POST', path: '/v2/models/fraud/infer', headers: ['content-type', 'application/json'], body: BODY }, 1_000_000);
    expect(shadow.status).toBe(200);
    expect(shadow.body.equals(v1.inferBody)).toBe(true);
    await expect(collectResponse(target, { method: 'POST', path: '/v2/models/fraud/infer', headers: ['content-type', 'application/json'], body: BODY }, 10)).rejects.toMatchObject({ code: 'GW_ERR_UPSTREAM_PROTOCOL' });
  });
});

describe('response transform (output hardening)', () => {
  it('replaces the body, fixes content-length, and the ledger digests what was sent', async () => {
    const res = await infer({ 'x-round': '1' });
    expect(JSON.parse(res.body.toString())).toMatchObject({ outputs: [{ data: [0.1, 0.9] }] });
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    await gw.gateway.forceFlush();
    const [row] = await gw.store.ledger.byRequestId(res.headers['x-request-id'] as string);
    expect(row?.outputDigest).toBe(createHash('sha256').update(res.body).digest('hex'));
    const plain = await infer();
    expect(plain.body.equals(v2.inferBody) || plain.body.equals(v1.inferBody)).toBe(true);
  });
});

describe('chain validation at construction', () => {
  const options = () => ({
    config: parseTestConfig(testConfig({ fraud: { v1: v1.url } })),
    upstreams: netPoolFactory,
    ledgerStore: createMemoryStore().ledger,
    clock: systemClock,
    monotonic: () => performance.now(),
    timers: systemGatewayTimers,
    random: Math.random,
    onError: () => undefined,
  });

  it('names an extension declared before what it must follow, and an unknown id in the order', () => {
    expect(() => new Gateway({ ...options(), interceptors: [mirrorHook], order: ['auth', 'rate-limit', 'body', 'model', 'mirror', 'route', 'inspect'] })).toThrow(
      expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_ORDER' }),
    );
    expect(() => new Gateway({ ...options(), order: ['auth', 'nope'] })).toThrow(expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_UNKNOWN' }));
    expect(() => new Gateway({ ...options(), interceptors: [{ id: 'auth', wrap: (next) => next }] })).toThrow(expect.objectContaining({ code: 'GW_ERR_INTERCEPTOR_DUPLICATE' }));
  });
});
