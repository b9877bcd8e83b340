/**
 * @module gateway/server/http1/request-head
 * The request head of the data plane's HTTP/1.1 server (RFC 9112), parsed strictly: a
 * request line `METHOD SP target SP HTTP/1.x`, CRLF line endings, header names that are
 * tokens, values without control characters, no obs-fold. Body framing is decided here and
 * refuses what request smuggling relies on (Content-Length together with
 * Transfer-Encoding, conflicting or malformed lengths, a transfer coding other than
 * `chunked`, a repeated Host). Pure: bytes in, a head or a refusal out.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** How the body of a request is delimited. */
export type BodyFraming = { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' };

/** A parsed request head. */
export interface RequestHead {
  readonly kind: 'head';
  readonly method: string;
  readonly url: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly minor: 0 | 1;
  readonly headers: IncomingHttpHeaders;
  readonly framing: BodyFraming;
  /** The client allows the connection to stay open after the response. */
  readonly keepAlive: boolean;
  /** Offset just past the head's blank line. */
  readonly end: number;
}

/** A head that cannot be served: answered with `status` and the connection closed. */
export interface HeadRefusal {
  readonly kind: 'refused';
  readonly status: 400 | 431 | 501 | 505;
  readonly reason: string;
}

/** Not all of the head has arrived yet. */
export interface HeadIncomplete {
  readonly kind: 'incomplete';
}

export type HeadResult = RequestHead | HeadRefusal | HeadIncomplete;

const INCOMPLETE: HeadIncomplete = Object.freeze({ kind: 'incomplete' });
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DIGITS = /^[0-9]+$/;
/** Headers of which Node keeps the first occurrence (the rest are dropped), as IncomingMessage does. */
const FIRST_WINS: ReadonlySet<string> = new Set([
  'age', 'authorization', 'content-type', 'etag', 'expires', 'from', 'if-modified-since', 'if-unmodified-since',
  'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
]);
const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * Parses the head starting at `start`. `scanFrom` (≥ start) is where the search for the
 * blank line may resume after an earlier incomplete attempt.
 *
 * @example
 * parseRequestHead(Buffer.from('GET /v2/models/m/ready HTTP/1.1\r\nhost: x\r\n\r\n'), 0, 16_384);
 * // { kind: 'head', method: 'GET', url: '/v2/models/m/ready', minor: 1, framing: { kind: 'length', length: 0 }, … }
 */
export function parseRequestHead(buf: Buffer, start: number, maxHeadBytes: number, scanFrom = start): HeadResult {
  const blank = buf.indexOf(CRLFCRLF, Math.max(start, scanFrom - 3));
  if (blank === -1) {
    if (buf.length - start > maxHeadBytes) return refuse(431, `the request head exceeds ${maxHeadBytes} bytes`);
    return INCOMPLETE;
  }
  if (blank + 4 - start > maxHeadBytes) return refuse(431, `the request head exceeds ${maxHeadBytes} bytes`);
  const text = buf.toString('latin1', start, blank);
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd === -1) lineEnd = text.length;
  const line = requestLine(text.slice(0, lineEnd));
  if (line.kind === 'refused') return line;
  const headers: IncomingHttpHeaders = {};
  let contentLength: string | undefined;
  let transferEncoding: string | undefined;
  let connection: string | undefined;
  let hosts = 0;
  let at = lineEnd + 2;
  while (at < text.length) {
    let next = text.indexOf('\r\n', at);
    if (next === -1) next = text.length;
    const colon = text.indexOf(':', at);
    if (colon === -1 || colon >= next) return refuse(400, 'a header line without a colon');
    const rawName = text.slice(at, colon);
    if (!TOKEN.test(rawName)) return refuse(400, `invalid header name ${JSON.stringify(rawName.slice(0, 64))}`);
    const value = trimOws(text, colon + 1, next);
    if (hasControl(value, false)) return refuse(400, `invalid character in header ${JSON.stringify(rawName.slice(0, 64))}`);
    const name = rawName.toLowerCase();
    at = next + 2;
    switch (name) {
      case 'content-length':
        if (!DIGITS.test(value) || value.length > 15) return refuse(400, `invalid Content-Length ${JSON.stringify(value.slice(0, 32))}`);
        if (contentLength !== undefined && Number(contentLength) !== Number(value)) return refuse(400, 'conflicting Content-Length headers');
        contentLength = value;
        headers['content-length'] = value;
        continue;
      case 'transfer-encoding':
        transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
        headers['transfer-encoding'] = transferEncoding;
        continue;
      case 'host':
        if (++hosts > 1) return refuse(400, 'more than one Host header');
        headers.host = value;
        continue;
      case 'connection':
        connection = connection === undefined ? value : `${connection}, ${value}`;
        headers.connection = connection;
        continue;
      case 'set-cookie': {
        const list = headers['set-cookie'];
        if (list === undefined) headers['set-cookie'] = [value];
        else list.push(value);
        continue;
      }
      default: {
        const prior = headers[name];
        if (prior === undefined) headers[name] = value;
        else if (!FIRST_WINS.has(name)) headers[name] = `${prior as string}${name === 'cookie' ? '; ' : ', '}${value}`;
      }
    }
  }
  if (line.minor === 1 && hosts === 0) return refuse(400, 'an HTTP/1.1 request without a Host header');
  let framing: BodyFraming = ZERO_LENGTH;
  if (transferEncoding !== undefined) {
    if (contentLength !== undefined) return refuse(400, 'both Content-Length and Transfer-Encoding');
    if (line.minor === 0) return refuse(400, 'Transfer-Encoding in an HTTP/1.0 request');
    if (transferEncoding.trim().toLowerCase() !== 'chunked') return refuse(501, `transfer coding ${JSON.stringify(transferEncoding.slice(0, 64))} is not supported (only chunked)`);
    framing = CHUNKED;
  } else if (contentLength !== undefined) {
    const length = Number(contentLength);
    if (length > 0) framing = { kind: 'length', length };
  }
  return { kind: 'head', method: line.method, url: line.url, minor: line.minor, headers, framing, keepAlive: keepAlive(line.minor, connection), end: blank + 4 };
}

const ZERO_LENGTH: BodyFraming = Object.freeze({ kind: 'length', length: 0 });
const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' });

function requestLine(line: string): { kind: 'line'; method: string; url: string; minor: 0 | 1 } | HeadRefusal {
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 === -1 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 === -1 || sp2 === sp1 + 1) return refuse(400, 'malformed request line');
  const method = line.slice(0, sp1);
  const url = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!TOKEN.test(method)) return refuse(400, 'invalid method');
  if (url.length === 0 || hasControl(url, true)) return refuse(400, 'invalid request target');
  if (version === 'HTTP/1.1') return { kind: 'line', method, url, minor: 1 };
  if (version === 'HTTP/1.0') return { kind: 'line', method, url, minor: 0 };
  if (/^HTTP\/[0-9]\.[0-9]$/.test(version)) return refuse(505, `HTTP version ${version.slice(5)} is not supported`);
  return refuse(400, 'malformed request line');
}

/** Control characters (HTAB allowed unless `strict`) and DEL; `strict` also refuses spaces (a request target). */
function hasControl(text: string, strict: boolean): boolean {
  const floor = strict ? 0x20 : 0x1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c <= floor && (strict || c !== 9)) || c === 0x7f) return true;
  }
  return false;
}

/** `value` between `from` and `to` without leading and trailing spaces and tabs. */
function trimOws(text: string, from: number, to: number): string {
  while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
  while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
  return text.slice(from, to);
}

function keepAlive(minor: 0 | 1, connection: string | undefined): boolean {
  if (connection === undefined) return minor === 1;
  const tokens = connection.toLowerCase();
  if (hasToken(tokens, 'close')) return false;
  return minor === 1 || hasToken(tokens, 'keep-alive');
}

function hasToken(list: string, token: string): boolean {
  for (const part of list.split(',')) if (part.trim() === token) return true;
  return false;
}

function refuse(status: HeadRefusal['status'], reason: string): HeadRefusal {
  return { kind: 'refused', status, reason };
}
