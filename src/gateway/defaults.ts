/**
 * @module gateway/defaults
 * Defaults of the gateway that are not in `bulwark.yaml` (they rarely need tuning), written
 * once. Names carry units. What the config sets (limits, timeouts, ledger batching) comes
 * from `config/defaults.ts` instead.
 */

/**
 * Gateway defaults.
 *
 * @example
 * GATEWAY_DEFAULTS.featureSummaryValues; // 16
 */
export const GATEWAY_DEFAULTS = Object.freeze({
  /** Values kept from the first row of an OIP FP32/FP64 input in `RequestEvent.features`. */
  featureSummaryValues: 16,
  /** Buckets of a weighted choice: 10,000 gives 0.01% resolution to canary percentages. */
  routeBuckets: 10_000,
  /** Longest assembled assistant text kept for output inspection, characters. */
  maxAssembledTextChars: 262_144,
  /** Events queued per event-bus subscriber before new ones are dropped (and counted). */
  subscriberQueue: 10_000,
  /** Longest accepted client-supplied `x-request-id`. */
  maxRequestIdChars: 128,
  /** Connect timeout of an upstream pool, capped by the smallest `timeoutMs` sharing the origin. */
  upstreamConnectTimeoutMs: 10_000,
  /** Idle keep-alive connections to an upstream are closed after this long. */
  upstreamKeepAliveMs: 4_000,
  /** Longest wait at shutdown for the upstream pools to close (after the data plane drained). */
  poolCloseTimeoutMs: 5_000,
  /** Connections per upstream origin (pipelining 1: one request per connection at a time). */
  upstreamConnections: 256,
  /** How often the data-plane server checks client connections for their timeouts. */
  connectionsCheckIntervalMs: 1_000,
  /** Largest request head (request line and headers), bytes: 431 beyond (Node's default). */
  maxRequestHeadBytes: 16_384,
  /** After an answer given before the request body was read (408, 413): how long the rest is read and dropped before the socket is cut, so that the client can read the answer. */
  clientLingerMs: 1_000,
  /** Idle keep-alive client connections are closed after this long. */
  clientKeepAliveMs: 5_000,
  /** Added to the longest configured timeout to get the socket inactivity timeout (a client that stops reading). */
  socketIdleGraceMs: 5_000,
  /** Mirrored requests waiting for a shadow call; beyond this they are dropped (and counted). */
  shadowQueue: 256,
  /** Request and primary-response bytes held by waiting mirrored requests; beyond this they are dropped. */
  shadowQueueBytes: 64 * 1_048_576,
  /** Shadow calls in flight at once. */
  shadowConcurrency: 8,
  /** Longest wait for a shadow answer (the version's `timeoutMs` when smaller). */
  shadowTimeoutMs: 10_000,
  /** Largest shadow (or captured primary) answer compared; larger ones are "could not measure". */
  shadowMaxResponseBytes: 4 * 1_048_576,
  /** Labels per side kept in a ShadowEvent's summary. */
  shadowSummaryLabels: 16,
});
