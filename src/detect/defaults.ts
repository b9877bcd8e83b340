/**
 * @module detect/defaults
 * Every default of the detection engine, written once; names carry units. The engine's
 * options (engine-options.ts) fall back to these; docs/detection.md quotes them.
 */

/**
 * Defaults of the detection engine.
 *
 * @example
 * DETECT_DEFAULTS.evaluateEveryMs; // 5
 */
export const DETECT_DEFAULTS = Object.freeze({
  /** Width of one window bucket. Windows are whole buckets: 1 s to 1 h. */
  bucketMs: 1000,
  /** Longest window a rule may use (1 h). */
  maxWindowMs: 3_600_000,
  /**
   * A rule is evaluated when this long passed since its last evaluation (and an event or tick
   * arrived)… A verdict then waits at most this long (DESIGN §6 budgets 50 ms from the first
   * anomalous request to the route switch; at 20 ms the wait was most of bench:rollback's
   * detection time). At most 200 evaluations per rule and second of real time.
   */
  evaluateEveryMs: 5,
  /** …or when this many events touched its window since, whichever comes first (bounds the cost at high traffic). */
  evaluateEveryEvents: 256,
  /** Consecutive anomalous evaluations needed before a rule fires (on top of its `holdFor`). */
  holdEvaluations: 1,
  /** Consecutive `ok` evaluations after which a firing rule is cleared and may fire again. */
  clearEvaluations: 3,
  /** Model versions tracked per model; the least recently seen is evicted beyond this (counted). */
  maxVersionsPerModel: 8,
  /** API keys tracked per model by the extraction detector; least recently seen evicted (counted). */
  maxKeysPerModel: 1024,
  /** API keys named in an anomaly (for containment). */
  maxAnomalyKeys: 16,
  /** Request ids sampled into an anomaly. */
  sampleRequestIds: 16,
  /** Values an `entropy(…)` window holds at most (exact counts per distinct value); beyond, counted as capped. */
  entropyMaxEvents: 100_000,
  /** Input fingerprint grid (when the event has no `input_fingerprint` signal): buckets per decade of |x|, as the inspectors'. */
  fingerprintBucketsPerDecade: 4,
  /** Log-scale bins behind `pNN(…)`: relative accuracy and the covered range (values outside are clamped). */
  quantile: Object.freeze({ relativeAccuracy: 0.02, min: 1e-3, max: 1e7 }),
  /**
   * CUSUM over a window's 1 s buckets: allowance k and decision interval h, in σ. With
   * k = 0.5 the in-control average run length (Siegmund's approximation) is ≈ 940 buckets
   * (16 min) at h = 5, ≈ 19,000 (5 h) at h = 8, ≈ 140,000 (39 h) at h = 10.
   */
  cusum: Object.freeze({
    k: 0.5,
    h: 8,
    /**
     * Consecutive buckets are grouped until the normal approximation holds before a CUSUM
     * step: a rate's group expects at least this many events on each side (n·p and n·(1 − p)),
     * a mean's group holds at least `minGroupEvents` events.
     */
    minExpected: 10,
    minGroupEvents: 30,
  }),
  /** PRADA (Juuti et al. 2019), per API key. */
  prada: Object.freeze({
    /** W is computed once more than this many distances are kept (the paper: 100). */
    minDistances: 100,
    /** …and recomputed every this many queries (the reference code: 10). */
    recomputeEvery: 10,
    /** Distances (after the 3σ outlier cut) from classes with fewer than this are left out. */
    minClassDistances: 10,
    /** Growing-set points kept per predicted class (oldest dropped beyond). */
    maxGrowingPerClass: 128,
    /** Minimum distances kept per key (oldest dropped beyond); <= 5000 (Shapiro–Wilk's range). */
    maxDistances: 1000,
    /** Distances further than this many standard deviations from their mean are cut before W. */
    outlierSigmas: 3,
    /** Predicted classes tracked per key; further classes share one set. */
    maxClasses: 16,
    /** Signal holding the predicted class; absent = one class for all queries. */
    classSignal: 'predicted_class',
  }),
  /** Query-pattern features of the extraction detector, per API key. */
  patterns: Object.freeze({
    /** Queries remembered per key for unique_rate, coverage and boundary. */
    history: 512,
    /** A query probes the decision boundary when its top-2 margin is below this. */
    marginBelow: 0.1,
    /** Coverage cells: standardised features cut at this many σ, clamped to ±cellClamp σ. */
    cellSigmas: 1,
    cellClamp: 3,
    /** Volume: the key's query count per period, compared with its own history. */
    volumePeriodMs: 60_000,
    /** Periods of history before `volume(api_key)` is measurable. */
    volumeMinPeriods: 5,
    /** Half-life, in periods, of the key's volume mean and variance. */
    volumeHalfLife: 30,
  }),
});
