/**
 * @module inspect/baseline/signal-accumulator
 * Accumulates one signal of a baseline profile — count, Welford moments, a DDSketch-style
 * quantile sketch, a fixed-edge histogram and, for booleans, the flagged count — and merges
 * two recorded `SignalBaseline`s exactly (counts add, moments merge by Chan et al., sketch
 * buckets add). Booleans are recorded as 0/1; non-finite numbers are ignored.
 */
import type { SignalBaseline } from '../../detect/baseline.js';
import { binIndex, QuantileSketch, RunningMoments } from '../../shared/math/index.js';
import { inspectErrors } from '../errors.js';
import { BASELINE_DEFAULTS } from './defaults.js';
import { edgesFor } from './grid.js';

type Windowed = NonNullable<SignalBaseline['windowed']>;

/**
 * @example
 * const acc = new SignalAccumulator('prompt_injection', true);
 * acc.add(true); acc.add(false);
 * acc.toBaseline().flagged; // 1
 */
export class SignalAccumulator {
  readonly name: string;
  readonly isBoolean: boolean;
  readonly edges: readonly number[];
  readonly #moments = new RunningMoments();
  readonly #sketch = new QuantileSketch({ relativeAccuracy: BASELINE_DEFAULTS.sketchAccuracy });
  readonly #counts: number[];
  #flagged = 0;

  constructor(name: string, isBoolean: boolean) {
    this.name = name;
    this.isBoolean = isBoolean;
    this.edges = edgesFor(name, isBoolean);
    this.#counts = new Array<number>(this.edges.length + 1).fill(0);
  }

  get count(): number {
    return this.#moments.count;
  }

  /** Adds one value (a boolean counts as 0/1; `true` also counts as flagged). */
  add(value: number | boolean): void {
    const x = value === true ? 1 : value === false ? 0 : value;
    if (!Number.isFinite(x)) return;
    if (value === true) this.#flagged++;
    this.#moments.push(x);
    this.#sketch.add(x);
    const bin = binIndex(this.edges, x);
    this.#counts[bin] = (this.#counts[bin] as number) + 1;
  }

  toBaseline(windowed?: Windowed): SignalBaseline {
    return {
      count: this.#moments.count,
      moments: this.#moments.toJSON(),
      sketch: this.#sketch.toJSON(),
      histogram: { edges: [...this.edges], counts: [...this.#counts] },
      ...(this.isBoolean ? { flagged: this.#flagged } : {}),
      ...(windowed === undefined ? {} : { windowed }),
    };
  }
}

const sameEdges = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((e, i) => e === b[i]);

function mismatch(what: string, name: string): Error {
  return inspectErrors.error('INS_ERR_BASELINE_MISMATCH', `signal "${name}": ${what} differ between the profiles`, { signal: name });
}

function mergeSketch(a: SignalBaseline['sketch'], b: SignalBaseline['sketch'], name: string): SignalBaseline['sketch'] {
  if (a.relativeAccuracy !== b.relativeAccuracy || a.maxBuckets !== b.maxBuckets) throw mismatch('sketch accuracies', name);
  return QuantileSketch.restore(a).merge(QuantileSketch.restore(b)).toJSON();
}

function mergeWindowed(a: Windowed | undefined, b: Windowed | undefined, name: string): Windowed | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const out: Record<string, Windowed[string]> = {};
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[key];
    const y = b[key];
    if (x === undefined || y === undefined) {
      out[key] = (x ?? y) as Windowed[string];
      continue;
    }
    if (x.windowMs !== y.windowMs || x.windowEvents !== y.windowEvents) throw mismatch(`window lengths of "${key}"`, name);
    out[key] = {
      windowMs: x.windowMs,
      ...(x.windowEvents === undefined ? {} : { windowEvents: x.windowEvents }),
      sketch: mergeSketch(x.sketch, y.sketch, name),
      moments: RunningMoments.restore(x.moments).merge(y.moments).toJSON(),
    };
  }
  return out;
}

/**
 * Merges two baselines of the same signal. Throws `INS_ERR_BASELINE_MISMATCH` when their
 * histogram edges, sketch accuracies or window lengths differ.
 *
 * @example
 * mergeSignalBaselines(a.signals['latency_ms']!, b.signals['latency_ms']!, 'latency_ms').count; // a.count + b.count
 */
export function mergeSignalBaselines(a: SignalBaseline, b: SignalBaseline, name: string): SignalBaseline {
  if (!sameEdges(a.histogram.edges, b.histogram.edges)) throw mismatch('histogram edges', name);
  const windowed = mergeWindowed(a.windowed, b.windowed, name);
  const flagged = a.flagged === undefined && b.flagged === undefined ? undefined : (a.flagged ?? 0) + (b.flagged ?? 0);
  return {
    count: a.count + b.count,
    moments: RunningMoments.restore(a.moments).merge(b.moments).toJSON(),
    sketch: mergeSketch(a.sketch, b.sketch, name),
    histogram: { edges: [...a.histogram.edges], counts: a.histogram.counts.map((c, i) => c + (b.histogram.counts[i] ?? 0)) },
    ...(flagged === undefined ? {} : { flagged }),
    ...(windowed === undefined ? {} : { windowed }),
  };
}
