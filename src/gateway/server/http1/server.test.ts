/**
 * The data plane's HTTP/1.1 server over real sockets: keep-alive and pipelining, chunked
 * bodies both ways, HTTP/1.0 and HEAD, answers given before the body was read, refusals of
 * malformed heads, the timeouts of the sweep, body limits, and closing.
 */
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeRequest, EdgeResponse } from '../edge.js';
import type { Http1Limits } from './connection.js';
import { Http1Server } from './server.js';

const timers = { setTimeout: (f: () => void, ms: number) => setTimeout(f, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
const LIMITS: Http1Limits = { maxHeadBytes: 4_096, maxBodyBytes: 1_000, headersTimeoutMs: 300, requestTimeoutMs: 2_000, keepAliveTimeoutMs: 300, idleTimeoutMs: 2_000, lingerMs: 200 };

const seen: { errors: unknown[] } = { errors: [] };

function handler(req: EdgeRequest, res: EdgeResponse): void {
  const reply = (status: number, value: unknown, extra: Record<string, string> = {}): void => {
    const body = Buffer.from(JSON.stringify(value));
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...extra });
    res.end(body);
  };
  const path = req.url.split('?')[0];
  if (path === '/early') return reply(401, { early: true });
  if (path === '/stream') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(Buffer.from('one,'));
    setTimeout(() => {
      res.write(Buffer.from('two,'));
      res.end(Buffer.from('three'));
    }, 20);
    return;
  }
  if (path === '/bad-header') {
    try {
      res.writeHead(200, { 'x-bad': 'a\r\nb' });
    } catch (err) {
      return reply(500, { threw: (err as Error).message });
    }
  }
  req.readBody(path === '/small' ? 10 : 1_000, 500, timers).then(
    (body) => setTimeout(() => reply(200, { method: req.method, url: req.url, bytes: body.length, text: body.toString(), host: req.headers.host ?? null }, path === '/close' ? { connection: 'close' } : {}), path === '/slow' ? 150 : 0),
    (err: { code?: string; message: string }) => {
      seen.errors.push(err.code);
      if (!res.destroyed) reply(err.code === 'GW_ERR_BODY_TOO_LARGE' ? 413 : 408, { code: err.code }, { connection: 'close' });
    },
  );
}

let server: Http1Server;
let port: number;

beforeAll(async () => {
  server = new Http1Server(handler, LIMITS, 50, () => 'fresh-id');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Opens a raw connection; collects everything until it closes or `waitMs` passes. */
function raw(send: (socket: Socket) => void, waitMs = 1_500): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('connect', () => send(socket));
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

const post = (path: string, body: string, extra = ''): string => `POST ${path} HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
const statuses = (text: string): number[] => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

describe('Http1Server', () => {
  it('serves an ordinary client (fetch) with keep-alive, and a chunked response it decodes', async () => {
    const a = await fetch(`http://127.0.0.1:${port}/echo`, { method: 'POST', body: '{"a":1}' });
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ method: 'POST', url: '/echo', bytes: 7, text: '{"a":1}', host: `127.0.0.1:${port}` });
    expect(a.headers.get('date')).toEqual(expect.any(String));
    const s = await fetch(`http://127.0.0.1:${port}/stream`);
    expect(s.headers.get('transfer-encoding')).toBe('chunked');
    expect(await s.text()).toBe('one,two,three');
  });

  it('answers pipelined requests in order on one connection', async () => {
    const { text } = await raw((socket) => socket.write(post('/slow', '"first"') + post('/echo', '"second"') + post('/close', '"third"')));
    expect(statuses(text)).toEqual([200, 200, 200]);
    const at = ['first', 'second', 'third'].map((word) => text.indexOf(word));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((x, y) => x - y));
    expect(text).toMatch(/connection: close/);
  });

  it('reads a chunked request body split across writes', async () => {
    const { text } = await raw((socket) => {
      socket.write('POST /close HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{"a"');
      setTimeout(() => socket.write('\r\n3\r\n:12\r\n1;x=y\r\n}\r\n0\r\n\r\n'), 30);
    });
    expect(statuses(text)).toEqual([200]);
    expect(text).toContain('"text":"{\\"a\\":12}"');
  });

  it('closes after an HTTP/1.0 exchange unless asked to keep it alive', async () => {
    const closing = await raw((socket) => socket.write('POST /echo HTTP/1.0\r\ncontent-length: 2\r\n\r\n{}'));
    expect(closing.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(closing.text).toMatch(/connection: close/);
    expect(closing.closed).toBe(true);
    const kept = await raw((socket) => socket.write('POST /echo HTTP/1.0\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\n{}'), 150);
    expect(kept.text).toMatch(/connection: keep-alive/);
    expect(kept.closed).toBe(false);
  });

  it('sends no body to HEAD', async () => {
    const { text } = await raw((socket) => socket.write('HEAD /echo HTTP/1.1\r\nhost: t\r\nconnection: close\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 200 [^]*content-length: \d+\r\n/);
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('discards the body of a request answered before it was read, and serves the next one', async () => {
    const big = 'x'.repeat(5_000);
    const { text } = await raw((socket) => {
      socket.write(`POST /early HTTP/1.1\r\nhost: t\r\ncontent-length: ${big.length}\r\n\r\n${big.slice(0, 100)}`);
      setTimeout(() => socket.write(big.slice(100) + post('/close', '{"after":1}')), 50);
    });
    expect(statuses(text)).toEqual([401, 200]);
    expect(text).toContain('{\\"after\\":1}');
  });

  it.each([
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
    ['Content-Length with Transfer-Encoding', 'POST / HTTP/1.1\r\nhost: t\r\ncontent-length: 1\r\ntransfer-encoding: chunked\r\n\r\n', 400],
    ['a head over the limit', `GET / HTTP/1.1\r\nhost: t\r\nx: ${'a'.repeat(5_000)}\r\n\r\n`, 431],
    ['malformed chunked framing', 'POST / HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 400],
  ])('refuses %s with a JSON answer and closes', async (_what, text, status) => {
    const result = await raw((socket) => socket.write(text));
    expect(statuses(result.text)).toEqual([status]);
    expect(result.text).toContain('"code":"GW_ERR_BAD_REQUEST"');
    expect(result.text).toMatch(/x-request-id: fresh-id\r\nx-model-version: none\r\n/);
    expect(result.closed).toBe(true);
  });

  it('answers a head that never completes with 408 and closes (headersTimeoutMs)', async () => {
    const result = await raw((socket) => socket.write('POST /echo HTTP/1.1\r\nhost: t\r\n'));
    expect(statuses(result.text)).toEqual([408]);
    expect(result.text).toContain('GW_ERR_REQUEST_TIMEOUT');
    expect(result.closed).toBe(true);
  });

  it('closes an idle keep-alive connection (keepAliveTimeoutMs)', async () => {
    const started = Date.now();
    const result = await raw((socket) => socket.write(post('/echo', '{}')));
    expect(statuses(result.text)).toEqual([200]);
    expect(result.closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('refuses a declared body over the limit, and one that grows past it', async () => {
    const declared = await raw((socket) => socket.write('POST /small HTTP/1.1\r\nhost: t\r\ncontent-length: 50\r\n\r\n{'));
    expect(statuses(declared.text)).toEqual([413]);
    expect(declared.closed).toBe(true);
    const grown = await raw((socket) => {
      socket.write('POST /echo HTTP/1.1\r\nhost: t\r\ntransfer-encoding: chunked\r\n\r\n');
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('100\r\n' + 'y'.repeat(256) + '\r\n')), 5);
    });
    expect(statuses(grown.text)).toEqual([413]);
    expect(grown.closed).toBe(true);
  });

  it('rejects the body read of a client that goes away (GW_ERR_CLIENT_CLOSED)', async () => {
    seen.errors.length = 0;
    await raw((socket) => {
      socket.write('POST /echo HTTP/1.1\r\nhost: t\r\ncontent-length: 100\r\n\r\n{"partial"');
      setTimeout(() => socket.destroy(), 30);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.errors).toEqual(['GW_ERR_CLIENT_CLOSED']);
  });

  it('refuses to write a header value with CR or LF', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/bad-header`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ threw: expect.stringContaining('x-bad') });
  });

  it('on close: stops accepting, closes idle connections, lets a request in progress finish', async () => {
    const other = new Http1Server(handler, LIMITS, 50, () => 'fresh-id');
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as AddressInfo).port;
    const idle = connect(otherPort, '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    const inFlight = new Promise<string>((resolve) => {
      const socket = connect(otherPort, '127.0.0.1', () => socket.write(post('/slow', '{"slow":1}')));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const closed = new Promise<void>((resolve) => other.close(() => resolve()));
    await idleClosed;
    expect(await inFlight).toMatch(/^HTTP\/1\.1 200 [^]*\{\\"slow\\":1\}/);
    await closed;
    // The sockets' own 'close' events follow the server's (libuv closes the handles a turn later).
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(other.connectionCount).toBe(0);
  });
});
