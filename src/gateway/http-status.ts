/**
 * @module gateway/http-status
 * The data plane's edge table: one HTTP status per GW code. Domain errors carry no status
 * (STYLE.md §3); this is the only place that decides one. Anything that is not one of our
 * errors is a bug and maps to 500.
 */
import type { GatewayErrorCode } from './errors.js';

/**
 * HTTP status by gateway error code. 499 (client closed) is recorded, never sent.
 * Codes that never reach a client (route switch, composition, ledger) map to 500.
 *
 * @example
 * GATEWAY_HTTP_STATUS.GW_ERR_BODY_TOO_LARGE; // 413
 */
export const GATEWAY_HTTP_STATUS: Readonly<Record<GatewayErrorCode, number>> = Object.freeze({
  GW_ERR_UNAUTHORIZED: 401,
  GW_ERR_FORBIDDEN: 403,
  GW_ERR_RATE_LIMITED: 429,
  GW_ERR_QUOTA_EXCEEDED: 429,
  GW_ERR_BODY_TOO_LARGE: 413,
  GW_ERR_MALFORMED_JSON: 400,
  GW_ERR_BAD_REQUEST: 400,
  GW_ERR_WRONG_PROTOCOL: 400,
  GW_ERR_UNKNOWN_MODEL: 404,
  GW_ERR_NOT_FOUND: 404,
  GW_ERR_METHOD_NOT_ALLOWED: 405,
  GW_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  GW_ERR_REQUEST_TIMEOUT: 408,
  GW_ERR_UPSTREAM_TIMEOUT: 504,
  GW_ERR_UPSTREAM_UNAVAILABLE: 502,
  GW_ERR_UPSTREAM_PROTOCOL: 502,
  GW_ERR_CLIENT_CLOSED: 499,
  GW_ERR_INTERNAL: 500,
  GW_ERR_INVALID_ROUTE: 500,
  GW_ERR_AUDIT_FAILED: 500,
  GW_ERR_INTERCEPTOR_DUPLICATE: 500,
  GW_ERR_INTERCEPTOR_UNKNOWN: 500,
  GW_ERR_INTERCEPTOR_ORDER: 500,
  GW_ERR_LISTEN_FAILED: 500,
  GW_ERR_LEDGER_WRITE_FAILED: 500,
  GW_ERR_LEDGER_DROPPED: 500,
  GW_ERR_UNKNOWN_INSPECTOR: 500,
  GW_ERR_INVALID_HARDENING: 500,
});

/** Statuses after which the connection is closed: the request body may not have been read. */
export const CLOSE_CONNECTION_STATUSES: ReadonlySet<number> = new Set([408, 413]);

/**
 * The status for an error code (500 for anything that is not a GW code).
 *
 * @example
 * statusForCode('GW_ERR_UNKNOWN_MODEL'); // 404
 */
export function statusForCode(code: string): number {
  return Object.hasOwn(GATEWAY_HTTP_STATUS, code) ? GATEWAY_HTTP_STATUS[code as GatewayErrorCode] : 500;
}
