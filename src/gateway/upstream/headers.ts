/**
 * @module gateway/upstream/headers
 * Which headers cross the gateway. Toward the upstream: only what a model server needs
 * (content type, accept, trace context) plus `x-request-id`; never the client's API key,
 * cookies or hop-by-hop headers. Toward the client: the upstream's headers minus hop-by-hop
 * ones, plus `x-request-id` and `x-model-version`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamHeaders } from '../ports.js';

const FORWARDED = ['content-type', 'accept', 'traceparent', 'tracestate'] as const;

/** Hop-by-hop response headers (RFC 9110 §7.6.1) and the ones the gateway sets itself. */
const DROPPED_RESPONSE: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-connection', 'x-request-id', 'x-model-version']);

/**
 * The flat header list sent upstream for a client request.
 *
 * @example
 * upstreamRequestHeaders({ 'content-type': 'application/json', authorization: 'Bearer k' }, 'req-1');
 * // ['content-type', 'application/json', 'x-request-id', 'req-1']
 */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, requestId: string): string[] {
  const out: string[] = [];
  for (const name of FORWARDED) {
    const value = headers[name];
    if (typeof value === 'string') out.push(name, value);
  }
  out.push('x-request-id', requestId);
  return out;
}

/**
 * The client's response headers from the upstream's: hop-by-hop headers dropped, the
 * gateway's own set. Builds a new object (deleting keys would turn the upstream's object
 * into a slow dictionary that Node then walks to write the head).
 *
 * @example
 * clientResponseHeaders({ 'content-type': 'application/json', connection: 'keep-alive' }, 'req-1', 'v2', false);
 * // { 'content-type': 'application/json', 'x-request-id': 'req-1', 'x-model-version': 'v2' }
 */
export function clientResponseHeaders(headers: UpstreamHeaders, requestId: string, version: string, close: boolean): UpstreamHeaders {
  const out: UpstreamHeaders = {};
  for (const name in headers) if (!DROPPED_RESPONSE.has(name)) out[name] = headers[name];
  out['x-request-id'] = requestId;
  out['x-model-version'] = version;
  if (close) out['connection'] = 'close';
  return out;
}
