/**
 * @module detect/baseline-recorder
 * Builds a baseline profile from recorded events with the engine's own window code, so a
 * profile and the live windows judged against it measure exactly the same thing: per
 * signal the count, flagged count, moments, quantile sketch and a quantile-edged histogram;
 * per feature the mean, covariance and histograms; and, for the statistics asked for
 * (`entropy(input_fingerprint)` over 10 s, …), their distribution over sliding windows,
 * sampled at the end of every second over complete windows of exactly `windowMs`.
 * `bulwark baseline build` can drive it; tests use it to build the baselines they replay against.
 */
import type { BaselineProfile, FeatureBaseline, SignalBaseline } from './baseline.js';
import { DETECT_DEFAULTS } from './defaults.js';
import { detectErrors } from './errors.js';
import type { DetectEvent } from './ports.js';
import { parseExpression } from './rules/parser.js';
import { computeSeriesStat } from './rules/statistics.js';
import type { StatNode } from './rules/ast.js';
import { planTracker } from './tracker-plan.js';
import { LogScale } from './windows/log-scale.js';
import type { Tracker } from './windows/trackers.js';
import { binCounts, quantileBinEdges, QuantileSketch, RunningMoments } from '../shared/math/index.js';
import { baselineSignalName } from './rules/baseline-stats.js';
import { featureStatistics } from './baseline-features.js';

export interface BaselineRecorderOptions {
  readonly model: string;
  readonly version: string;
  /** Window statistics to record, e.g. `{ statistic: 'entropy(input_fingerprint)', windowMs: 10_000 }`. */
  readonly windowed?: readonly { readonly statistic: string; readonly windowMs: number }[];
  /** Feature names (default `f0`, `f1`, …). */
  readonly featureNames?: readonly string[];
  /** Quantile bins of each histogram (default 10). */
  readonly histogramBins?: number;
  /** Values kept per signal and feature for the histogram edges (default 200,000; first ones). */
  readonly maxValues?: number;
  /** Must match the engine's (default: DETECT_DEFAULTS.fingerprintBucketsPerDecade). */
  readonly fingerprintBucketsPerDecade?: number;
}

/**
 * Windowed statistics sit in narrow bands (ordinary windows' entropy varies by ±0.02 bits), far
 * narrower than a 1% sketch bucket: record them at 0.1%, over a span of ×9·10⁶.
 */
const WINDOWED_SKETCH = { relativeAccuracy: 0.001, maxBuckets: 8192 } as const;

interface SignalAcc {
  count: number;
  flagged: number;
  boolean: boolean;
  readonly moments: RunningMoments;
  readonly sketch: QuantileSketch;
  readonly values: number[];
}

interface WindowedAcc {
  readonly node: StatNode;
  readonly windowMs: number;
  readonly tracker: Tracker;
  readonly buckets: number;
  readonly moments: RunningMoments;
  readonly sketch: QuantileSketch;
}

/**
 * @example
 * const rec = new BaselineRecorder({ model: 'fraud', version: 'v1', windowed: [{ statistic: 'entropy(input_fingerprint)', windowMs: 10_000 }] });
 * for (const e of events) rec.add(e);
 * engine.setBaseline(rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic', path: 'replay.jsonl', sha256: '…', events: events.length } }));
 */
export class BaselineRecorder {
  readonly #o: BaselineRecorderOptions;
  readonly #signals = new Map<string, SignalAcc>();
  readonly #features: number[][] = [];
  readonly #windowed: WindowedAcc[];
  #firstSec = Number.NaN;
  #lastSec = Number.NaN;

  constructor(options: BaselineRecorderOptions) {
    this.#o = options;
    const ctx = {
      baseline: undefined,
      featureNames: options.featureNames,
      logScale: new LogScale(DETECT_DEFAULTS.quantile),
      entropyMaxEvents: DETECT_DEFAULTS.entropyMaxEvents,
      fingerprintBucketsPerDecade: options.fingerprintBucketsPerDecade ?? DETECT_DEFAULTS.fingerprintBucketsPerDecade,
      samples: 1,
    };
    this.#windowed = (options.windowed ?? []).map(({ statistic, windowMs }) => {
      const node = parseExpression(statistic, 'baseline');
      const buckets = Math.ceil(windowMs / DETECT_DEFAULTS.bucketMs);
      const plan = node.kind === 'stat' ? planTracker(node, buckets, ctx) : undefined;
      if (node.kind !== 'stat' || plan === undefined || node.fn === 'psi' || node.fn === 'ks' || node.subject !== undefined) {
        throw detectErrors.error('DET_ERR_BAD_ARGUMENT', `windowed baseline statistic "${statistic}" must be rate, mean, count, entropy or pNN of a signal`, { statistic });
      }
      return { node, windowMs, tracker: plan.create(), buckets, moments: new RunningMoments(), sketch: new QuantileSketch(WINDOWED_SKETCH) };
    });
  }

  /** Adds one event (in time order). */
  add(event: DetectEvent): void {
    const t = event.timings.receivedAt;
    const sec = Math.floor(t / DETECT_DEFAULTS.bucketMs);
    if (Number.isNaN(this.#firstSec)) this.#firstSec = this.#lastSec = sec;
    if (sec > this.#lastSec) this.#sampleThrough(sec - 1);
    this.#lastSec = Math.max(this.#lastSec, sec);
    for (const w of this.#windowed) w.tracker.ingest(event, sec, t);
    for (const [name, v] of Object.entries(event.signals)) this.#addSignal(name, v);
    if (event.features !== undefined && event.features.length > 0 && this.#features.length < (this.#o.maxValues ?? 200_000)) this.#features.push([...event.features]);
  }

  #addSignal(name: string, v: number | boolean): void {
    let acc = this.#signals.get(name);
    if (acc === undefined) {
      acc = { count: 0, flagged: 0, boolean: typeof v === 'boolean', moments: new RunningMoments(), sketch: new QuantileSketch(), values: [] };
      this.#signals.set(name, acc);
    }
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (!Number.isFinite(x)) return;
    acc.count++;
    if (x !== 0) acc.flagged++;
    acc.moments.push(x);
    acc.sketch.add(x);
    if (acc.values.length < (this.#o.maxValues ?? 200_000)) acc.values.push(x);
  }

  /** Samples every windowed statistic at the end of each second up to `last` (complete windows only). */
  #sampleThrough(last: number): void {
    const from = Math.max(this.#lastSec, last - 3600);
    for (let s = from; s <= last; s++) {
      for (const w of this.#windowed) {
        w.tracker.advance(s);
        if (s - this.#firstSec + 1 < w.buckets) continue;
        const o = computeSeriesStat(w.node, w.tracker, { baseline: undefined, minEvents: 1 });
        if (!o.ok) continue;
        w.moments.push(o.value);
        w.sketch.add(o.value);
      }
    }
  }

  /** The profile of everything added so far. */
  build(meta: { readonly builtAt: string; readonly source: BaselineProfile['source'] }): BaselineProfile {
    if (!Number.isNaN(this.#lastSec)) this.#sampleThrough(this.#lastSec);
    const bins = this.#o.histogramBins ?? 10;
    const signals: Record<string, SignalBaseline> = {};
    for (const [name, acc] of this.#signals) {
      const edges = acc.values.length === 0 ? [] : acc.boolean ? [0] : quantileBinEdges(acc.values, bins);
      signals[name] = {
        count: acc.count,
        moments: acc.moments.toJSON(),
        sketch: acc.sketch.toJSON(),
        histogram: { edges, counts: binCounts(edges, acc.values) },
        ...(acc.boolean ? { flagged: acc.flagged } : {}),
      };
    }
    for (const w of this.#windowed) this.#attachWindowed(signals, w);
    const features: FeatureBaseline | undefined = this.#features.length === 0 ? undefined : featureStatistics(this.#features, this.#o.featureNames, bins);
    return {
      format: 'bulwark.baseline/v1',
      model: this.#o.model,
      version: this.#o.version,
      builtAt: meta.builtAt,
      source: meta.source,
      signals,
      ...(features === undefined ? {} : { features }),
    };
  }

  #attachWindowed(signals: Record<string, SignalBaseline>, w: WindowedAcc): void {
    const name = baselineSignalName(w.node.argument) ?? w.node.text;
    const empty = new QuantileSketch().toJSON();
    const sig: SignalBaseline = signals[name] ?? { count: 0, moments: { count: 0, mean: 0, m2: 0 }, sketch: empty, histogram: { edges: [], counts: [0] } };
    signals[name] = { ...sig, windowed: { ...sig.windowed, [w.node.text]: { windowMs: w.windowMs, sketch: w.sketch.toJSON(), moments: w.moments.toJSON() } } };
  }
}
