/**
 * @module control/defaults
 * Defaults of the control plane that are not in bulwark.yaml (tokens, CORS and the body
 * limit are: `control:`), written once, with units in the names.
 */

export const CONTROL_DEFAULTS = Object.freeze({
  /** Comment line sent on every event stream this often, so proxies and clients see it alive. */
  heartbeatMs: 15_000,
  /** Events kept for `Last-Event-ID` resumption. */
  replayEvents: 1_000,
  /** Anomalies kept for GET /api/v1/anomalies. */
  anomalyRing: 1_000,
  /** Bytes a stream may have waiting in its socket buffer; a slower client is dropped. */
  streamMaxBufferedBytes: 1_048_576,
  /** Event streams served at once. */
  maxStreams: 100,
  /** What EventSource clients wait before reconnecting (the `retry:` field), ms. */
  streamRetryMs: 3_000,
  /** Default and largest `limit` of list routes. */
  listLimit: 100,
  maxListLimit: 1_000,
  /** GET /api/v1/alerts reads at most maxListLimit × this many outbox rows (one per notification and sink). */
  alertRowsPerAlert: 8,
  /** Incidents (newest first) the SLI metrics are computed over. */
  sliIncidentWindow: 1_000,
  /** Query anomaly rate: sliding window and its bucket width, ms. */
  queryRateWindowMs: 300_000,
  queryRateBucketMs: 10_000,
  /** Request events held for the SLI subscriber before new ones are dropped. */
  queryQueue: 100_000,
  /** Registry document kind of red-team reports. */
  redteamReportKind: 'redteam-report',
});
