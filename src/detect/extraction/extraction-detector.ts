/**
 * @module detect/extraction/extraction-detector
 * Model-extraction detection per API key for one model: PRADA plus the query-pattern
 * features (unique-input rate, input-space coverage, decision-boundary probing, volume
 * against the key's own history). Keys are held in an LRU map capped at `maxKeys`
 * (evictions counted), so memory is bounded however many keys call. The rules that use
 * these functions (`prada(api_key) < 0.90`) are evaluated per key and raise
 * `extraction_suspected` anomalies naming the key, whose containment throttles it.
 */
import type { DetectEvent } from '../ports.js';
import type { RuleRuntime } from '../rule-runtime.js';
import type { CompiledExpression } from '../rules/analyze.js';
import type { StatNode } from '../rules/ast.js';
import type { StatOutcome } from '../rules/statistics.js';
import { LruMap } from '../windows/lru.js';
import { SampleRing } from '../windows/sample-ring.js';
import type { FeatureScale } from './feature-scale.js';
import { PradaState } from './prada.js';
import type { PradaOptions } from './prada.js';
import { QueryPatterns, VolumeHistory } from './query-patterns.js';
import type { PatternOptions, VolumeOptions } from './query-patterns.js';

export interface ExtractionOptions {
  readonly maxKeys: number;
  readonly samples: number;
  readonly classSignal: string;
  readonly maxDim: number;
  readonly prada: PradaOptions;
  readonly patterns: PatternOptions & VolumeOptions;
}

/**
 * Everything kept about one API key of one model.
 *
 * @example
 * detector.observe(event, t)?.queries; // the key's queries so far
 */
export class KeyState {
  readonly key: string;
  readonly patterns: QueryPatterns;
  readonly volume: VolumeHistory;
  readonly samples: SampleRing;
  prada: PradaState | undefined;
  queries = 0;
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;
  lastVersion: string | undefined;
  /** Per-key rule runtimes by rule id, with the expression they belong to (owned by the engine). */
  readonly rules = new Map<string, { readonly expression: CompiledExpression; readonly runtime: RuleRuntime }>();

  constructor(key: string, o: ExtractionOptions) {
    this.key = key;
    this.patterns = new QueryPatterns(o.patterns);
    this.volume = new VolumeHistory(o.patterns);
    this.samples = new SampleRing(o.samples);
  }
}

function numberSignal(event: DetectEvent, name: string): number | undefined {
  const v = event.signals[name];
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
}

/** The top-2 margin: the `margin` signal, else |2·confidence − 1| (binary top-1 probability). */
function marginOf(event: DetectEvent): number | undefined {
  const m = numberSignal(event, 'margin');
  if (m !== undefined) return m;
  const c = numberSignal(event, 'confidence');
  return c === undefined ? undefined : Math.abs(2 * c - 1);
}

const fail = (reason: 'below-min-events' | 'no-data' | 'unmeasurable', detail: string, n: number): StatOutcome => ({ ok: false, reason, detail, n });

/**
 * @example
 * const x = new ExtractionDetector(options);
 * const key = x.observe(event, event.timings.receivedAt);
 * if (key) x.stat(pradaNode, key, 100); // { ok: true, value: 0.83, … }
 */
export class ExtractionDetector {
  readonly keys: LruMap<string, KeyState>;
  scale: FeatureScale | undefined;
  readonly #o: ExtractionOptions;

  constructor(options: ExtractionOptions) {
    this.#o = options;
    this.keys = new LruMap(options.maxKeys);
  }

  /** Records the event for its API key; returns the key's state (undefined for anonymous events). */
  observe(event: DetectEvent, t: number): KeyState | undefined {
    const id = event.apiKeyId;
    if (id === undefined) return undefined;
    let state = this.keys.get(id);
    if (state === undefined) {
      state = new KeyState(id, this.#o);
      this.keys.set(id, state);
    }
    state.queries++;
    state.firstMs = Math.min(state.firstMs, t);
    state.lastMs = Math.max(state.lastMs, t);
    state.lastVersion = event.version ?? state.lastVersion;
    state.samples.push(event.requestId, id, t);
    state.volume.observe(t);
    const features = event.features;
    state.patterns.observe(features, this.scale, marginOf(event));
    if (features !== undefined && features.length > 0) {
      state.prada ??= new PradaState(Math.min(features.length, this.#o.maxDim), this.#o.prada);
      state.prada.observe(features, numberSignal(event, this.#o.classSignal) ?? 0, this.scale);
    }
    return state;
  }

  /** The value of a per-key function for `key`. */
  stat(node: StatNode, key: KeyState, minEvents: number): StatOutcome {
    if (node.fn === 'volume') {
      const v = key.volume.zscore();
      if (v === undefined) return fail('below-min-events', `${key.volume.periods} periods of history, volume needs ${this.#o.patterns.volumeMinPeriods}`, key.volume.periods);
      return { ok: true, value: v.z, n: key.volume.periods, extra: { count: v.count, mean: v.mean } };
    }
    if (node.fn === 'prada') return this.#prada(key, minEvents);
    const p = key.patterns;
    const n = node.fn === 'boundary' ? p.marginQueries : p.queries;
    if (n === 0) return fail('no-data', node.fn === 'boundary' ? 'no query of this key carried a margin or confidence signal' : 'no query of this key carried features', 0);
    if (n < minEvents) return fail('below-min-events', `${n} queries of this key, fewer than minEvents ${minEvents}`, n);
    const value = node.fn === 'unique_rate' ? p.uniqueRate() : node.fn === 'coverage' ? p.coverage() : p.boundaryShare();
    return value === undefined ? fail('no-data', 'no queries', n) : { ok: true, value, n };
  }

  #prada(key: KeyState, minEvents: number): StatOutcome {
    const prada = key.prada;
    if (prada === undefined) return fail('no-data', 'no query of this key carried features', 0);
    if (prada.queries < minEvents) return fail('below-min-events', `${prada.queries} queries of this key, fewer than minEvents ${minEvents}`, prada.queries);
    const v = prada.value();
    if (!v.ok) return fail(v.reason, v.detail, v.n);
    return { ok: true, value: v.w, n: v.n, extra: { queries: prada.queries, distances: v.kept, growingSet: v.growing } };
  }
}
