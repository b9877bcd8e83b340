/**
 * @module models/server/http-status
 * The one code-to-status table of the model server edge (domain errors carry no HTTP
 * status, STYLE.md §3), and the translation of any thrown value into the protocol's
 * `{ "error": "<message>" }` answer. A message leaves the server only when the error is
 * one of ours and a caller mistake; anything else becomes a fixed, safe sentence.
 */
import { isBulwarkError } from '../../shared/errors.js';
import type { ServerErrorCode } from './errors.js';

/**
 * HTTP status per code. MDL_ERR_SHAPE_MISMATCH is the runtime's own check (models/check-input),
 * which the server's validation should make unreachable; it stays a 400 if it ever fires.
 *
 * @example
 * HTTP_STATUS['MDL_ERR_SERVER_BODY_TOO_LARGE']; // 413
 */
export const HTTP_STATUS: Readonly<Record<ServerErrorCode | 'MDL_ERR_SHAPE_MISMATCH', number>> = Object.freeze({
  MDL_ERR_INFER_MALFORMED_JSON: 400,
  MDL_ERR_INFER_INVALID_REQUEST: 400,
  MDL_ERR_INFER_UNKNOWN_INPUT: 400,
  MDL_ERR_INFER_UNKNOWN_OUTPUT: 400,
  MDL_ERR_INFER_SHAPE_MISMATCH: 400,
  MDL_ERR_INFER_UNSUPPORTED_DATATYPE: 400,
  MDL_ERR_INFER_INVALID_DATA: 400,
  MDL_ERR_SHAPE_MISMATCH: 400,
  MDL_ERR_INFER_MODEL_FAILED: 500,
  MDL_ERR_SERVER_NOT_FOUND: 404,
  MDL_ERR_SERVER_UNKNOWN_MODEL: 404,
  MDL_ERR_SERVER_METHOD_NOT_ALLOWED: 405,
  MDL_ERR_SERVER_BODY_TOO_LARGE: 413,
  MDL_ERR_SERVER_UNSUPPORTED_MEDIA_TYPE: 415,
  MDL_ERR_SERVER_INVALID_OPTION: 500,
  MDL_ERR_SERVER_LISTEN_FAILED: 500,
});

/** What the server answers for an error: the status, the safe message, and the code for logs. */
export interface HttpErrorAnswer {
  readonly status: number;
  readonly message: string;
  readonly code: string;
}

const SAFE_MODEL_FAILURE = 'inference failed: the model raised an error (MDL_ERR_INFER_MODEL_FAILED; the server log has the cause)';

/**
 * Maps a thrown value to its answer. Our user errors keep their message (it names the
 * input, shape or position at fault); everything else is a 500 with a fixed message, so
 * runtime internals (paths, native stack text) never reach the client.
 *
 * @example
 * toHttpError(serverErrors.error('MDL_ERR_INFER_UNKNOWN_INPUT', 'unknown input "a"')); // { status: 400, message: 'unknown input "a"', … }
 */
export function toHttpError(err: unknown): HttpErrorAnswer {
  if (isBulwarkError(err)) {
    const status = (HTTP_STATUS as Readonly<Record<string, number | undefined>>)[err.code];
    if (status !== undefined && status < 500) return { status, message: err.message, code: err.code };
  }
  return { status: 500, message: SAFE_MODEL_FAILURE, code: 'MDL_ERR_INFER_MODEL_FAILED' };
}
