/**
 * @module control/http-io
 * Reading and writing at the control plane's HTTP edge: JSON responses with the headers
 * every answer carries, errors as `{ error: { code, message, problems? } }` with the status
 * from the edge table, request bodies read with the gateway's bounded reader (size and
 * time limits) and parsed as JSON, and zod validation whose problems name the field
 * (`body.reason: required`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { validateWith } from '../config/index.js';
import { locateJsonError, readBody } from '../gateway/index.js';
import { isBulwarkError } from '../shared/errors.js';
import type { BulwarkError } from '../shared/errors.js';
import { controlErrors } from './errors.js';
import { controlStatusForCode } from './http-status.js';
import type { Timers } from './ports.js';

/** Headers of every JSON answer. */
const BASE_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * Writes `body` as JSON.
 *
 * @example
 * sendJson(res, 200, { status: 'live' }, {});
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>>): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'content-length': bytes.length });
  res.end(bytes);
}

/**
 * Writes `bytes` as they are (a static file) with `headers`, which name their type.
 *
 * @example
 * sendBytes(res, 200, html, { 'content-type': 'text/html; charset=utf-8' });
 */
export function sendBytes(res: ServerResponse, status: number, bytes: Uint8Array, headers: Readonly<Record<string, string>>): void {
  res.writeHead(status, { ...headers, 'content-length': bytes.byteLength });
  res.end(bytes);
}

/**
 * Turns anything thrown into an error to answer with; anything that is not one of ours
 * becomes API_ERR_INTERNAL (and is returned in `bug` for the error handler).
 *
 * @example
 * const { error, bug } = asControlError(err);
 */
export function asControlError(err: unknown): { error: BulwarkError; bug: Error | undefined } {
  if (isBulwarkError(err)) return { error: err, bug: undefined };
  const bug = err instanceof Error ? err : new Error(String(err));
  return { error: controlErrors.error('API_ERR_INTERNAL', 'internal error: see the gateway log', {}, bug), bug };
}

/**
 * Writes an error with its status; problems and details go along (details only for our
 * own user errors: they name fields and values the caller sent).
 *
 * @example
 * sendError(res, controlErrors.error('API_ERR_NOT_FOUND', 'no such route'), {});
 */
export function sendError(res: ServerResponse, error: BulwarkError, headers: Readonly<Record<string, string>>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = controlStatusForCode(error.code);
  const problems = error.details['problems'];
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(Array.isArray(problems) ? { problems } : {}),
      ...(error.kind === 'user' && !Array.isArray(problems) && Object.keys(error.details).length > 0 ? { details: error.details } : {}),
    },
  };
  sendJson(res, status, body, headers);
}

/** Maps the gateway body reader's errors onto the API's. */
function bodyError(err: unknown): unknown {
  if (!isBulwarkError(err)) return err;
  if (err.code === 'GW_ERR_BODY_TOO_LARGE') return controlErrors.error('API_ERR_BODY_TOO_LARGE', err.message.replace('server.maxBodyBytes', 'control.maxBodyBytes'), err.details, err);
  if (err.code === 'GW_ERR_REQUEST_TIMEOUT') return controlErrors.error('API_ERR_REQUEST_TIMEOUT', err.message, err.details, err);
  return err;
}

/**
 * Reads and parses a JSON body: 415 unless it is `application/json`, 413 over `maxBytes`
 * (refused before reading when declared), 408 when too slow, 400 when not JSON. An empty
 * body is `undefined` (the schema then says what is required).
 *
 * @example
 * const value = await readJsonBody(req, 262_144, 30_000, timers);
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number, timeoutMs: number, timers: Timers): Promise<unknown> {
  const type = req.headers['content-type'];
  const declared = req.headers['content-length'];
  const mayHaveBody = req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
  if (type !== undefined ? !/^application\/json\s*(;|$)/i.test(type) : mayHaveBody) {
    throw controlErrors.error('API_ERR_UNSUPPORTED_MEDIA_TYPE', `request bodies are application/json, got ${type ?? 'no Content-Type'}`, { contentType: type ?? null });
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(req, maxBytes, timeoutMs, timers);
  } catch (err) {
    throw bodyError(err);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const where = locateJsonError(text);
    const at = where === undefined ? '' : ` at line ${where.line}, column ${where.column}: ${where.reason}`;
    throw controlErrors.error('API_ERR_MALFORMED_JSON', `the request body is not valid JSON${at}`, where === undefined ? {} : { line: where.line, column: where.column });
  }
}

/**
 * Validates `value` (the body, query or path parameters) against `schema`; throws
 * API_ERR_INVALID_REQUEST whose problems name each field under `where`.
 *
 * @example
 * validate(approveBody, {}, 'body'); // throws: body.version: required …; body.reason: required …
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = validateWith(schema, value);
  if (result.ok) return result.value;
  const problems = result.problems.map((p) => ({ path: p.path === '(root)' ? where : `${where}${p.path.startsWith('[') ? '' : '.'}${p.path}`, message: p.message }));
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ');
  throw controlErrors.error('API_ERR_INVALID_REQUEST', problems.length > 5 ? `${shown}; and ${problems.length - 5} more` : shown, { problems });
}

/** How long a connection answered before its body arrived keeps discarding what the client still sends. */
const LINGER_MS = 1_000;

/**
 * After an answer given before the whole body arrived (413, 408): half-close instead of a
 * reset (which can discard the unread answer on the client's side), keep discarding the
 * rest of the body, destroy the socket a little later. (As the gateway's data plane does.)
 *
 * @example
 * if (!req.complete) answerBeforeBody(req, timers);
 */
export function answerBeforeBody(req: IncomingMessage, timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>): void {
  const socket = req.socket as IncomingMessage['socket'] & { destroySoon?: () => void };
  socket.destroySoon = () => void socket.end();
  req.resume();
  const timer = timers.setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => timers.clearTimeout(timer));
}
