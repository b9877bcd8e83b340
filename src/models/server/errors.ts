/**
 * @module models/server/errors
 * Error catalog of the Open Inference Protocol v2 model server (`bulwark serve-model`):
 * `MDL_ERR_INFER_*` for inference requests the server refuses or the model fails, and
 * `MDL_ERR_SERVER_*` for routing, transport and lifecycle problems. The codes share the MDL
 * prefix with models/errors.ts and models/io/errors.ts, so every name here carries INFER
 * or SERVER and cannot collide with theirs. The HTTP status of each code lives in one
 * table at the edge (`http-status.ts`), not here.
 */
import { defineErrors } from '../../shared/errors.js';

/**
 * The catalog of the model server.
 *
 * @example
 * throw serverErrors.error('MDL_ERR_INFER_UNKNOWN_INPUT', 'unknown input "pixels" (the model takes "x")', { input: 'pixels' });
 */
export const serverErrors = defineErrors('MDL', {
  MDL_ERR_INFER_MALFORMED_JSON: {
    kind: 'user',
    meaning: 'The body of an inference request is not valid JSON (the message names the line, column and character position).',
    fix: 'Send one JSON object; check the request body at the position named in the error.',
  },
  MDL_ERR_INFER_INVALID_REQUEST: {
    kind: 'user',
    meaning: 'The inference request is JSON but not an Open Inference Protocol v2 request: `inputs` missing or empty, an input without a name or shape, a duplicated input, or a field of the wrong type.',
    fix: 'Send `{ "inputs": [{ "name", "shape", "datatype", "data" }] }` as in docs/serve-model.md; `id` is a string, `outputs` a list of `{ "name" }`.',
  },
  MDL_ERR_INFER_UNKNOWN_INPUT: {
    kind: 'user',
    meaning: 'The request names an input the model does not have, or lacks the one it needs.',
    fix: 'Use the input names of `GET /v2/models/{name}` (the metadata lists them).',
  },
  MDL_ERR_INFER_UNKNOWN_OUTPUT: {
    kind: 'user',
    meaning: 'The request asks (in `outputs`) for an output the server does not return.',
    fix: 'Ask for the output listed first in `GET /v2/models/{name}`, or leave `outputs` out to get it.',
  },
  MDL_ERR_INFER_SHAPE_MISMATCH: {
    kind: 'user',
    meaning: 'An input\'s shape does not fit the model signature (rank or a fixed dimension; -1 accepts any size), or its data does not hold as many elements as the shape says.',
    fix: 'Compare the shape with the metadata (`GET /v2/models/{name}`), and send exactly the product of the shape\'s dimensions as values, flat or nested row-major.',
  },
  MDL_ERR_INFER_UNSUPPORTED_DATATYPE: {
    kind: 'user',
    meaning: 'An input uses a datatype the server does not convert (it accepts FP32, FP64, INT32, INT64 and BOOL).',
    fix: 'Send the tensor as FP32 (or FP64, INT32, INT64, BOOL); BYTES and the binary tensor extension are not supported.',
  },
  MDL_ERR_INFER_INVALID_DATA: {
    kind: 'user',
    meaning: 'An element of an input does not fit its datatype: not a number, a fraction for an integer type, an INT64 beyond ±2^53 (not exact in JSON numbers), an INT32 out of range, a non-boolean for BOOL, or a value outside the FP32 range.',
    fix: 'Fix the element named in the message (its flat row-major index), or declare a datatype that fits the values.',
  },
  MDL_ERR_INFER_MODEL_FAILED: {
    kind: 'failure',
    meaning: 'The model raised an error while running a request that passed validation; the HTTP answer says only that inference failed, the server log has the cause.',
    fix: 'Read the server log for the runtime\'s error; check that the model file runs on these inputs (for example with `bulwark serve-model` on a known-good request).',
  },
  MDL_ERR_SERVER_NOT_FOUND: {
    kind: 'user',
    meaning: 'The path is not an Open Inference Protocol v2 endpoint of this server.',
    fix: 'Use one of the endpoints in docs/serve-model.md (`/v2/health/live`, `/v2/models/{name}/infer`, …).',
  },
  MDL_ERR_SERVER_UNKNOWN_MODEL: {
    kind: 'user',
    meaning: 'The path names a model or a version that this server does not serve.',
    fix: 'Use the name and version printed by `bulwark serve-model` (also in `GET /v2/models/{name}`).',
  },
  MDL_ERR_SERVER_METHOD_NOT_ALLOWED: {
    kind: 'user',
    meaning: 'The endpoint exists but not for this HTTP method (inference is POST, everything else GET).',
    fix: 'Use the method given in the `Allow` header of the answer.',
  },
  MDL_ERR_SERVER_BODY_TOO_LARGE: {
    kind: 'user',
    meaning: 'The request body is larger than the server\'s limit (`--max-body-bytes`).',
    fix: 'Send smaller batches, or start the server with a larger `--max-body-bytes`.',
  },
  MDL_ERR_SERVER_UNSUPPORTED_MEDIA_TYPE: {
    kind: 'user',
    meaning: 'An inference request has a Content-Type other than JSON (`application/json`, optionally with `charset=utf-8`).',
    fix: 'Send the body as `Content-Type: application/json`; binary tensor data is not supported.',
  },
  MDL_ERR_SERVER_INVALID_OPTION: {
    kind: 'user',
    meaning: 'The model server was started with an invalid option (empty name or version, a port outside 0–65535, a non-positive body limit).',
    fix: 'Fix the option named in the message.',
  },
  MDL_ERR_SERVER_LISTEN_FAILED: {
    kind: 'failure',
    meaning: 'The model server could not listen on the host and port it was given (port in use, address not available, permission denied).',
    fix: 'Choose another `--port` (0 picks a free one) or `--host`, or stop the process that holds the port.',
  },
});

/** A code of the model server's catalog. */
export type ServerErrorCode = keyof typeof serverErrors.codes;
