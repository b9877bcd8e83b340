/**
 * @module detect/windows/log-scale
 * Fixed log-scale bins for window quantiles (`p99(latency_ms)`): bin k > 0 holds
 * (min·γ^(k−1), min·γ^k] with γ = (1 + α)/(1 − α), so a bin's midpoint 2·min·γ^k/(γ + 1)…
 * is within α of every value in it (the DDSketch mapping with a fixed key range, which
 * makes per-second histograms mergeable by adding counts). Bin 0 holds values <= min
 * (zero and negatives included), the last bin values above max.
 */

/**
 * @example
 * const s = new LogScale({ relativeAccuracy: 0.02, min: 1e-3, max: 1e7 });
 * s.value(s.index(250)); // within 2% of 250
 */
export class LogScale {
  readonly min: number;
  readonly max: number;
  readonly relativeAccuracy: number;
  readonly bins: number;
  readonly #gamma: number;
  readonly #invLogGamma: number;

  constructor(options: { relativeAccuracy: number; min: number; max: number }) {
    const { relativeAccuracy, min, max } = options;
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) throw new RangeError(`LogScale: relativeAccuracy must be in (0, 1), got ${relativeAccuracy}`);
    if (!(min > 0 && max > min && Number.isFinite(max))) throw new RangeError(`LogScale: need 0 < min < max, got ${min}, ${max}`);
    this.min = min;
    this.max = max;
    this.relativeAccuracy = relativeAccuracy;
    this.#gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.#invLogGamma = 1 / Math.log(this.#gamma);
    this.bins = Math.ceil(Math.log(max / min) * this.#invLogGamma) + 2;
  }

  /** The bin of `x` (no allocation). NaN goes to bin 0. */
  index(x: number): number {
    if (!(x > this.min)) return 0;
    if (x >= this.max) return this.bins - 1;
    const k = Math.ceil(Math.log(x / this.min) * this.#invLogGamma);
    return k < 1 ? 1 : k > this.bins - 2 ? this.bins - 2 : k;
  }

  /** The value a bin stands for. */
  value(bin: number): number {
    if (bin <= 0) return this.min;
    if (bin >= this.bins - 1) return this.max;
    return (2 * this.min * Math.pow(this.#gamma, bin)) / (this.#gamma + 1);
  }

  /**
   * The q-quantile (rank ⌊q·(n − 1)⌋, 0-based, as the shared quantile sketch) of a
   * histogram over these bins; undefined when it is empty.
   */
  quantile(totals: ArrayLike<number>, total: number, q: number): number | undefined {
    if (total <= 0) return undefined;
    const rank = Math.floor(q * (total - 1));
    let seen = 0;
    for (let b = 0; b < this.bins; b++) {
      seen += totals[b] as number;
      if (seen > rank) return this.value(b);
    }
    return this.value(this.bins - 1);
  }
}
