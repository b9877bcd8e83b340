/**
 * @module detect/extraction/query-patterns
 * Query-pattern features of one API key over its last `history` queries, the signs of an
 * extraction run besides PRADA: the unique-input rate (distinct quantised inputs / queries:
 * near 1 for a crawler, lower for a client re-sending real records), the coverage of the
 * input space (distinct coarse cells of the standardised features / queries: random
 * probing spreads out, real traffic clusters), the share of queries probing the decision
 * boundary (top-2 margin below `marginBelow`), and the key's volume per period in σ above
 * its own history (an exponentially weighted mean and variance of past periods).
 */
import type { FeatureScale } from './feature-scale.js';
import { fingerprintOf } from '../windows/fingerprint.js';

/** Counts of values over a sliding ring (distinct count in O(1)). */
class DistinctRing {
  readonly #values: Float64Array;
  readonly #counts = new Map<number, number>();
  #size = 0;
  #next = 0;

  constructor(capacity: number) {
    this.#values = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  get distinct(): number {
    return this.#counts.size;
  }

  push(v: number): void {
    const cap = this.#values.length;
    if (this.#size === cap) {
      const old = this.#values[this.#next] as number;
      const c = (this.#counts.get(old) ?? 1) - 1;
      if (c === 0) this.#counts.delete(old);
      else this.#counts.set(old, c);
    } else {
      this.#size++;
    }
    this.#values[this.#next] = v;
    this.#counts.set(v, (this.#counts.get(v) ?? 0) + 1);
    this.#next = (this.#next + 1) % cap;
  }
}

export interface PatternOptions {
  readonly history: number;
  readonly marginBelow: number;
  readonly cellSigmas: number;
  readonly cellClamp: number;
  readonly fingerprintBucketsPerDecade: number;
}

/**
 * @example
 * const q = new QueryPatterns(DETECT_DEFAULTS.patterns, 1000);
 * q.observe(features, scale, margin); q.uniqueRate(); q.coverage(); q.boundaryShare();
 */
export class QueryPatterns {
  readonly #o: PatternOptions;
  readonly #inputs: DistinctRing;
  readonly #cells: DistinctRing;
  readonly #near: Uint8Array;
  #nearCount = 0;
  #nearSize = 0;
  #nearNext = 0;

  constructor(options: PatternOptions) {
    this.#o = options;
    this.#inputs = new DistinctRing(options.history);
    this.#cells = new DistinctRing(options.history);
    this.#near = new Uint8Array(options.history);
  }

  /** Queries with features remembered (the n of unique_rate and coverage). */
  get queries(): number {
    return this.#inputs.size;
  }

  /** Queries with a margin remembered (the n of boundary). */
  get marginQueries(): number {
    return this.#nearSize;
  }

  /** Adds a query: its raw features (when present) and its top-2 margin (when known). */
  observe(features: readonly number[] | undefined, scale: FeatureScale | undefined, margin: number | undefined): void {
    if (features !== undefined && features.length > 0) {
      this.#inputs.push(fingerprintOf(features, this.#o.fingerprintBucketsPerDecade));
      this.#cells.push(this.#cell(features, scale));
    }
    if (margin !== undefined && Number.isFinite(margin)) this.#pushMargin(margin < this.#o.marginBelow ? 1 : 0);
  }

  #cell(features: readonly number[], scale: FeatureScale | undefined): number {
    let h = 0x811c9dc5;
    const { cellSigmas, cellClamp } = this.#o;
    for (let j = 0; j < features.length; j++) {
      const x = features[j] as number;
      const z = scale === undefined || j >= scale.mean.length ? x : (x - (scale.mean[j] as number)) * (scale.invSd[j] as number);
      const c = Math.max(-cellClamp, Math.min(cellClamp, Math.floor(z / cellSigmas)));
      h = Math.imul(h ^ (c & 0xff), 0x01000193);
    }
    return h >>> 0;
  }

  #pushMargin(flag: number): void {
    const cap = this.#near.length;
    if (this.#nearSize === cap) this.#nearCount -= this.#near[this.#nearNext] as number;
    else this.#nearSize++;
    this.#near[this.#nearNext] = flag;
    this.#nearCount += flag;
    this.#nearNext = (this.#nearNext + 1) % cap;
  }

  uniqueRate(): number | undefined {
    return this.#inputs.size === 0 ? undefined : this.#inputs.distinct / this.#inputs.size;
  }

  coverage(): number | undefined {
    return this.#cells.size === 0 ? undefined : this.#cells.distinct / this.#cells.size;
  }

  boundaryShare(): number | undefined {
    return this.#nearSize === 0 ? undefined : this.#nearCount / this.#nearSize;
  }
}

export interface VolumeOptions {
  readonly volumePeriodMs: number;
  readonly volumeMinPeriods: number;
  readonly volumeHalfLife: number;
}

/**
 * A key's queries per period against an exponentially weighted history of past periods.
 *
 * @example
 * const v = new VolumeHistory({ volumePeriodMs: 60_000, volumeMinPeriods: 5, volumeHalfLife: 30 });
 * v.observe(t); v.zscore()?.z; // σ above the key's own history, once 5 periods are known
 */
export class VolumeHistory {
  readonly #o: VolumeOptions;
  readonly #alpha: number;
  #period = Number.NEGATIVE_INFINITY;
  #count = 0;
  #periods = 0;
  #mean = 0;
  #variance = 0;

  constructor(options: VolumeOptions) {
    this.#o = options;
    this.#alpha = 1 - Math.pow(2, -1 / options.volumeHalfLife);
  }

  observe(t: number): void {
    const p = Math.floor(t / this.#o.volumePeriodMs);
    if (p > this.#period) {
      if (this.#period !== Number.NEGATIVE_INFINITY) {
        this.#close(this.#count);
        const idle = Math.min(p - this.#period - 1, 1000);
        for (let i = 0; i < idle; i++) this.#close(0);
      }
      this.#period = p;
      this.#count = 0;
    }
    if (p === this.#period) this.#count++;
  }

  #close(x: number): void {
    if (this.#periods === 0) {
      this.#mean = x;
    } else {
      const delta = x - this.#mean;
      this.#mean += this.#alpha * delta;
      this.#variance = (1 - this.#alpha) * (this.#variance + this.#alpha * delta * delta);
    }
    this.#periods++;
  }

  /** Completed periods of history. */
  get periods(): number {
    return this.#periods;
  }

  /**
   * (this period's count − historical mean) / sd, with the sd floored at √mean and 1 (a
   * perfectly steady key is not infinitely surprising); undefined with too little history.
   */
  zscore(): { z: number; count: number; mean: number } | undefined {
    if (this.#periods < this.#o.volumeMinPeriods) return undefined;
    const sd = Math.max(Math.sqrt(this.#variance), Math.sqrt(Math.max(this.#mean, 0)), 1);
    return { z: (this.#count - this.#mean) / sd, count: this.#count, mean: this.#mean };
  }
}
