/**
 * @module gateway/server/error-response
 * The JSON error bodies of the data plane: `{ "error": { "code", "message", "type",
 * "request_id" } }` (OpenAI clients read `message` and `type`; everyone else `code`), with
 * the status from the edge table and the headers every response carries.
 */
import { createHash } from 'node:crypto';
import { isBulwarkError } from '../../shared/errors.js';
import type { BulwarkError } from '../../shared/errors.js';
import { gatewayErrors } from '../errors.js';
import { CLOSE_CONNECTION_STATUSES, statusForCode } from '../http-status.js';
import type { EdgeResponse } from './edge.js';

/** Value of `x-model-version` when no version was chosen. */
export const NO_VERSION = 'none';

/** What an error response needs to know about its request. */
export interface ErrorTarget {
  readonly id: string;
  readonly version: string | undefined;
  closeConnection: boolean;
}

/** The written response: status, code, and the digest/size of the body sent. */
export interface SentError {
  readonly status: number;
  readonly code: string;
  readonly bytes: number;
  readonly digest: string;
}

/**
 * Turns anything thrown into a gateway error; unknown errors become GW_ERR_INTERNAL (and
 * are returned in `bug` so that the caller can report them).
 *
 * @example
 * const { error, bug } = asGatewayError(err, 'req-1');
 */
export function asGatewayError(err: unknown, requestId: string): { error: BulwarkError; bug: Error | undefined } {
  if (isBulwarkError(err) && err.code.startsWith('GW_ERR_')) return { error: err, bug: undefined };
  const bug = err instanceof Error ? err : new Error(String(err));
  return { error: gatewayErrors.error('GW_ERR_INTERNAL', `internal error (request ${requestId})`, { requestId }, bug), bug };
}

/**
 * Writes `error` as the JSON response of `target`. Sets Retry-After (429), Allow (405) and
 * `Connection: close` (408, 413, draining).
 *
 * @example
 * sendError(res, exchange, gatewayErrors.error('GW_ERR_UNKNOWN_MODEL', 'no model "x"'), false);
 */
export function sendError(res: EdgeResponse, target: ErrorTarget, error: BulwarkError, openAiStyle: boolean): SentError {
  const status = statusForCode(error.code);
  const type = openAiStyle ? { type: status >= 500 ? 'server_error' : 'invalid_request_error' } : {};
  const body = Buffer.from(JSON.stringify({ error: { code: error.code, message: error.message, ...type, request_id: target.id } }));
  if (CLOSE_CONNECTION_STATUSES.has(status)) target.closeConnection = true;
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': body.length,
    'x-request-id': target.id,
    'x-model-version': target.version ?? NO_VERSION,
  };
  const retryAfter = error.details['retryAfterSeconds'];
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  const allow = error.details['allow'];
  if (typeof allow === 'string') headers['allow'] = allow;
  if (target.closeConnection) headers['connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
  return { status, code: error.code, bytes: body.length, digest: createHash('sha256').update(body).digest('hex') };
}
