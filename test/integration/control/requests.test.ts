/**
 * Issue 8, "bad bodies and bad tokens": every way a request can be wrong gets a JSON error
 * that names the problem (the field, the line and column, the allowed methods), with the
 * right status, and the server keeps serving. Also CORS (off by default, on after a config
 * reload that names an origin) and tokens added by a reload.
 */
import { connect } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/shared/digest.js';
import { startControlPlane } from '../../../src/app/control-app.js';
import { call, startControlHarness } from './harness.js';
import type { ControlHarness } from './harness.js';

let h: ControlHarness;

beforeAll(async () => {
  h = await startControlHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('request bodies', () => {
  it('names every missing field', async () => {
    const answer = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'operator', body: {} });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('API_ERR_INVALID_REQUEST');
    expect(answer.body.error.problems).toEqual([
      { path: 'body.version', message: 'required (expected string)' },
      { path: 'body.reason', message: 'required (expected string)' },
    ]);
    expect(answer.body.error.message).toBe('body.version: required (expected string); body.reason: required (expected string)');
  });

  it('names unknown fields, wrong types and empty reasons', async () => {
    const unknown = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', body: { reason: 'x', force: true } });
    expect([unknown.status, unknown.body.error.problems]).toEqual([400, [{ path: 'body.force', message: 'unknown key' }]]);
    const wrongType = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'operator', body: { version: 3, reason: 'x' } });
    expect(wrongType.body.error.problems).toEqual([{ path: 'body.version', message: expect.stringMatching(/expected string/) }]);
    const empty = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', body: { reason: '   ' } });
    expect(empty.body.error.problems).toEqual([{ path: 'body.reason', message: 'must not be empty: it goes to the audit log' }]);
    const verdict = await h.call('POST', '/api/v1/incidents/inc-x/feedback', { role: 'operator', body: { verdict: 'maybe' } });
    expect(verdict.body.error.problems).toEqual([{ path: 'body.verdict', message: expect.stringMatching(/true_positive/) }]);
  });

  it('requires a body where the route takes one', async () => {
    const answer = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator' });
    expect([answer.status, answer.body.error.problems]).toEqual([400, [{ path: 'body', message: 'required (expected object)' }]]);
  });

  it('locates malformed JSON', async () => {
    const answer = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', raw: '{\n  "reason": }', headers: { 'content-type': 'application/json' } });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'API_ERR_MALFORMED_JSON']);
    expect(answer.body.error.message).toMatch(/line 2, column 13/);
  });

  it('refuses bodies that are not JSON (415) or too large (413), declared or streamed', async () => {
    const text = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', raw: 'reason=x', headers: { 'content-type': 'text/plain' } });
    expect([text.status, text.body.error.code]).toEqual([415, 'API_ERR_UNSUPPORTED_MEDIA_TYPE']);
    const untyped = await h.call('POST', '/api/v1/models/fraud/unfreeze', { role: 'operator', raw: '{"reason":"x"}' });
    expect(untyped.status).toBe(415);
    const big = await h.call('PUT', '/api/v1/knobs', { role: 'admin', body: { rules: {}, inspectors: {}, pad: 'x'.repeat(5_000) } });
    expect([big.status, big.body.error.code, big.headers['connection']]).toEqual([413, 'API_ERR_BODY_TOO_LARGE', 'close']);
    expect(big.body.error.message).toMatch(/control\.maxBodyBytes/);
    const streamed = await h.call('PUT', '/api/v1/knobs', { role: 'admin', raw: `{"pad":"${'y'.repeat(6_000)}"}`, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    expect([streamed.status, streamed.body.error.code]).toEqual([413, 'API_ERR_BODY_TOO_LARGE']);
  });
});

describe('query strings, paths and methods', () => {
  it('names bad query parameters', async () => {
    const zero = await h.call('GET', '/api/v1/anomalies?limit=0', { role: 'viewer' });
    expect([zero.status, zero.body.error.problems]).toEqual([400, [{ path: 'query.limit', message: expect.stringMatching(/>=\s*1/) }]]);
    const severity = await h.call('GET', '/api/v1/anomalies?severity=loud', { role: 'viewer' });
    expect(severity.body.error.problems).toEqual([{ path: 'query.severity', message: expect.stringMatching(/page/) }]);
    const unknown = await h.call('GET', '/api/v1/incidents?foo=1', { role: 'viewer' });
    expect(unknown.body.error.problems).toEqual([{ path: 'query.foo', message: 'unknown key' }]);
    const types = await h.call('GET', '/api/v1/events?types=anomaly,weather', { role: 'viewer' });
    expect([types.status, types.body.error.problems]).toEqual([400, [{ path: 'query.types', message: 'unknown event type "weather"' }]]);
  });

  it('names a bad path parameter, and answers unknown resources with 404', async () => {
    const bad = await h.call('GET', '/api/v1/models/%20bad', { role: 'viewer' });
    expect([bad.status, bad.body.error.problems[0].path]).toEqual([400, 'params.model']);
    const missing = await h.call('GET', '/api/v1/models/nope', { role: 'viewer' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'API_ERR_NOT_FOUND']);
    const route = await h.call('GET', '/api/v2/models', { role: 'viewer' });
    expect([route.status, route.body.error.code]).toEqual([404, 'API_ERR_NOT_FOUND']);
    const incident = await h.call('GET', '/api/v1/incidents/inc-nope', { role: 'viewer' });
    expect([incident.status, incident.body.error.code]).toEqual([404, 'RBK_ERR_UNKNOWN_INCIDENT']);
    const bundle = await h.call('GET', '/api/v1/forensics/deadbeefdeadbeef', { role: 'viewer' });
    expect([bundle.status, bundle.body.error.code]).toEqual([404, 'RBK_ERR_UNKNOWN_BUNDLE']);
  });

  it('answers a wrong method with 405 and the allowed ones', async () => {
    const answer = await h.call('DELETE', '/api/v1/knobs', { role: 'admin' });
    expect([answer.status, answer.body.error.code, answer.headers['allow']]).toEqual([405, 'API_ERR_METHOD_NOT_ALLOWED', 'GET, PUT']);
  });

  it('validates a missed-attack report against the config', async () => {
    const answer = await h.call('POST', '/api/v1/incidents', { role: 'operator', body: { kind: 'missed', model: 'fraud', version: 'v9', onsetAt: Date.now() + 3_600_000 } });
    expect([answer.status, answer.body.error.problems.map((p: { path: string }) => p.path)]).toEqual([400, ['body.version', 'body.onsetAt']]);
    const model = await h.call('POST', '/api/v1/incidents', { role: 'operator', body: { kind: 'missed', model: 'nope', version: 'v1', onsetAt: 1 } });
    expect(model.status).toBe(404);
  });
});

describe('tokens', () => {
  it('refuses other schemes and empty bearer tokens as invalid', async () => {
    for (const authorization of ['Basic dmljOng=', 'Bearer ', 'Bearer viewer-token-1x']) {
      const answer = await h.call('GET', '/api/v1/models', { headers: { authorization } });
      expect([answer.status, answer.headers['www-authenticate']], authorization).toEqual([401, 'Bearer realm="bulwark", error="invalid_token"']);
    }
  });

  it('takes the token in the query string on the event stream only', async () => {
    const models = await h.call('GET', '/api/v1/models?access_token=viewer-token-1');
    expect(models.status).toBe(401);
  });
});

describe('CORS and reloads', () => {
  it('sends no CORS header by default, also on preflights', async () => {
    const answer = await h.call('GET', '/api/v1/models', { role: 'viewer', headers: { origin: 'https://dash.example' } });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    const preflight = await h.call('OPTIONS', '/api/v1/knobs', { headers: { origin: 'https://dash.example', 'access-control-request-method': 'PUT' } });
    expect([preflight.status, preflight.headers['allow'], preflight.headers['access-control-allow-origin']]).toEqual([204, 'GET, PUT, OPTIONS', undefined]);
  });

  it('follows a config reload: an allowed origin gets CORS headers, a new token works', async () => {
    const file = join(h.dir, 'bulwark.yaml');
    const config = parse(readFileSync(file, 'utf8')) as { control: { cors?: unknown; tokens: unknown[] } };
    config.control.cors = { origins: ['https://dash.example'] };
    config.control.tokens.push({ id: 'late', sha256: sha256Hex('late-token'), role: 'viewer' });
    writeFileSync(file, stringify(config));
    await h.app.watcher.forceFlush();
    const preflight = await h.call('OPTIONS', '/api/v1/knobs', { headers: { origin: 'https://dash.example', 'access-control-request-method': 'PUT' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://dash.example', 'access-control-allow-methods': 'GET, PUT, OPTIONS', 'access-control-allow-headers': 'authorization, content-type, last-event-id' });
    const answer = await h.call('GET', '/api/v1/models', { token: 'late-token', headers: { origin: 'https://dash.example' } });
    expect([answer.status, answer.headers['access-control-allow-origin']]).toEqual([200, 'https://dash.example']);
    const other = await h.call('GET', '/api/v1/models', { token: 'late-token', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('robustness', () => {
  it('lets a second control plane run on the same gateway, keeping its SLI metrics apart', async () => {
    const errors: Error[] = [];
    const second = await startControlPlane(h.app, h.app.watcher.current(), { configPath: join(h.dir, 'bulwark.yaml'), env: {}, log: () => undefined, onError: (e) => void errors.push(e), listen: '127.0.0.1:0' });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/already registered by another control plane/)]);
    expect((await call(second.address, 'GET', '/api/v1/models', { role: 'viewer' })).status).toBe(200);
    await second.shutdown();
    const text = await (await fetch(`${h.app.addresses.admin}/metrics`)).text();
    expect(text).toMatch(/^# TYPE bulwark_detection_precision gauge$/m);
  });

  it('answers garbage on the socket with a JSON 400 and keeps serving', async () => {
    const { port, hostname } = new URL(h.control.address);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await h.call('GET', '/healthz')).body).toEqual({ status: 'live' });
    expect(h.errors).toEqual([]);
  });
});
