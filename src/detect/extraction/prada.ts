/**
 * @module detect/extraction/prada
 * PRADA (Juuti, Szyller, Marchal & Asokan, "PRADA: Protecting against DNN Model Stealing
 * Attacks", EuroS&P 2019) for one API key. For each query x with predicted class c:
 *   d = min distance (L2, standardised features) from x to the growing set G_c;
 *   D ← D ∪ {d};  if d > T_c: G_c ← G_c ∪ {x}, T_c ← max(T_c, mean(D_Gc) − sd(D_Gc)).
 * Benign clients' distances look normally distributed; an extraction attack's synthetic
 * queries (small perturbations of earlier ones) are not. Once more than `minDistances`
 * distances are kept (after cutting those beyond `outlierSigmas` sd of their mean, from
 * classes with at least `minClassDistances`), the Shapiro–Wilk W of D is the statistic:
 * W < δ (e.g. 0.90) flags the key. Recomputed every `recomputeEvery` queries, as the
 * authors' reference code does.
 *
 * Bounded memory per key: G_c keeps its newest `maxGrowingPerClass` points (Float32), D its
 * newest `maxDistances` (<= 5000, Shapiro–Wilk's range), at most `maxClasses` classes.
 */
import { RunningMoments, shapiroWilk } from '../../shared/math/index.js';
import type { FeatureScale } from './feature-scale.js';
import { standardizeInto } from './feature-scale.js';

export interface PradaOptions {
  readonly minDistances: number;
  readonly recomputeEvery: number;
  readonly minClassDistances: number;
  readonly maxGrowingPerClass: number;
  readonly maxDistances: number;
  readonly outlierSigmas: number;
  readonly maxClasses: number;
}

/** PRADA's statistic: W, or why there is none yet. */
export type PradaValue =
  | { readonly ok: true; readonly w: number; readonly n: number; readonly kept: number; readonly growing: number }
  | { readonly ok: false; readonly reason: 'below-min-events' | 'unmeasurable'; readonly detail: string; readonly n: number };

class GrowingSet {
  readonly points: Float32Array;
  size = 0;
  next = 0;
  threshold = 0;
  readonly dists = new RunningMoments();

  constructor(capacity: number, dim: number) {
    this.points = new Float32Array(capacity * dim);
    this.dists.push(0); // the first point has distance 0 (as the reference implementation)
  }
}

const OTHER_CLASS = -1;

/**
 * @example
 * const p = new PradaState(16, DETECT_DEFAULTS.prada);
 * for (const q of queries) p.observe(q.features, q.predictedClass, scale);
 * p.value(); // { ok: true, w: 0.83, … } for a synthetic-query attacker
 */
export class PradaState {
  readonly dim: number;
  readonly #o: PradaOptions;
  readonly #sets = new Map<number, GrowingSet>();
  readonly #dist: Float64Array;
  readonly #distClass: Int32Array;
  readonly #classCounts = new Map<number, number>();
  readonly #z: Float64Array;
  #distSize = 0;
  #distNext = 0;
  #queries = 0;
  #computedAt = -1;
  #cached: PradaValue;

  constructor(dim: number, options: PradaOptions) {
    this.dim = dim;
    this.#o = options;
    this.#dist = new Float64Array(options.maxDistances);
    this.#distClass = new Int32Array(options.maxDistances);
    this.#z = new Float64Array(dim);
    this.#cached = { ok: false, reason: 'below-min-events', detail: 'no queries yet', n: 0 };
  }

  get queries(): number {
    return this.#queries;
  }

  /** Adds one query (its raw features and predicted class). */
  observe(features: readonly number[], predictedClass: number, scale: FeatureScale | undefined): void {
    this.#queries++;
    const z = this.#z;
    standardizeInto(scale, features, z);
    const cls = this.#sets.has(predictedClass) || this.#sets.size < this.#o.maxClasses ? predictedClass : OTHER_CLASS;
    let set = this.#sets.get(cls);
    if (set === undefined) {
      set = new GrowingSet(this.#o.maxGrowingPerClass, this.dim);
      this.#sets.set(cls, set);
      this.#addPoint(set, z);
      return;
    }
    const d = this.#minDistance(set, z);
    this.#addDistance(d, cls);
    if (d > set.threshold) {
      this.#addPoint(set, z);
      set.dists.push(d);
      const sd = set.dists.standardDeviation(0) ?? 0;
      set.threshold = Math.max(set.threshold, (set.dists.mean ?? 0) - sd);
    }
  }

  #minDistance(set: GrowingSet, z: Float64Array): number {
    const dim = this.dim;
    const pts = set.points;
    let best = Number.POSITIVE_INFINITY;
    for (let p = 0; p < set.size; p++) {
      const base = p * dim;
      let s = 0;
      for (let j = 0; j < dim && s < best; j++) {
        const diff = (z[j] as number) - (pts[base + j] as number);
        s += diff * diff;
      }
      if (s < best) best = s;
    }
    return Math.sqrt(best);
  }

  #addPoint(set: GrowingSet, z: Float64Array): void {
    set.points.set(z, set.next * this.dim);
    set.next = (set.next + 1) % this.#o.maxGrowingPerClass;
    if (set.size < this.#o.maxGrowingPerClass) set.size++;
  }

  #addDistance(d: number, cls: number): void {
    const i = this.#distNext;
    if (this.#distSize === this.#o.maxDistances) {
      const old = this.#distClass[i] as number;
      this.#classCounts.set(old, (this.#classCounts.get(old) ?? 1) - 1);
    } else {
      this.#distSize++;
    }
    this.#dist[i] = d;
    this.#distClass[i] = cls;
    this.#classCounts.set(cls, (this.#classCounts.get(cls) ?? 0) + 1);
    this.#distNext = (i + 1) % this.#o.maxDistances;
  }

  /** The current W (recomputed every `recomputeEvery` queries). */
  value(): PradaValue {
    if (this.#computedAt >= 0 && this.#queries - this.#computedAt < this.#o.recomputeEvery) return this.#cached;
    this.#computedAt = this.#queries;
    this.#cached = this.#compute();
    return this.#cached;
  }

  #compute(): PradaValue {
    const kept: number[] = [];
    for (let i = 0; i < this.#distSize; i++) {
      if ((this.#classCounts.get(this.#distClass[i] as number) ?? 0) >= this.#o.minClassDistances) kept.push(this.#dist[i] as number);
    }
    const m = new RunningMoments();
    for (const d of kept) m.push(d);
    const mean = m.mean ?? 0;
    const sd = m.standardDeviation(0) ?? 0;
    const inliers = sd > 0 ? kept.filter((d) => Math.abs(d - mean) < this.#o.outlierSigmas * sd) : kept;
    const n = inliers.length;
    if (n <= this.#o.minDistances) return { ok: false, reason: 'below-min-events', detail: `${n} distances kept, PRADA needs more than ${this.#o.minDistances}`, n };
    const sw = shapiroWilk(inliers);
    if (!sw.ok) return { ok: false, reason: 'unmeasurable', detail: sw.detail, n };
    let growing = 0;
    for (const s of this.#sets.values()) growing += s.size;
    return { ok: true, w: sw.w, n, kept: kept.length, growing };
  }
}
