/**
 * @module models/remote/defaults
 * Defaults of the remote model client, written once, with units in the names.
 */

/**
 * @example
 * await RemoteModel.connect(url, { timeoutMs: REMOTE_MODEL_DEFAULTS.timeoutMs });
 */
export const REMOTE_MODEL_DEFAULTS = Object.freeze({
  /** Longest wait for a response's headers, and then for each chunk of its body, ms. */
  timeoutMs: 30_000,
  /** Longest wait for a TCP (and TLS) connection, ms. */
  connectTimeoutMs: 5_000,
  /** Keep-alive connections to the server; batches are split into requests sent over them in parallel. */
  connections: 4,
  /** Most input values in one inference request (about 2–3 MB of JSON; `serve-model` takes 8 MiB bodies). */
  maxValuesPerRequest: 262_144,
  /** Idle keep-alive sockets are closed after this long, ms. */
  keepAliveMs: 30_000,
});
