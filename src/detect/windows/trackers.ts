/**
 * @module detect/windows/trackers
 * What a model version's series keeps per statistic: a ring of one-second buckets fed by one
 * value source (a signal, a feature, or the quantised input fingerprint). Four kinds:
 * `scalar` (count, sum, sum of squares, true-count: rate, mean, binom, cusum), `quantile`
 * (log-scale histogram: pNN), `distinct` (exact counts per value with running entropy:
 * entropy, entropy_normalized) and `binned` (the baseline's histogram edges: PSI, KS). Rules share a tracker when they need the same
 * kind, source and window. Ingest reads one value and touches one bucket: no allocation (a
 * distinct tracker's bucket list grows by doubling).
 */
import type { DetectEvent } from '../ports.js';
import { binIndex } from '../../shared/math/index.js';
import { DistinctRing } from './distinct-ring.js';
import { fingerprintOf, keyOf } from './fingerprint.js';
import { HistogramRing } from './histogram-ring.js';
import type { LogScale } from './log-scale.js';
import { ScalarRing } from './scalar-ring.js';
import { RecentSenders } from './recent-senders.js';
import { SampleRing } from './sample-ring.js';

/** Where a tracker's value comes from. */
export type SourceSpec =
  | { readonly kind: 'signal'; readonly name: string }
  | { readonly kind: 'feature'; readonly index: number }
  | { readonly kind: 'fingerprint'; readonly bucketsPerDecade: number };

/** Reads the source's value from an event; NaN when the event does not carry it (or it is not finite). */
export type ValueReader = (event: DetectEvent) => number;

/**
 * A reader for `source` (built once per tracker).
 *
 * @example
 * readerOf({ kind: 'signal', name: 'error' })(event); // 1, 0 or NaN
 */
export function readerOf(source: SourceSpec): ValueReader {
  switch (source.kind) {
    case 'signal': {
      const name = source.name;
      return (e) => {
        const v = e.signals[name];
        return typeof v === 'number' ? (Number.isFinite(v) ? v : Number.NaN) : v === true ? 1 : v === false ? 0 : Number.NaN;
      };
    }
    case 'feature': {
      const index = source.index;
      return (e) => {
        const v = e.features?.[index];
        return v !== undefined && Number.isFinite(v) ? v : Number.NaN;
      };
    }
    case 'fingerprint': {
      const k = source.bucketsPerDecade;
      return (e) => {
        const v = e.signals['input_fingerprint'];
        if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
        return e.features === undefined || e.features.length === 0 ? Number.NaN : fingerprintOf(e.features, k);
      };
    }
  }
}

/**
 * Text of a source, for tracker ids and evidence.
 *
 * @example
 * sourceKey({ kind: 'feature', index: 3 }); // 'feature#3'
 */
export function sourceKey(source: SourceSpec): string {
  return source.kind === 'signal' ? `signal:${source.name}` : source.kind === 'feature' ? `feature#${source.index}` : 'fingerprint';
}

interface TrackerBase {
  readonly id: string;
  readonly source: SourceSpec;
  /** Adds the event at second `sec` (ms `t`) when it carries the source's value. */
  ingest(event: DetectEvent, sec: number, t: number): void;
  /** Expires buckets up to second `sec`. */
  advance(sec: number): void;
  /** A copy over `buckets` buckets keeping the newest (a knob changed the window). */
  resized(buckets: number): Tracker;
}

/**
 * Count, sum, sum of squares and true-count, plus a sample of the flagged events.
 *
 * @example
 * const t = new ScalarTracker({ kind: 'signal', name: 'error' }, 61, 16);
 * t.ingest(event, sec, ms); t.ring.trues / t.ring.count; // the window's error rate
 */
export class ScalarTracker implements TrackerBase {
  readonly kind = 'scalar';
  readonly id: string;
  readonly source: SourceSpec;
  readonly ring: ScalarRing;
  /** Request ids and keys of recent events whose value was true (non-zero). */
  readonly flagged: SampleRing;
  readonly #read: ValueReader;

  constructor(source: SourceSpec, buckets: number, samples: number, ring?: ScalarRing, flagged?: SampleRing) {
    this.source = source;
    this.id = `scalar|${sourceKey(source)}|${buckets}`;
    this.ring = ring ?? new ScalarRing(buckets);
    this.flagged = flagged ?? new SampleRing(samples);
    this.#read = readerOf(source);
  }

  ingest(event: DetectEvent, sec: number, t: number): void {
    const x = this.#read(event);
    if (x !== x || !this.ring.add(sec, x, t) || x === 0) return; // NaN: absent
    this.flagged.push(event.requestId, event.apiKeyId, t);
  }

  advance(sec: number): void {
    this.ring.advance(sec);
  }

  resized(buckets: number): ScalarTracker {
    return new ScalarTracker(this.source, buckets, this.flagged.capacity, this.ring.resized(buckets), this.flagged);
  }
}

/** Slots of the table of last senders a DistinctTracker keeps (attribution of repeats; a power of two). */
const DISTINCT_ATTRIBUTION_VALUES = 4096;

/**
 * The exact distinct values of the window (entropy), keys as uint32.
 *
 * @example
 * const t = new DistinctTracker({ kind: 'fingerprint', bucketsPerDecade: 4 }, 11, 100_000);
 * t.ingest(event, sec, ms); t.ring.entropyBits();
 */
export class DistinctTracker implements TrackerBase {
  readonly kind = 'distinct';
  readonly id: string;
  readonly source: SourceSpec;
  readonly ring: DistinctRing;
  readonly #read: ValueReader;
  /** The last request and API key of each recent value: who sent the repeats (attribution). */
  readonly #lastSeen: RecentSenders;

  constructor(source: SourceSpec, buckets: number, maxEvents: number, ring?: DistinctRing) {
    this.source = source;
    this.id = `distinct|${sourceKey(source)}|${buckets}`;
    this.ring = ring ?? new DistinctRing(buckets, maxEvents);
    this.#read = readerOf(source);
    this.#lastSeen = new RecentSenders(DISTINCT_ATTRIBUTION_VALUES);
  }

  ingest(event: DetectEvent, sec: number, t: number): void {
    const x = this.#read(event);
    if (x !== x) return;
    const key = keyOf(x);
    if (this.ring.add(sec, key, t)) this.#lastSeen.note(key, event.requestId, event.apiKeyId, t);
  }

  /**
   * The most repeated values of the window since `fromMs` (at least `minCount` times, most
   * frequent first, at most `limit`): the last request id and API key of each. This is
   * the evidence of an entropy collapse — who sends the same input over and over.
   */
  repeated(fromMs: number, minCount: number, limit: number): { ids: string[]; keys: string[] } {
    const hits: { count: number; requestId: string; apiKey: string | undefined }[] = [];
    this.#lastSeen.forEachSince(fromMs, (key, requestId, apiKey) => {
      const count = this.ring.count(key);
      if (count >= minCount) hits.push({ count, requestId, apiKey });
    });
    hits.sort((a, b) => b.count - a.count);
    const top = hits.slice(0, limit);
    return { ids: top.map((h) => h.requestId), keys: top.flatMap((h) => (h.apiKey === undefined ? [] : [h.apiKey])) };
  }

  advance(sec: number): void {
    this.ring.advance(sec);
  }

  resized(buckets: number): DistinctTracker {
    return new DistinctTracker(this.source, buckets, this.ring.maxEvents, this.ring.resized(buckets));
  }
}

/**
 * Counts over bins: `quantile` (log scale) or `binned` (baseline edges).
 *
 * @example
 * const t = new HistogramTracker({ kind: 'binned', edges: [10, 100] }, { kind: 'feature', index: 0 }, 61);
 * t.ingest(event, sec, ms); t.ring.totals; // counts below 10, 10–100, above
 */
export class HistogramTracker implements TrackerBase {
  readonly kind: 'quantile' | 'binned';
  readonly id: string;
  readonly source: SourceSpec;
  readonly ring: HistogramRing;
  readonly scale: LogScale | undefined;
  readonly edges: readonly number[] | undefined;
  readonly #read: ValueReader;
  readonly #bin: (x: number) => number;

  constructor(init: { kind: 'quantile'; scale: LogScale } | { kind: 'binned'; edges: readonly number[] }, source: SourceSpec, buckets: number, ring?: HistogramRing) {
    this.kind = init.kind;
    this.source = source;
    this.#read = readerOf(source);
    this.scale = init.kind === 'quantile' ? init.scale : undefined;
    this.edges = init.kind === 'binned' ? init.edges : undefined;
    let bins: number;
    if (init.kind === 'quantile') {
      const scale = init.scale;
      bins = scale.bins;
      this.#bin = (x) => scale.index(x);
    } else {
      const edges = init.edges;
      bins = edges.length + 1;
      this.#bin = (x) => binIndex(edges, x);
    }
    this.id = `${init.kind}|${sourceKey(source)}|${buckets}|${bins}`;
    this.ring = ring ?? new HistogramRing(buckets, bins);
  }

  ingest(event: DetectEvent, sec: number, t: number): void {
    const x = this.#read(event);
    if (x !== x) return;
    this.ring.add(sec, this.#bin(x), t);
  }

  advance(sec: number): void {
    this.ring.advance(sec);
  }

  resized(buckets: number): HistogramTracker {
    const init = this.kind === 'quantile' ? { kind: this.kind, scale: this.scale as LogScale } : { kind: this.kind, edges: this.edges as readonly number[] };
    return new HistogramTracker(init, this.source, buckets, this.ring.resized(buckets));
  }
}

export type Tracker = ScalarTracker | HistogramTracker | DistinctTracker;
