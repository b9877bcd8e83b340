/**
 * @module adapters/http/net-upstream-request
 * The request side of the `node:net` upstream client (./net-upstream): a request's bytes,
 * encoded only once every field passed the RFC 9110 syntax checks (method and header
 * names are tokens; values and the path hold no CR, LF, NUL or other control), so that no
 * caller can smuggle a second request. The checks `isToken` and `lowerIs` are shared with
 * the response parser (./net-upstream-parser).
 *
 * Invariants: the encoder sets `content-length` itself (from the body) and refuses a
 * `transfer-encoding`; a request without `host` gets the origin's.
 */
import type { UpstreamRequest } from '../../gateway/index.js';

/** RFC 9110 tchar, by code point. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN[c.charCodeAt(0)] = 1;

/** A non-empty RFC 9110 token (a method or a field name). */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || TOKEN[c] !== 1) return false;
  }
  return true;
}

/** A field value: HTAB, SP, VCHAR and obs-text (no CR, LF, NUL or other controls; nothing latin1 would mangle). */
function isFieldValue(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** A request target: starts with '/', no whitespace, controls or characters beyond latin1. */
function isPath(s: string): boolean {
  if (s.charCodeAt(0) !== 0x2f) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** Whether `value` equals `lower` ignoring ASCII case (`lower` is lower-case). */
export function lowerIs(value: string, lower: string): boolean {
  return value.length === lower.length && (value === lower || value.toLowerCase() === lower);
}

/**
 * The request's bytes (a latin1 string without a body, else one buffer), or undefined when
 * a field is forbidden. `hostHeader` is the origin's `host:port`, sent unless the request
 * has its own `host`.
 *
 * @example
 * encodeRequest({ method: 'GET', path: '/v2/health/ready', headers: [], body: null, timeoutMs: 1000 }, '127.0.0.1:9001');
 * // 'GET /v2/health/ready HTTP/1.1\r\nhost: 127.0.0.1:9001\r\n\r\n'
 */
export function encodeRequest(request: UpstreamRequest, hostHeader: string): Buffer | string | undefined {
  const { path, headers, body } = request;
  if (!isToken(request.method) || !isPath(path)) return undefined;
  let head = `${request.method} ${path} HTTP/1.1\r\n`;
  let host = true;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i] as string;
    const value = headers[i + 1] as string;
    if (!isToken(name) || !isFieldValue(value)) return undefined;
    if (name.length === 4 && lowerIs(name, 'host')) host = false;
    else if (name.length === 14 && lowerIs(name, 'content-length')) continue; // ours is computed from the body
    else if (name.length === 17 && lowerIs(name, 'transfer-encoding')) return undefined;
    head += `${name}: ${value}\r\n`;
  }
  if (host) head += `host: ${hostHeader}\r\n`;
  if (body !== null) head += `content-length: ${body.length}\r\n\r\n`;
  else head += request.method === 'POST' ? 'content-length: 0\r\n\r\n' : '\r\n';
  if (body === null || body.length === 0) return head;
  const out = Buffer.allocUnsafe(head.length + body.length);
  out.write(head, 0, head.length, 'latin1');
  body.copy(out, head.length);
  return out;
}

/** Why encodeRequest refused a request (the slow path, for the message only). */
export function invalidReason(request: UpstreamRequest): string {
  if (!isToken(request.method)) return `the request method ${JSON.stringify(request.method)} is not a token`;
  if (!isPath(request.path)) return 'the request path must start with "/" and contain no whitespace or control characters';
  for (let i = 0; i + 1 < request.headers.length; i += 2) {
    const name = request.headers[i] as string;
    if (!isToken(name)) return `the request header name ${JSON.stringify(name)} is not a token`;
    if (!isFieldValue(request.headers[i + 1] as string)) return `the request header "${name}" has a value with CR, LF or another forbidden character`;
    if (lowerIs(name, 'transfer-encoding')) return 'the request may not set transfer-encoding (the body is sent with content-length)';
  }
  return 'the request is invalid';
}
