/**
 * @module control/sli/sli-metrics
 * The seed's SLIs the control plane can compute, as Prometheus metrics on a given registry
 * (the gateway's, so they appear on the admin port's /metrics):
 *
 * - `bulwark_detection_precision{model}`, `bulwark_detection_recall{model}` and
 *   `bulwark_detection_feedback{model,verdict}`: from operator feedback on incidents (see
 *   feedback-stats.ts), over the newest `sliIncidentWindow` incidents; `model="*"` is all.
 * - `bulwark_time_to_detect_seconds{model}`, `bulwark_time_to_mitigate_seconds{model}`:
 *   histograms of incidents bulwark detected, observed once each (from this process's start).
 * - `bulwark_query_anomaly_rate{model}` (sliding window), `bulwark_queries_total{model}`,
 *   `bulwark_query_anomalies_total{model}`: inference requests an inspector flagged.
 * - `bulwark_extraction_attempts_total{model}`: model-extraction anomalies (PRADA rules).
 *
 * Store reads happen at scrape time (collect), at most once per second.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Anomaly } from '../../detect/index.js';
import type { RequestEvent } from '../../gateway/index.js';
import type { Incident, IncidentStore } from '../../rollback/index.js';
import type { Clock } from '../../shared/clock.js';
import { CONTROL_DEFAULTS } from '../defaults.js';
import { feedbackCounts, incidentKind, precision, recall } from './feedback-stats.js';
import type { FeedbackCounts } from './feedback-stats.js';
import { isFlagged, isQuery } from './query-flags.js';
import { SlidingRate } from './sliding-rate.js';

/** Buckets of the time-to-detect/mitigate histograms, seconds: sub-second loops up to an hour. */
export const INCIDENT_SECONDS_BUCKETS: readonly number[] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3_600];

/** Names of every metric this module registers (removed again at shutdown). */
export const SLI_METRIC_NAMES = [
  'bulwark_detection_precision',
  'bulwark_detection_recall',
  'bulwark_detection_feedback',
  'bulwark_time_to_detect_seconds',
  'bulwark_time_to_mitigate_seconds',
  'bulwark_query_anomaly_rate',
  'bulwark_queries_total',
  'bulwark_query_anomalies_total',
  'bulwark_extraction_attempts_total',
] as const;

const REFRESH_MS = 1_000;

/** What the metrics read and where they go. */
export interface SliMetricsDeps {
  readonly registry: Registry;
  readonly incidents: Pick<IncidentStore, 'list'>;
  readonly clock: Clock;
  readonly onError: (error: Error) => void;
  /** Newest incidents considered. Default CONTROL_DEFAULTS.sliIncidentWindow. */
  readonly incidentWindow?: number;
}

/**
 * @example
 * const sli = new SliMetrics({ registry: gateway.metrics.registry, incidents: store.rollback.incidents, clock, onError });
 * await sli.start(); // incidents already in the store are not observed again
 * events.subscribe((e) => sli.observeQuery(e));
 */
export class SliMetrics {
  readonly #deps: SliMetricsDeps;
  readonly #rate = new SlidingRate({ windowMs: CONTROL_DEFAULTS.queryRateWindowMs, bucketMs: CONTROL_DEFAULTS.queryRateBucketMs });
  readonly #queries: Counter<'model'>;
  readonly #flagged: Counter<'model'>;
  readonly #extraction: Counter<'model'>;
  readonly #ttd: Histogram<'model'>;
  readonly #ttm: Histogram<'model'>;
  /** Incident ids already observed in each histogram (pruned to the window). */
  #detected = new Set<string>();
  #mitigated = new Set<string>();
  #incidents: Promise<Incident[]> | undefined;
  #incidentsAt = -Infinity;

  constructor(deps: SliMetricsDeps) {
    this.#deps = deps;
    const registers = [deps.registry];
    // The histograms are fed from the incidents read at scrape time.
    const collect = async (): Promise<void> => void (await this.#recent());
    this.#queries = new Counter({ name: 'bulwark_queries_total', help: 'Inference requests (OIP infer, chat) of declared models, as seen by the control plane.', labelNames: ['model'], registers });
    this.#flagged = new Counter({ name: 'bulwark_query_anomalies_total', help: 'Inference requests on which an inspector raised a flag (prompt_injection, pii, schema_violation, …).', labelNames: ['model'], registers });
    this.#extraction = new Counter({ name: 'bulwark_extraction_attempts_total', help: 'Model-extraction anomalies raised (per-key PRADA rules).', labelNames: ['model'], registers });
    this.#ttd = new Histogram({ name: 'bulwark_time_to_detect_seconds', help: 'Incidents bulwark detected: anomaly onset to detection.', labelNames: ['model'], buckets: [...INCIDENT_SECONDS_BUCKETS], registers, collect });
    this.#ttm = new Histogram({ name: 'bulwark_time_to_mitigate_seconds', help: 'Incidents bulwark detected: detection to traffic off the suspect version (or frozen).', labelNames: ['model'], buckets: [...INCIDENT_SECONDS_BUCKETS], registers, collect });
    this.#gauges(registers);
  }

  /** Marks the incidents already in the store as observed (a restart does not count them twice). */
  async start(): Promise<void> {
    const incidents = await this.#deps.incidents.list({ limit: this.#window() });
    for (const i of incidents) {
      this.#detected.add(i.id);
      if (i.timeToMitigateMs !== undefined) this.#mitigated.add(i.id);
    }
  }

  /** Counts one request event. */
  observeQuery(event: RequestEvent): void {
    if (!isQuery(event)) return;
    const model = event.model as string;
    const flagged = isFlagged(event.signals);
    this.#queries.inc({ model });
    if (flagged) this.#flagged.inc({ model });
    this.#rate.observe(model, flagged, this.#deps.clock.now());
  }

  /** Counts one anomaly. */
  observeAnomaly(anomaly: Anomaly): void {
    if (anomaly.kind === 'extraction_suspected') this.#extraction.inc({ model: anomaly.model });
  }

  /** Forgets the incidents read last: the next scrape reads them again (after the API changed one). */
  invalidate(): void {
    this.#incidents = undefined;
  }

  /** Removes the metrics from the registry. */
  shutdown(): void {
    for (const name of SLI_METRIC_NAMES) this.#deps.registry.removeSingleMetric(name);
  }

  #window(): number {
    return this.#deps.incidentWindow ?? CONTROL_DEFAULTS.sliIncidentWindow;
  }

  /** The newest incidents, read at most once per REFRESH_MS; [] (reported) when the store fails. */
  #recent(): Promise<Incident[]> {
    const now = this.#deps.clock.now();
    if (this.#incidents !== undefined && now - this.#incidentsAt < REFRESH_MS) return this.#incidents;
    this.#incidentsAt = now;
    this.#incidents = this.#deps.incidents.list({ limit: this.#window() }).then(
      (list) => {
        this.#observeIncidents(list);
        return list;
      },
      (err: unknown) => {
        this.#deps.onError(err instanceof Error ? err : new Error(String(err)));
        this.#incidents = undefined;
        return [];
      },
    );
    return this.#incidents;
  }

  #observeIncidents(list: readonly Incident[]): void {
    const detected = new Set<string>();
    const mitigated = new Set<string>();
    for (const i of list) {
      if (incidentKind(i) === 'missed') continue;
      detected.add(i.id);
      if (!this.#detected.has(i.id)) this.#ttd.observe({ model: i.model }, Math.max(0, i.timeToDetectMs) / 1_000);
      if (i.timeToMitigateMs === undefined) continue;
      mitigated.add(i.id);
      if (!this.#mitigated.has(i.id)) this.#ttm.observe({ model: i.model }, Math.max(0, i.timeToMitigateMs) / 1_000);
    }
    // Only ids still in the window can show up again: the sets stay bounded by it.
    this.#detected = detected;
    this.#mitigated = mitigated;
  }

  #gauges(registers: Registry[]): void {
    const recent = (): Promise<Incident[]> => this.#recent();
    const ratio = (fn: (c: FeedbackCounts) => number | undefined) => async (): Promise<Map<string, number | undefined>> => new Map([...feedbackCounts(await recent())].map(([model, c]) => [model, fn(c)]));
    modelGauge(registers, 'bulwark_detection_precision', 'TP / (TP + FP) over incidents operators gave a verdict on (model="*": all models).', ratio(precision));
    modelGauge(registers, 'bulwark_detection_recall', 'TP / (TP + missed): confirmed detections among confirmed attacks, missed ones reported by operators (model="*": all models).', ratio(recall));
    const rate = this.#rate;
    const clock = this.#deps.clock;
    modelGauge(registers, 'bulwark_query_anomaly_rate', `Share of inference requests an inspector flagged, over the last ${CONTROL_DEFAULTS.queryRateWindowMs / 1_000} s.`, async () => {
      const now = clock.now();
      return new Map(rate.keys().map((model) => [model, rate.ratio(model, now)]));
    });
    new Gauge({
      name: 'bulwark_detection_feedback',
      help: 'Incidents in the SLI window by verdict: true_positive, false_positive, inconclusive, unreviewed, missed.',
      labelNames: ['model', 'verdict'],
      registers,
      async collect() {
        this.reset();
        for (const [model, c] of feedbackCounts(await recent())) {
          const by = { true_positive: c.truePositive, false_positive: c.falsePositive, inconclusive: c.inconclusive, unreviewed: c.unreviewed, missed: c.missed };
          for (const [verdict, value] of Object.entries(by)) this.set({ model, verdict }, value);
        }
      },
    });
  }
}

/** A gauge by model whose values are read at scrape time; undefined values are left out. */
function modelGauge(registers: Registry[], name: string, help: string, read: () => Promise<ReadonlyMap<string, number | undefined>>): void {
  new Gauge({
    name,
    help,
    labelNames: ['model'],
    registers,
    async collect() {
      this.reset();
      for (const [model, value] of await read()) if (value !== undefined) this.set({ model }, value);
    },
  });
}
