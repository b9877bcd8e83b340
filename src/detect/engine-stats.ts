/**
 * @module detect/engine-stats
 * The engine's counters (events, verdicts, anomalies, listener errors), its caps (versions
 * and keys held, evictions, late events) and the distribution of the time to detect
 * (onset → detectedAt), the seed metric `time to detect`.
 */
import type { Anomaly } from './anomaly.js';
import type { ModelState } from './model-state.js';
import type { Verdict } from './rules/evaluate.js';
import { QuantileSketch } from '../shared/math/index.js';

/**
 * @example
 * engine.stats().timeToDetectMs.p99;
 */
export interface EngineStats {
  readonly events: number;
  /** Events without a model or version. */
  readonly skipped: number;
  /** Events of models that have no rules. */
  readonly unwatched: number;
  /** Events older than their window when they arrived (not counted in it). */
  readonly lateEvents: number;
  readonly evaluations: Readonly<Record<Verdict, number>>;
  readonly anomalies: number;
  readonly dryRunAnomalies: number;
  readonly listenerErrors: number;
  readonly models: number;
  readonly series: number;
  readonly keys: number;
  readonly evictedVersions: number;
  readonly evictedKeys: number;
  /** Time to detect of the anomalies emitted (ms). */
  readonly timeToDetectMs: { readonly count: number; readonly p50?: number; readonly p99?: number; readonly max?: number };
}

/**
 * Mutable counters behind {@link EngineStats}.
 *
 * @example
 * const c = new EngineCounters(); c.verdict('ok'); c.snapshot([]).evaluations.ok; // 1
 */
export class EngineCounters {
  events = 0;
  skipped = 0;
  unwatched = 0;
  listenerErrors = 0;
  anomalies = 0;
  dryRunAnomalies = 0;
  readonly #verdicts: Record<Verdict, number> = { ok: 0, anomalous: 0, inconclusive: 0, error: 0 };
  readonly #ttd = new QuantileSketch({ relativeAccuracy: 0.01 });

  verdict(v: Verdict): void {
    this.#verdicts[v]++;
  }

  anomaly(a: Anomaly): void {
    this.anomalies++;
    if (a.dryRun) this.dryRunAnomalies++;
    if (Number.isFinite(a.timeToDetectMs)) this.#ttd.add(a.timeToDetectMs);
  }

  snapshot(models: Iterable<ModelState>): EngineStats {
    let count = 0;
    let series = 0;
    let keys = 0;
    let evictedVersions = 0;
    let evictedKeys = 0;
    let lateEvents = 0;
    for (const m of models) {
      count++;
      series += m.versions.size;
      evictedVersions += m.versions.evictions;
      keys += m.extraction?.keys.size ?? 0;
      evictedKeys += m.extraction?.keys.evictions ?? 0;
      for (const s of m.versions.values()) for (const t of s.trackers) lateEvents += t.ring.late;
    }
    const n = this.#ttd.count;
    const ttd = n === 0 ? { count: 0 } : { count: n, p50: this.#ttd.quantile(0.5) as number, p99: this.#ttd.quantile(0.99) as number, max: this.#ttd.max as number };
    return {
      events: this.events,
      skipped: this.skipped,
      unwatched: this.unwatched,
      lateEvents,
      evaluations: { ...this.#verdicts },
      anomalies: this.anomalies,
      dryRunAnomalies: this.dryRunAnomalies,
      listenerErrors: this.listenerErrors,
      models: count,
      series,
      keys,
      evictedVersions,
      evictedKeys,
      timeToDetectMs: ttd,
    };
  }
}
