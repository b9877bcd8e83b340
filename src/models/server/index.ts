/**
 * @module models/server
 * Public surface of the Open Inference Protocol v2 model server behind
 * `bulwark serve-model`: start/stop, its options and defaults, the error catalog and the
 * edge's code-to-status table.
 */
export { startModelServer } from './model-server.js';
export type { ModelServer, ModelServerOptions } from './model-server.js';
export type { ServerLogger } from './oip-handler.js';
export { SERVER_DEFAULTS } from './defaults.js';
export { serverErrors } from './errors.js';
export type { ServerErrorCode } from './errors.js';
export { HTTP_STATUS, toHttpError } from './http-status.js';
export type { HttpErrorAnswer } from './http-status.js';
export { INPUT_DATATYPES } from './decode-tensor.js';
export type { InputDatatype } from './decode-tensor.js';
