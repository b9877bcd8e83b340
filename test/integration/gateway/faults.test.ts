/**
 * Issue 4 item 6 over real sockets: every bad-input and upstream-fault path answers with
 * its status and a JSON error (never a crash, never a hung socket), and a flood of bad
 * requests leaves the gateway answering with bounded memory.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '../../../src/gateway/index.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';
import { KEYS, jsonHeaders, startTestGateway, testConfig } from '../../helpers/test-gateway.js';
import type { TestGateway } from '../../helpers/test-gateway.js';

let ok: FixtureUpstream;
let hang: FixtureUpstream;
let closer: FixtureUpstream;
let garbage: FixtureUpstream;
let refusedUrl: string;
let gw: TestGateway;

async function freePortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  [ok, hang, closer, garbage] = await Promise.all([startFixtureUpstream('v1'), startFixtureUpstream('v1'), startFixtureUpstream('v1'), startFixtureUpstream('v1')]);
  hang.behavior = { kind: 'hang' };
  closer.behavior = { kind: 'close' };
  garbage.behavior = { kind: 'garbage' };
  refusedUrl = await freePortUrl();
  const config = testConfig({ fraud: { v1: ok.url } });
  const model = (url: string, timeoutMs = 300) => ({ protocol: 'oip-v2' as const, versions: { v1: { upstream: url, timeoutMs } }, route: { active: 'v1' } });
  config.models = { ...config.models, hang: model(hang.url), closer: model(closer.url), garbage: model(garbage.url), refused: model(refusedUrl) };
  gw = await startTestGateway({ config });
});

afterAll(async () => {
  await gw.close();
  await Promise.all([ok, hang, closer, garbage].map((f) => f.close()));
});

async function post(path: string, body: string | Buffer, headers: Record<string, string> = jsonHeaders()) {
  const res = await request(`${gw.url}${path}`, { method: 'POST', headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: JSON.parse(text) as { error: { code: string; message: string } } };
}

/** Writes `chunks` on a raw socket (each after the previous answer check) and collects what comes back until the server closes. */
function rawExchange(write: (socket: Socket) => void, timeoutMs = 5_000): Promise<{ text: string; closed: boolean }> {
  const { port, hostname } = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, timeoutMs);
    socket.on('connect', () => write(socket));
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

describe('bad input', () => {
  it('400: malformed JSON, naming the position', async () => {
    const res = await post('/v2/models/fraud/infer', '{"inputs": [1, 2,]}');
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: 'GW_ERR_MALFORMED_JSON', message: "the request body is not valid JSON at position 17 (line 1, column 18): unexpected ']', expected a value", request_id: expect.any(String) });
    expect(ok.requests).toHaveLength(0);
  });

  it('400: a JSON body that is not an object', async () => {
    expect((await post('/v2/models/fraud/infer', '[1,2]')).json.error.code).toBe('GW_ERR_BAD_REQUEST');
  });

  it('404: unknown model and unknown path; 405: wrong method with Allow', async () => {
    const unknown = await post('/v2/models/fraud2/infer', '{}');
    expect([unknown.status, unknown.json.error.code, unknown.json.error.message]).toEqual([404, 'GW_ERR_UNKNOWN_MODEL', 'no model named "fraud2"']);
    const path = await post('/v3/whatever', '{}');
    expect([path.status, path.json.error.code]).toEqual([404, 'GW_ERR_NOT_FOUND']);
    const method = await request(`${gw.url}/v2/models/fraud/infer`, { headers: { 'x-api-key': KEYS.shop } });
    expect([method.statusCode, method.headers['allow']]).toEqual([405, 'POST']);
    expect(await method.body.json()).toMatchObject({ error: { code: 'GW_ERR_METHOD_NOT_ALLOWED' } });
  });

  it('415: a body that is not declared as JSON', async () => {
    const text = await post('/v2/models/fraud/infer', '{}', { authorization: `Bearer ${KEYS.shop}`, 'content-type': 'text/plain' });
    expect([text.status, text.json.error.code]).toEqual([415, 'GW_ERR_UNSUPPORTED_MEDIA_TYPE']);
    const none = await post('/v2/models/fraud/infer', '{}', { authorization: `Bearer ${KEYS.shop}` });
    expect(none.status).toBe(415);
    expect((await post('/v2/models/fraud/infer', '{}', { ...jsonHeaders(), 'content-type': 'Application/JSON; charset=utf-8' })).status).toBe(200);
  });

  it('413: a declared Content-Length over the limit is refused before reading, and the connection closes', async () => {
    const { text, closed } = await rawExchange((socket) => {
      socket.write(`POST /v2/models/fraud/infer HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEYS.shop}\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\n\r\n`);
      socket.write('{"inputs":[');
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/connection: close/i);
    expect(text).toContain('"code":"GW_ERR_BODY_TOO_LARGE"');
    expect(closed).toBe(true);
  });

  it('413: a chunked body that grows past the limit stops being read; the client still gets the JSON answer', async () => {
    const chunk = Buffer.alloc(16_384, 0x20);
    const { text, closed } = await rawExchange((socket) => {
      socket.write(`POST /v2/models/fraud/infer HTTP/1.1\r\nhost: x\r\nx-api-key: ${KEYS.shop}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write(`${chunk.length.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n');
      }, 5);
      socket.on('close', () => clearInterval(timer));
    });
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('exceeds 65536 bytes');
    expect(closed).toBe(true);
  });

  it('413 through an ordinary client that sends the whole oversized body', async () => {
    const res = await post('/v2/models/fraud/infer', Buffer.alloc(100_000, 0x20));
    expect([res.status, res.json.error.code]).toEqual([413, 'GW_ERR_BODY_TOO_LARGE']);
  });

  it('408: a body that stops arriving gets a JSON 408 after server.bodyTimeoutMs, then the socket closes', async () => {
    const started = Date.now();
    const { text, closed } = await rawExchange((socket) => {
      socket.write(`POST /v2/models/fraud/infer HTTP/1.1\r\nhost: x\r\nx-api-key: ${KEYS.shop}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"inputs"`);
    });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toContain('"code":"GW_ERR_REQUEST_TIMEOUT"');
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('408 or a closed socket: headers that never finish', async () => {
    const { text, closed } = await rawExchange((socket) => socket.write('POST /v2/models/fraud/infer HTTP/1.1\r\nhost: x\r\n'));
    expect(closed).toBe(true);
    if (text !== '') expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('400: a request Node cannot parse gets a JSON answer and a closed socket', async () => {
    const { text, closed } = await rawExchange((socket) => socket.write('GARBAGE\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(text).toContain('GW_ERR_BAD_REQUEST');
    expect(closed).toBe(true);
  });
});

describe('upstream faults', () => {
  const body = '{"inputs":[]}';

  it('504: the upstream does not answer within timeoutMs', async () => {
    const started = Date.now();
    const res = await post('/v2/models/hang/infer', body);
    expect([res.status, res.json.error.code, res.headers['x-model-version']]).toEqual([504, 'GW_ERR_UPSTREAM_TIMEOUT', 'v1']);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('502: the upstream closes the connection, refuses it, or does not speak HTTP', async () => {
    for (const model of ['closer', 'refused', 'garbage']) {
      const res = await post(`/v2/models/${model}/infer`, body);
      expect(res.status, model).toBe(502);
      expect(res.json.error.code, model).toMatch(/^GW_ERR_UPSTREAM_(UNAVAILABLE|PROTOCOL)$/);
    }
    expect((await post('/v2/models/refused/infer', body)).json.error.message).toContain('ECONNREFUSED');
  });

  it('cuts the client connection when the upstream fails mid-body, and records the failure', async () => {
    const events: RequestEvent[] = [];
    const off = gw.gateway.events.subscribe((e) => void events.push(e));
    ok.behavior = { kind: 'cut' };
    try {
      const res = await request(`${gw.url}/v2/models/fraud/infer`, { method: 'POST', headers: jsonHeaders(), body });
      expect(res.statusCode).toBe(200);
      await expect(res.body.text()).rejects.toThrow();
      await vi.waitFor(() => expect(events).toHaveLength(1));
      expect(events[0]).toMatchObject({ status: 200, errorCode: 'GW_ERR_UPSTREAM_UNAVAILABLE', signals: { response_bytes: 10 } });
    } finally {
      ok.behavior = { kind: 'normal' };
      off();
    }
  });

  it('passes an upstream error status through as it is', async () => {
    ok.behavior = { kind: 'status', status: 503 };
    try {
      const res = await post('/v2/models/fraud/infer', body);
      expect([res.status, res.json]).toEqual([503, { error: 'upstream says no' }]);
    } finally {
      ok.behavior = { kind: 'normal' };
    }
  });

  it('counts upstream errors by kind in the metrics', async () => {
    const res = await fetch(`${gw.admin}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/bulwark_gateway_upstream_errors_total\{model="hang",version="v1",kind="timeout"\} [1-9]/);
    expect(text).toMatch(/bulwark_gateway_upstream_errors_total\{model="refused",version="v1",kind="connect"\} [1-9]/);
    expect(text).toMatch(/bulwark_gateway_requests_total\{model="hang",version="v1",endpoint="oip-infer",status="504"\} [1-9]/);
  });
});

describe('a flood of bad requests', () => {
  function gc(): void {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  }

  it('leaves the gateway answering, with bounded heap growth', async () => {
    const big = Buffer.alloc(70_000, 0x61);
    const kinds = [
      () => post('/v2/models/fraud/infer', '{"a":', jsonHeaders()),
      () => post('/v2/models/fraud/infer', big, jsonHeaders()),
      () => post('/v2/models/nope/infer', '{}', jsonHeaders()),
      () => post('/v2/models/fraud/infer', '{}', { 'content-type': 'application/json', 'x-api-key': 'wrong' }),
      () => post('/v2/models/fraud/infer', 'x', { authorization: `Bearer ${KEYS.shop}`, 'content-type': 'text/csv' }),
    ];
    const round = async (n: number) => {
      for (let i = 0; i < n; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => (kinds[(i + j) % kinds.length] as () => Promise<unknown>)().catch(() => undefined)));
    };
    await round(500); // warm-up: JIT, pools, metric series
    gc();
    const before = process.memoryUsage().heapUsed;
    await round(3_000);
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(growth).toBeLessThan(16 * 1024 * 1024);
    const healthy = await post('/v2/models/fraud/infer', '{"inputs":[]}');
    expect(healthy.status).toBe(200);
    expect(gw.gateway.inFlight).toBe(0);
    expect(gw.errors.filter((e) => (e as { code?: string }).code === 'GW_ERR_INTERNAL')).toEqual([]);
  }, 60_000);
});

describe('Expect: 100-continue', () => {
  it('answers 100 only after auth passed, and 401 without inviting the body otherwise', async () => {
    const withKey = await rawExchange((socket) => {
      socket.write(`POST /v2/models/fraud/infer HTTP/1.1\r\nhost: x\r\nx-api-key: ${KEYS.shop}\r\ncontent-type: application/json\r\ncontent-length: 13\r\nexpect: 100-continue\r\nconnection: close\r\n\r\n`);
      socket.once('data', () => socket.write('{"inputs":[]}'));
    });
    expect(withKey.text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    const without = await rawExchange((socket) => {
      socket.write('POST /v2/models/fraud/infer HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 13\r\nexpect: 100-continue\r\nconnection: close\r\n\r\n');
    });
    expect(without.text).toMatch(/^HTTP\/1\.1 401 /);
  });
});
