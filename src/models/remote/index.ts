/**
 * @module models/remote
 * Public surface of the remote model client: a `Model` backed by an Open Inference
 * Protocol v2 endpoint (`bulwark serve-model`, the bulwark gateway, KServe, Triton), its
 * address parser, and its error catalog. Black-box attacks accept it; it has no gradients.
 */
export { remoteModelErrors } from './errors.js';
export type { RemoteModelErrorCode } from './errors.js';
export { REMOTE_MODEL_DEFAULTS } from './defaults.js';
export { isModelUrl, parseModelUrl } from './model-url.js';
export type { ModelUrl } from './model-url.js';
export { OipClient } from './oip-client.js';
export type { OipClientOptions } from './oip-client.js';
export { RemoteModel, outputKindFromName, signatureFromMetadata } from './remote-model.js';
export type { RemoteModelOptions } from './remote-model.js';
