/**
 * @module shared/math/ewma
 * Exponentially weighted moving average over a stream of observations, one per step.
 *
 * - Plain (default): the first observation seeds the average, then sₜ = α·xₜ + (1 − α)·sₜ₋₁
 *   (pandas `ewm(adjust=False)`).
 * - Bias-corrected: sₜ = α·xₜ + (1 − α)·sₜ₋₁ from s₀ = 0, reported as sₜ / (1 − (1 − α)ᵗ), which
 *   equals the weighted mean Σ (1 − α)ⁱ·xₜ₋ᵢ / Σ (1 − α)ⁱ (pandas `ewm(adjust=True)`, Adam's
 *   correction); early values are not dragged towards the seed.
 *
 * The smoothing is given as `alpha` in (0, 1] or as `halfLife` in steps (the weight of an
 * observation halves every `halfLife` steps): α = 1 − 2^(−1/halfLife).
 * `update` allocates nothing; `toJSON()`/`restore()` carry the state across restarts.
 */
import { checkFinite, checkInteger, checkPositive } from './validate.js';

export interface EwmaOptions {
  /** Weight of the newest observation, in (0, 1]. Exactly one of alpha and halfLife. */
  readonly alpha?: number;
  /** Steps after which an observation's weight has halved, > 0. */
  readonly halfLife?: number;
  /** Report the bias-corrected (weighted-mean) average. Default false. */
  readonly biasCorrected?: boolean;
}

/** The serialisable state of an {@link Ewma}. */
export interface EwmaState {
  readonly count: number;
  /** The raw recursion value sₜ. */
  readonly raw: number;
  /** (1 − α)ᵗ, the weight not yet assigned (bias correction). */
  readonly residual: number;
}

function resolveAlpha(options: EwmaOptions): number {
  const { alpha, halfLife } = options;
  if ((alpha === undefined) === (halfLife === undefined)) {
    throw new RangeError('Ewma: give exactly one of options.alpha and options.halfLife');
  }
  if (alpha !== undefined) {
    checkFinite('Ewma', 'options.alpha', alpha);
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`Ewma: options.alpha must be in (0, 1], got ${alpha}`);
    return alpha;
  }
  checkPositive('Ewma', 'options.halfLife', halfLife as number);
  return 1 - Math.pow(2, -1 / (halfLife as number));
}

/**
 * A streaming EWMA.
 *
 * @example
 * const e = new Ewma({ alpha: 0.5 });
 * e.update(1); e.update(3); e.value; // 2
 * const b = new Ewma({ halfLife: 1, biasCorrected: true });
 * b.update(1); b.update(3); b.value; // 2.3333333333333335 (weights ½ and 1)
 */
export class Ewma {
  readonly alpha: number;
  readonly biasCorrected: boolean;
  #count = 0;
  #raw = 0;
  #residual = 1;

  constructor(options: EwmaOptions) {
    this.alpha = resolveAlpha(options);
    this.biasCorrected = options.biasCorrected ?? false;
  }

  /** Adds one observation and returns the new average. Throws a `RangeError` for non-finite x. */
  update(x: number): number {
    checkFinite('Ewma.update', 'x', x);
    const a = this.alpha;
    if (this.#count === 0 && !this.biasCorrected) this.#raw = x;
    else this.#raw = a * x + (1 - a) * this.#raw;
    this.#residual *= 1 - a;
    this.#count++;
    return this.value as number;
  }

  /** The current average, `undefined` before the first observation. */
  get value(): number | undefined {
    if (this.#count === 0) return undefined;
    return this.biasCorrected ? this.#raw / (1 - this.#residual) : this.#raw;
  }

  get count(): number {
    return this.#count;
  }

  toJSON(): EwmaState {
    return { count: this.#count, raw: this.#raw, residual: this.#residual };
  }

  /** Rebuilds an EWMA with `options` and a state from `toJSON()`. */
  static restore(options: EwmaOptions, state: EwmaState): Ewma {
    checkInteger('Ewma.restore', 'state.count', state.count);
    checkFinite('Ewma.restore', 'state.raw', state.raw);
    checkFinite('Ewma.restore', 'state.residual', state.residual);
    if (state.residual < 0 || state.residual > 1) throw new RangeError(`Ewma.restore: state.residual must be in [0, 1], got ${state.residual}`);
    const e = new Ewma(options);
    e.#count = state.count;
    e.#raw = state.raw;
    e.#residual = state.residual;
    return e;
  }
}
