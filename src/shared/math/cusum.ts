/**
 * @module shared/math/cusum
 * Tabular CUSUM (Page 1954; Montgomery, "Introduction to Statistical Quality Control", §9.1)
 * for a shift of a monitored value from its in-control target μ₀:
 *   C⁺ₜ = max(0, C⁺ₜ₋₁ + xₜ − (μ₀ + K)),   C⁻ₜ = max(0, C⁻ₜ₋₁ + (μ₀ − K) − xₜ),
 * with K = k·σ the allowance (slack) and an alarm when a sum exceeds H = h·σ. Typical k = 0.5
 * (detects a 1σ shift fastest), h = 4 or 5. `sides` picks the upper, lower or both sums.
 * The run counters N⁺/N⁻ count consecutive steps with a positive sum, so the shift began about
 * N steps before the alarm (the anomaly's onset). With `resetOnAlarm` (default) a side's sum and
 * counter return to 0 after it alarms, so one shift yields one alarm per H of accumulated excess.
 * `update` allocates nothing; the state is plain data for `toJSON()`/`restore()`.
 */
import { checkFinite, checkInteger } from './validate.js';

export interface CusumOptions {
  /** In-control mean μ₀ of the monitored value. */
  readonly target: number;
  /** Scale σ of the monitored value; k and h are in units of it. Default 1. */
  readonly sigma?: number;
  /** Allowance k (K = kσ), >= 0. Default 0.5. */
  readonly k?: number;
  /** Decision interval h (H = hσ), > 0. Default 5. */
  readonly h?: number;
  /** Which shifts to detect. Default `both`. */
  readonly sides?: 'upper' | 'lower' | 'both';
  /** Reset an alarming side's sum to 0. Default true. */
  readonly resetOnAlarm?: boolean;
}

/** The serialisable state of a {@link Cusum}. */
export interface CusumState {
  readonly upper: number;
  readonly lower: number;
  /** Consecutive steps with upper > 0 (N⁺). */
  readonly upperRun: number;
  /** Consecutive steps with lower > 0 (N⁻). */
  readonly lowerRun: number;
  readonly count: number;
}

/** The outcome of one step: which side alarmed, if any. */
export type CusumSignal = 'none' | 'upper' | 'lower' | 'both';

/** The sums and run lengths at the latest alarm, before any reset; `count` is its step. */
export interface CusumAlarm extends CusumState {
  readonly side: Exclude<CusumSignal, 'none'>;
}

/**
 * A streaming two-sided (or one-sided) tabular CUSUM.
 *
 * @example
 * const c = new Cusum({ target: 10, sigma: 1, k: 0.5, h: 4 });
 * for (const x of [10, 11, 12, 12, 12]) c.update(x); // 'none' ×4, then 'upper' (C⁺ = 5 > H = 4)
 * c.lastAlarm; // { side: 'upper', upper: 5, lower: 0, upperRun: 4, lowerRun: 0, count: 5 }: began at step 2
 */
export class Cusum {
  readonly target: number;
  readonly allowance: number;
  readonly threshold: number;
  readonly sides: 'upper' | 'lower' | 'both';
  readonly resetOnAlarm: boolean;
  #upper = 0;
  #lower = 0;
  #upperRun = 0;
  #lowerRun = 0;
  #count = 0;
  #lastAlarm: CusumAlarm | undefined;

  constructor(options: CusumOptions) {
    const sigma = options.sigma ?? 1;
    const k = options.k ?? 0.5;
    const h = options.h ?? 5;
    checkFinite('Cusum', 'options.target', options.target);
    checkFinite('Cusum', 'options.sigma', sigma);
    checkFinite('Cusum', 'options.k', k);
    checkFinite('Cusum', 'options.h', h);
    if (!(sigma > 0)) throw new RangeError(`Cusum: options.sigma must be > 0, got ${sigma}`);
    if (k < 0) throw new RangeError(`Cusum: options.k must be >= 0, got ${k}`);
    if (!(h > 0)) throw new RangeError(`Cusum: options.h must be > 0, got ${h}`);
    const sides = options.sides ?? 'both';
    if (sides !== 'upper' && sides !== 'lower' && sides !== 'both') {
      throw new RangeError(`Cusum: options.sides must be 'upper', 'lower' or 'both', got ${String(sides)}`);
    }
    this.target = options.target;
    this.allowance = k * sigma;
    this.threshold = h * sigma;
    this.sides = sides;
    this.resetOnAlarm = options.resetOnAlarm ?? true;
  }

  /** Adds one observation; returns the side(s) whose sum now exceeds H. */
  update(x: number): CusumSignal {
    checkFinite('Cusum.update', 'x', x);
    this.#count++;
    let up = false;
    let down = false;
    if (this.sides !== 'lower') {
      this.#upper = Math.max(0, this.#upper + x - (this.target + this.allowance));
      this.#upperRun = this.#upper > 0 ? this.#upperRun + 1 : 0;
      up = this.#upper > this.threshold;
    }
    if (this.sides !== 'upper') {
      this.#lower = Math.max(0, this.#lower + (this.target - this.allowance) - x);
      this.#lowerRun = this.#lower > 0 ? this.#lowerRun + 1 : 0;
      down = this.#lower > this.threshold;
    }
    const signal: CusumSignal = up ? (down ? 'both' : 'upper') : down ? 'lower' : 'none';
    if (signal === 'none') return signal;
    this.#lastAlarm = { side: signal, ...this.state };
    if (this.resetOnAlarm) {
      if (up) this.#upper = this.#upperRun = 0;
      if (down) this.#lower = this.#lowerRun = 0;
    }
    return signal;
  }

  /**
   * The state at the most recent alarm (before the reset), or `undefined`. Its run length dates
   * the shift: it began at step `count − run + 1`. Not part of `toJSON()`.
   */
  get lastAlarm(): CusumAlarm | undefined {
    return this.#lastAlarm;
  }

  /** Zeroes both sums and run counters (e.g. after the operator acknowledged a shift). */
  reset(): void {
    this.#upper = this.#lower = this.#upperRun = this.#lowerRun = 0;
  }

  /** Current sums and run lengths (after any reset; see {@link Cusum.lastAlarm}). */
  get state(): CusumState {
    return { upper: this.#upper, lower: this.#lower, upperRun: this.#upperRun, lowerRun: this.#lowerRun, count: this.#count };
  }

  toJSON(): CusumState {
    return this.state;
  }

  /** Rebuilds a CUSUM with `options` and a state from `toJSON()`. */
  static restore(options: CusumOptions, state: CusumState): Cusum {
    const c = new Cusum(options);
    for (const key of ['upper', 'lower'] as const) {
      checkFinite('Cusum.restore', `state.${key}`, state[key]);
      if (state[key] < 0) throw new RangeError(`Cusum.restore: state.${key} must be >= 0, got ${state[key]}`);
    }
    for (const key of ['upperRun', 'lowerRun', 'count'] as const) checkInteger('Cusum.restore', `state.${key}`, state[key]);
    c.#upper = state.upper;
    c.#lower = state.lower;
    c.#upperRun = state.upperRun;
    c.#lowerRun = state.lowerRun;
    c.#count = state.count;
    return c;
  }
}
