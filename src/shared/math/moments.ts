/**
 * @module shared/math/moments
 * Streaming mean and variance by Welford's update, mergeable across windows and replicas by
 * Chan, Golub & LeVeque's pairwise combination:
 *   n = nA + nB,  δ = x̄B − x̄A,  x̄ = x̄A + δ·nB/n,  M2 = M2A + M2B + δ²·nA·nB/n.
 * Both avoid the cancellation of Σx² − n·x̄². State is three numbers; `push` allocates nothing.
 */
import { checkFinite, checkInteger } from './validate.js';

/** The serialisable state: count, mean, and M2 = Σ(x − x̄)². */
export interface MomentsState {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
}

/**
 * Running count, mean and variance.
 *
 * @example
 * const m = new RunningMoments();
 * for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.push(x);
 * m.mean;          // 5
 * m.variance(0);   // 4 (population)
 * m.variance();    // 4.571428571428571 (sample, ddof = 1)
 */
export class RunningMoments {
  #count = 0;
  #mean = 0;
  #m2 = 0;

  /** Adds one observation. Throws a `RangeError` for a non-finite x. */
  push(x: number): void {
    checkFinite('RunningMoments.push', 'x', x);
    this.#count++;
    const delta = x - this.#mean;
    this.#mean += delta / this.#count;
    this.#m2 += delta * (x - this.#mean);
  }

  /** Folds another accumulator (or its state) into this one; `other` is left unchanged. */
  merge(other: RunningMoments | MomentsState): this {
    const o = other instanceof RunningMoments ? other.toJSON() : other;
    if (o.count === 0) return this;
    if (this.#count === 0) {
      this.#count = o.count;
      this.#mean = o.mean;
      this.#m2 = o.m2;
      return this;
    }
    const n = this.#count + o.count;
    const delta = o.mean - this.#mean;
    this.#mean += (delta * o.count) / n;
    this.#m2 += o.m2 + ((delta * delta * this.#count) / n) * o.count;
    this.#count = n;
    return this;
  }

  get count(): number {
    return this.#count;
  }

  /** The mean, or `undefined` before the first observation. */
  get mean(): number | undefined {
    return this.#count === 0 ? undefined : this.#mean;
  }

  /**
   * M2 / (count − ddof); `ddof` = 1 (default) is the unbiased sample variance, 0 the population
   * variance. `undefined` when count <= ddof.
   */
  variance(ddof = 1): number | undefined {
    return this.#count <= ddof ? undefined : this.#m2 / (this.#count - ddof);
  }

  /** √variance(ddof), or `undefined` when count <= ddof. */
  standardDeviation(ddof = 1): number | undefined {
    const v = this.variance(ddof);
    return v === undefined ? undefined : Math.sqrt(v);
  }

  toJSON(): MomentsState {
    return { count: this.#count, mean: this.#mean, m2: this.#m2 };
  }

  /** Rebuilds an accumulator from `toJSON()` output; throws a `RangeError` for an invalid state. */
  static restore(state: MomentsState): RunningMoments {
    checkInteger('RunningMoments.restore', 'state.count', state.count);
    checkFinite('RunningMoments.restore', 'state.mean', state.mean);
    checkFinite('RunningMoments.restore', 'state.m2', state.m2);
    if (state.m2 < 0) throw new RangeError(`RunningMoments.restore: state.m2 must be >= 0, got ${state.m2}`);
    return new RunningMoments().merge(state);
  }
}
