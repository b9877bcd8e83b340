/**
 * @module gateway/interceptors/body
 * The `body` interceptor of the POST endpoints: checks the content type (415), reads the
 * body within `server.maxBodyBytes` and `server.bodyTimeoutMs` (413, 408), parses it once
 * (400 naming the position of a syntax error) and reads the chat `stream` flag (the OIP
 * feature summary is derived from the parsed body only when read: `Exchange.features`). The original bytes stay in `exchange.body` and
 * are what the upstream receives.
 */
import { gatewayErrors } from '../errors.js';
import type { Exchange } from '../exchange.js';
import type { Timers } from '../ports.js';
import { locateJsonError } from '../protocols/json-error.js';
import type { Handler, Interceptor } from './compose.js';

/**
 * @example
 * bodyInterceptor(timers);
 */
export function bodyInterceptor(timers: Timers): Interceptor {
  return {
    id: 'body',
    after: ['auth'],
    wrap: (next) => (ex) => {
      if (ex.endpoint !== 'oip-infer' && ex.endpoint !== 'chat') return next(ex);
      if (!isJsonContentType(ex.req.headers['content-type'])) {
        const given = ex.req.headers['content-type'];
        throw gatewayErrors.error('GW_ERR_UNSUPPORTED_MEDIA_TYPE', `expected Content-Type: application/json, got ${given === undefined ? 'none' : JSON.stringify(given.slice(0, 100))}`, {});
      }
      const { maxBodyBytes, bodyTimeoutMs } = ex.state;
      // `Expect: 100-continue`: invite the body only now, after auth, limits and the content type passed.
      if (ex.req.headers.expect?.toLowerCase() === '100-continue' && Number(ex.req.headers['content-length'] ?? 0) <= maxBodyBytes) ex.res.writeContinue();
      return ex.req.readBody(maxBodyBytes, bodyTimeoutMs, timers).then((body) => parsed(ex, body, next));
    },
  };
}

function parsed(ex: Exchange, body: Buffer, next: Handler): Promise<void> {
  ex.body = body;
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed(text);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw gatewayErrors.error('GW_ERR_BAD_REQUEST', 'the request body must be a JSON object', {});
  }
  ex.json = json;
  // OIP: `ex.features` is computed from `ex.json` only if someone reads it (events, inspectors).
  if (ex.endpoint === 'chat') ex.stream = (json as { stream?: unknown }).stream === true;
  return next(ex);
}

function malformed(text: string): Error {
  const where = locateJsonError(text);
  if (where === undefined) return gatewayErrors.error('GW_ERR_MALFORMED_JSON', 'the request body is not valid JSON', {});
  const { position, line, column, reason } = where;
  return gatewayErrors.error('GW_ERR_MALFORMED_JSON', `the request body is not valid JSON at position ${position} (line ${line}, column ${column}): ${reason}`, { position, line, column });
}

/**
 * True for `application/json`, with or without parameters, in any case.
 *
 * @example
 * isJsonContentType('Application/JSON; charset=utf-8'); // true
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const semi = value.indexOf(';');
  const type = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json';
}
