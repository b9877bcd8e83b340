/**
 * @module control/http-status
 * The control plane's edge table: one HTTP status per API code, and for the codes of other
 * contexts that reach the API (a breaker refusing an approval, an unknown incident). Domain
 * errors carry no status (STYLE.md §3); anything not listed is a 500.
 */
import type { ControlErrorCode } from './errors.js';

/**
 * Status by API code.
 *
 * @example
 * CONTROL_HTTP_STATUS.API_ERR_FORBIDDEN; // 403
 */
export const CONTROL_HTTP_STATUS: Readonly<Record<ControlErrorCode, number>> = Object.freeze({
  API_ERR_UNAUTHORIZED: 401,
  API_ERR_FORBIDDEN: 403,
  API_ERR_NOT_FOUND: 404,
  API_ERR_METHOD_NOT_ALLOWED: 405,
  API_ERR_MALFORMED_JSON: 400,
  API_ERR_INVALID_REQUEST: 400,
  API_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  API_ERR_BODY_TOO_LARGE: 413,
  API_ERR_REQUEST_TIMEOUT: 408,
  API_ERR_CONFLICT: 409,
  API_ERR_KNOBS_READ_ONLY: 409,
  API_ERR_TOO_MANY_STREAMS: 503,
  API_ERR_DASHBOARD_NOT_BUILT: 503,
  API_ERR_INTERNAL: 500,
});

/** Other contexts' codes the API answers with their own status (the rest are 500). */
export const FOREIGN_HTTP_STATUS: Readonly<Record<string, number>> = Object.freeze({
  BRK_ERR_NOT_ALLOWED: 409,
  BRK_ERR_BAD_COMMAND: 409,
  RBK_ERR_UNKNOWN_MODEL: 404,
  RBK_ERR_UNKNOWN_INCIDENT: 404,
  RBK_ERR_UNKNOWN_BUNDLE: 404,
  RBK_ERR_BAD_OPTION: 400,
});

/**
 * The status of an error code.
 *
 * @example
 * controlStatusForCode('BRK_ERR_NOT_ALLOWED'); // 409
 */
export function controlStatusForCode(code: string): number {
  if (Object.hasOwn(CONTROL_HTTP_STATUS, code)) return CONTROL_HTTP_STATUS[code as ControlErrorCode];
  return FOREIGN_HTTP_STATUS[code] ?? 500;
}
