/**
 * @module models/server/defaults
 * Every default of the model server, written once: where it listens, how large a request
 * body may be, how long shutdown waits for in-flight requests, and what the metadata
 * endpoints call the server and its platform.
 */

/**
 * Defaults of {@link startModelServer} and `bulwark serve-model`.
 *
 * @example
 * startModelServer({ model, name: 'fraud', version: 'v1', port: SERVER_DEFAULTS.port });
 */
export const SERVER_DEFAULTS = Object.freeze({
  /** Loopback only: exposing a model is an explicit choice (`--host 0.0.0.0`). */
  host: '127.0.0.1',
  /** KServe's HTTP port. 0 picks a free port. */
  port: 8080,
  /** Largest accepted request body, in bytes (8 MiB: a batch of 64 × 3 × 224 × 224 FP32 in JSON does not fit; send smaller batches). */
  maxBodyBytes: 8 * 1024 * 1024,
  /** How long `close()` waits for in-flight requests before cutting their connections, in ms. */
  drainTimeoutMs: 10_000,
  /** `platform` of the model metadata when the caller does not say. */
  platform: 'bulwark',
  /** `name` of the server metadata (`GET /v2`). */
  serverName: 'bulwark',
});
