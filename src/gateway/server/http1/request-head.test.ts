/**
 * The data plane's request-head parser: what it accepts, and every refusal that request
 * smuggling or a malformed client would need.
 */
import { describe, expect, it } from 'vitest';
import { parseRequestHead } from './request-head.js';
import type { HeadResult, RequestHead } from './request-head.js';

const parse = (text: string, max = 16_384): HeadResult => parseRequestHead(Buffer.from(text, 'latin1'), 0, max);
const head = (text: string): RequestHead => {
  const result = parse(text);
  if (result.kind !== 'head') throw new Error(`expected a head, got ${JSON.stringify(result)}`);
  return result;
};

describe('parseRequestHead', () => {
  it('parses the request line, lower-cases names, trims values and frames the body', () => {
    const text = 'POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: gw\r\nContent-Type:  application/json \r\nContent-Length: 13\r\nX-Api-Key:\tk\r\n\r\n{"inputs":[]}';
    const h = head(text);
    expect(h).toMatchObject({ method: 'POST', url: '/v2/models/m/infer?x=1', minor: 1, keepAlive: true, framing: { kind: 'length', length: 13 } });
    expect(h.headers).toEqual({ host: 'gw', 'content-type': 'application/json', 'content-length': '13', 'x-api-key': 'k' });
    expect(text.slice(h.end)).toBe('{"inputs":[]}');
  });

  it('joins repeated headers as Node does, keeps the first of single-valued ones, lists set-cookie', () => {
    const h = head('GET / HTTP/1.1\r\nhost: a\r\naccept: a\r\naccept: b\r\ncookie: x=1\r\ncookie: y=2\r\nauthorization: one\r\nauthorization: two\r\nset-cookie: s=1\r\nset-cookie: t=2\r\n\r\n');
    expect(h.headers).toMatchObject({ accept: 'a, b', cookie: 'x=1; y=2', authorization: 'one', 'set-cookie': ['s=1', 't=2'] });
  });

  it('decides keep-alive from the version and the Connection tokens', () => {
    expect(head('GET / HTTP/1.1\r\nhost: a\r\n\r\n').keepAlive).toBe(true);
    expect(head('GET / HTTP/1.1\r\nhost: a\r\nconnection: Keep-Alive, Close\r\n\r\n').keepAlive).toBe(false);
    expect(head('GET / HTTP/1.0\r\n\r\n').keepAlive).toBe(false);
    expect(head('GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n').keepAlive).toBe(true);
  });

  it('frames chunked bodies, and bodies without a length as empty', () => {
    expect(head('POST / HTTP/1.1\r\nhost: a\r\ntransfer-encoding: Chunked\r\n\r\n').framing).toEqual({ kind: 'chunked' });
    expect(head('POST / HTTP/1.1\r\nhost: a\r\n\r\n').framing).toEqual({ kind: 'length', length: 0 });
  });

  it('waits for the blank line, and resumes the search where it stopped', () => {
    const buf = Buffer.from('GET / HTTP/1.1\r\nhost: a\r\n\r');
    expect(parseRequestHead(buf, 0, 1_000).kind).toBe('incomplete');
    const whole = Buffer.concat([buf, Buffer.from('\n')]);
    expect(parseRequestHead(whole, 0, 1_000, buf.length).kind).toBe('head');
  });

  it.each([
    ['both Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n', 400],
    ['conflicting Content-Length headers', 'POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\n', 400],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nhost: a\r\ncontent-length: 3, 3\r\n\r\n', 400],
    ['a negative Content-Length', 'POST / HTTP/1.1\r\nhost: a\r\ncontent-length: -1\r\n\r\n', 400],
    ['a transfer coding other than chunked', 'POST / HTTP/1.1\r\nhost: a\r\ntransfer-encoding: gzip, chunked\r\n\r\n', 501],
    ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\ntransfer-encoding: chunked\r\n\r\n', 400],
    ['two Host headers', 'GET / HTTP/1.1\r\nhost: a\r\nhost: b\r\n\r\n', 400],
    ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\naccept: x\r\n\r\n', 400],
    ['obs-fold', 'GET / HTTP/1.1\r\nhost: a\r\nx-a: 1\r\n  continued\r\n\r\n', 400],
    ['a space before the colon', 'GET / HTTP/1.1\r\nhost : a\r\n\r\n', 400],
    ['a bare LF inside a value', 'GET / HTTP/1.1\r\nhost: a\r\nx-a: 1\nx-b: 2\r\n\r\n', 400],
    ['a NUL in a value', 'GET / HTTP/1.1\r\nhost: a\r\nx-a: 1\u0000\r\n\r\n', 400],
    ['a line without a colon', 'GET / HTTP/1.1\r\nhost: a\r\nnonsense\r\n\r\n', 400],
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
    ['a space in the target', 'GET /a b HTTP/1.1\r\nhost: a\r\n\r\n', 400],
    ['an unsupported version', 'GET / HTTP/2.0\r\nhost: a\r\n\r\n', 505],
    ['a method that is not a token', 'G(T / HTTP/1.1\r\nhost: a\r\n\r\n', 400],
  ])('refuses %s', (_what, text, status) => {
    expect(parse(text)).toMatchObject({ kind: 'refused', status });
  });

  it('refuses a head over the limit with 431, complete or not', () => {
    const big = `GET / HTTP/1.1\r\nhost: a\r\nx-big: ${'a'.repeat(2_000)}\r\n\r\n`;
    expect(parse(big, 1_024)).toMatchObject({ kind: 'refused', status: 431 });
    expect(parse(big.slice(0, 1_500), 1_024)).toMatchObject({ kind: 'refused', status: 431 });
  });
});
