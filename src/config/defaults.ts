/**
 * @module config/defaults
 * Every default of `bulwark.yaml` and of the knobs file, written once. The schema reads
 * its defaults from here and `docs/config.md` quotes them; nothing else hard-codes them.
 * Names carry units (`…Ms`, `…Seconds`, `…Bytes`); durations are strings such as `10s`.
 */

/**
 * Defaults of `bulwark.yaml`, by section.
 *
 * @example
 * CONFIG_DEFAULTS.server.maxBodyBytes; // 1048576
 */
export const CONFIG_DEFAULTS = Object.freeze({
  server: Object.freeze({
    /** Data plane (OIP v2 and OpenAI-compatible endpoints). */
    listen: '127.0.0.1:8080',
    /** `/metrics`, `/healthz`, `/readyz`. */
    admin: '127.0.0.1:9090',
    /** Control-plane API, SSE and dashboard. */
    control: '127.0.0.1:9091',
    /** Largest accepted request body: 1 MiB. */
    maxBodyBytes: 1_048_576,
    /** Time allowed for a client to send the request headers. */
    headersTimeoutMs: 10_000,
    /** Time allowed for a client to send the request body. */
    bodyTimeoutMs: 30_000,
    /** On shutdown, time allowed for in-flight requests to finish. */
    drainTimeoutMs: 10_000,
  }),
  ledger: Object.freeze({
    /** Rows written per batch. */
    batchSize: 256,
    /** Longest time a row waits before its batch is written. */
    flushIntervalMs: 200,
    /** Rows held while the store is slow or failing; the oldest beyond this are dropped. */
    maxQueued: 100_000,
  }),
  store: Object.freeze({
    kind: 'sqlite' as const,
    /** Relative to the working directory. */
    path: '.bulwark/bulwark.db',
  }),
  knobs: Object.freeze({
    source: 'file' as const,
    /** Relative to the folder of the config file; a missing file means "no knobs". */
    path: 'bulwark.knobs.yaml',
    redisKey: 'bulwark:knobs',
    etcdKey: '/bulwark/knobs',
  }),
  rateLimit: Object.freeze({
    perSecond: 100,
    burst: 200,
  }),
  /** Requests without an API key are rejected unless this is set to true. */
  anonymous: false,
  model: Object.freeze({
    /** Per-version upstream timeout. */
    upstreamTimeoutMs: 30_000,
    /** Share of requests mirrored to the shadow version, in percent. */
    shadowPercent: 10,
    labelOnly: false,
    /** Seed of the output-hardening noise generator when `output.noise.seed` is not given. */
    noiseSeed: 0,
  }),
  rule: Object.freeze({
    window: '60s',
    minEvents: 50,
    severity: 'ticket' as const,
    action: 'alert' as const,
    dryRun: false,
    /** "Could not measure" escalates only after this many consecutive errors. */
    consecutiveErrorLimit: 3,
    /** How long the condition must hold before the rule fires. */
    holdFor: '0s',
  }),
  rollback: Object.freeze({
    /** Used when neither the rule nor the model names a strategy (DESIGN.md §1). */
    strategyBySeverity: Object.freeze({ page: 'immediate', ticket: 'canary', soft: 'canary' } as const),
    canarySteps: Object.freeze([5, 100]),
    verifySeconds: 10,
    maxRollbacks: 2,
    perMinutes: 60,
    ringEvents: 10_000,
    redactPii: true,
    retentionDays: 30,
    lookbackSeconds: 60,
  }),
  alerts: Object.freeze({
    dedupeWindow: '10m',
    sinkFor: 'all' as const,
    /** Alerts of one group after the first are collected this long and sent as one. */
    groupWindow: '1m',
    /** Notifications per sink per window; over it they are summarised. */
    rateCap: Object.freeze({ max: 20, window: '15m' }),
    /** Events the long burn-rate window must hold before an SLO alert may fire. */
    sloMinEvents: 100,
  }),
  control: Object.freeze({
    /** Largest request body the control-plane API accepts: 256 KiB (knobs documents are the largest). */
    maxBodyBytes: 262_144,
  }),
  reload: Object.freeze({
    /** Quiet time after the last file event before the file is re-read. */
    debounceMs: 100,
  }),
});
