/**
 * @module gateway/errors
 * Error catalog of the gateway data plane. Codes carry no HTTP status: the data plane's
 * edge maps them in one table (http-status.ts). Request-level codes reach clients in the
 * JSON error body; the others (route switch, composition, ledger) reach operators.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The `GW_ERR_*` codes.
 *
 * @example
 * throw gatewayErrors.error('GW_ERR_UNKNOWN_MODEL', 'no model named "fraud2"', { model: 'fraud2' });
 */
export const gatewayErrors = defineErrors('GW', {
  GW_ERR_UNAUTHORIZED: {
    kind: 'user',
    meaning: 'The request carries no API key, or a key that matches none in `keys[]` (HTTP 401).',
    fix: 'Send `Authorization: Bearer <key>` or `x-api-key: <key>` with a key whose sha256 is listed under `keys[]`.',
  },
  GW_ERR_FORBIDDEN: {
    kind: 'user',
    meaning: 'The API key is valid but not allowed to call this model (`keys[].models`) (HTTP 403).',
    fix: 'Use a key whose `models` list names the model, or add the model to the key\'s list.',
  },
  GW_ERR_RATE_LIMITED: {
    kind: 'user',
    meaning: 'The API key sent requests faster than `rateLimit.perSecond` allows beyond its `burst` (HTTP 429 with Retry-After).',
    fix: 'Wait the number of seconds in `Retry-After`, send requests more evenly, or raise the key\'s rate limit.',
  },
  GW_ERR_QUOTA_EXCEEDED: {
    kind: 'user',
    meaning: 'The API key used its daily quota (`rateLimit.perDay`); it resets at midnight UTC (HTTP 429 with Retry-After).',
    fix: 'Wait until the quota resets (Retry-After), or raise `rateLimit.perDay`.',
  },
  GW_ERR_BODY_TOO_LARGE: {
    kind: 'user',
    meaning: 'The request body is larger than `server.maxBodyBytes`; the gateway stopped reading it and closes the connection (HTTP 413).',
    fix: 'Send smaller requests (split the batch), or raise `server.maxBodyBytes`.',
  },
  GW_ERR_MALFORMED_JSON: {
    kind: 'user',
    meaning: 'The request body is not valid JSON; the message names the position, line and column of the first error (HTTP 400).',
    fix: 'Fix the JSON at the reported position.',
  },
  GW_ERR_BAD_REQUEST: {
    kind: 'user',
    meaning: 'The request is valid JSON but lacks what the endpoint needs (for example a string `model` in a chat completion) (HTTP 400).',
    fix: 'Follow the message: it names the missing or wrong field.',
  },
  GW_ERR_WRONG_PROTOCOL: {
    kind: 'user',
    meaning: 'The model exists but speaks the other protocol (an OpenAI call to an `oip-v2` model, or the reverse) (HTTP 400).',
    fix: 'Call the endpoint of the model\'s `protocol`: `/v2/models/{name}/infer` for oip-v2, `/v1/chat/completions` for openai.',
  },
  GW_ERR_UNKNOWN_MODEL: {
    kind: 'user',
    meaning: 'No model of that name is declared under `models` (HTTP 404).',
    fix: 'Check the model name in the URL or the body, or declare the model in bulwark.yaml.',
  },
  GW_ERR_NOT_FOUND: {
    kind: 'user',
    meaning: 'No data-plane endpoint has this path (HTTP 404).',
    fix: 'Use `/v2/models/{name}/infer`, `/v2/models/{name}/ready`, `/v2/models/{name}` or `/v1/chat/completions`.',
  },
  GW_ERR_METHOD_NOT_ALLOWED: {
    kind: 'user',
    meaning: 'The endpoint exists but not with this HTTP method (HTTP 405; `Allow` lists the methods).',
    fix: 'Use the method named in the `Allow` header.',
  },
  GW_ERR_UNSUPPORTED_MEDIA_TYPE: {
    kind: 'user',
    meaning: 'The request body is not declared as `application/json` (HTTP 415).',
    fix: 'Send `Content-Type: application/json`.',
  },
  GW_ERR_REQUEST_TIMEOUT: {
    kind: 'user',
    meaning: 'The client did not send the whole request body within `server.bodyTimeoutMs` (HTTP 408; the connection is closed).',
    fix: 'Send the body promptly, or raise `server.bodyTimeoutMs` for slow clients.',
  },
  GW_ERR_UPSTREAM_TIMEOUT: {
    kind: 'failure',
    meaning: 'The model server did not answer (or stopped streaming) within the version\'s `timeoutMs` (HTTP 504).',
    fix: 'Check the model server\'s health and load, or raise `models.<m>.versions.<v>.timeoutMs`.',
  },
  GW_ERR_UPSTREAM_UNAVAILABLE: {
    kind: 'failure',
    meaning: 'The connection to the model server failed: refused, reset or closed before a full response (HTTP 502).',
    fix: 'Check that the version\'s `upstream` URL is right and that its server is running.',
  },
  GW_ERR_UPSTREAM_PROTOCOL: {
    kind: 'failure',
    meaning: 'The model server answered with something that is not valid HTTP (HTTP 502).',
    fix: 'Check that the version\'s `upstream` points at an HTTP model server (OIP v2 or OpenAI-compatible).',
  },
  GW_ERR_CLIENT_CLOSED: {
    kind: 'user',
    meaning: 'The client closed the connection before the response was complete; recorded with status 499, nothing is sent.',
    fix: 'Nothing to fix in the gateway; check the client\'s own timeout if it happens often.',
  },
  GW_ERR_INTERNAL: {
    kind: 'failure',
    meaning: 'An unexpected error inside the gateway (a bug) (HTTP 500); the request id is in the message and the error handler got the details.',
    fix: 'Report the error with its request id.',
  },
  GW_ERR_INVALID_ROUTE: {
    kind: 'user',
    meaning: 'A route switch names an undeclared model or version, or weights that are negative or do not sum to 100.',
    fix: 'Switch only to versions declared under `models.<m>.versions`, with weights summing to 100.',
  },
  GW_ERR_AUDIT_FAILED: {
    kind: 'failure',
    meaning: 'A route switch is in force but its audit entry could not be written.',
    fix: 'Check the store (disk space, permissions); the switch itself stays applied, record it by hand if needed.',
  },
  GW_ERR_INTERCEPTOR_DUPLICATE: {
    kind: 'user',
    meaning: 'Two interceptors of one gateway share an id.',
    fix: 'Give every interceptor a unique id.',
  },
  GW_ERR_INTERCEPTOR_UNKNOWN: {
    kind: 'user',
    meaning: 'An interceptor order or an `after` constraint names an interceptor id that is not registered.',
    fix: 'Register the interceptor, or fix the id (the message lists the known ids).',
  },
  GW_ERR_INTERCEPTOR_ORDER: {
    kind: 'user',
    meaning: 'An interceptor is declared before one it must come after (`after` constraint).',
    fix: 'Reorder the interceptors so that each comes after the ids in its `after` list.',
  },
  GW_ERR_LISTEN_FAILED: {
    kind: 'failure',
    meaning: 'The data-plane or admin port could not be opened (address in use, or not permitted).',
    fix: 'Free the port or change `server.listen` / `server.admin`.',
  },
  GW_ERR_LEDGER_WRITE_FAILED: {
    kind: 'failure',
    meaning: 'A batch of decision-ledger rows could not be written; the rows stay queued and are retried (up to `ledger.maxQueued`).',
    fix: 'Check the store (disk space, permissions); `bulwark_gateway_ledger_lag` shows the backlog.',
  },
  GW_ERR_LEDGER_DROPPED: {
    kind: 'failure',
    meaning: 'The ledger queue exceeded `ledger.maxQueued` while the store was failing; the oldest rows were dropped.',
    fix: 'Restore the store; raise `ledger.maxQueued` if the store is slow rather than failing.',
  },
  GW_ERR_UNKNOWN_INSPECTOR: {
    kind: 'user',
    meaning: 'A model lists an inspector id that no registered inspector has; the gateway runs without it.',
    fix: 'Fix the id in `models.<m>.inspectors`, or upgrade to a bulwark that ships the inspector.',
  },
  GW_ERR_INVALID_HARDENING: {
    kind: 'user',
    meaning: 'A run-time output hardening (`gateway.harden()`, the containment action) names an undeclared model or has an invalid setting (`roundDecimals` 0–15, `topK` ≥ 1, `noise.stddev` in (0, 1]).',
    fix: 'Name a model declared under `models` and use the ranges of `models.<m>.output` (docs/config.md).',
  },
});

/** A code of the gateway catalog. */
export type GatewayErrorCode = keyof typeof gatewayErrors.codes;
