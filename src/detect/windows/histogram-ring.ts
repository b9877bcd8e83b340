/**
 * @module detect/windows/histogram-ring
 * Per-second counts over a fixed set of bins, with the window's bin totals kept running:
 * the mergeable histogram behind distribution statistics (PSI and KS over a baseline's
 * bins, quantiles over log-scale bins). Adding is O(1); a bucket leaving the ring costs
 * O(bins), once per second.
 */
import { BucketRing } from './bucket-ring.js';

/**
 * @example
 * const h = new HistogramRing(11, 4);
 * h.add(0, 1, 0); h.add(0, 2, 5);
 * h.total; h.totals; // 2, [0, 1, 1, 0]
 */
export class HistogramRing extends BucketRing {
  readonly bins: number;
  /** Window totals per bin (read-only for callers). */
  readonly totals: Float64Array;
  total = 0;
  readonly #counts: Uint32Array;

  constructor(length: number, bins: number) {
    super(length);
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`HistogramRing: bins must be an integer >= 1, got ${bins}`);
    this.bins = bins;
    this.totals = new Float64Array(bins);
    this.#counts = new Uint32Array(length * bins);
  }

  /** Counts one event in `bin` at second `sec` (ms `t`); false when too old. */
  add(sec: number, bin: number, t: number): boolean {
    const slot = this.slotFor(sec, t);
    if (slot < 0) return false;
    const i = slot * this.bins + bin;
    this.#counts[i] = (this.#counts[i] as number) + 1;
    this.totals[bin] = (this.totals[bin] as number) + 1;
    this.total++;
    return true;
  }

  /** A copy with `length` buckets keeping the newest ones. */
  resized(length: number): HistogramRing {
    const next = new HistogramRing(length, this.bins);
    next.copyTimes(this, (a, b) => next.#counts.set(this.#counts.subarray(a * this.bins, (a + 1) * this.bins), b * this.bins));
    return next;
  }

  protected slotData(slot: number): number[] {
    return Array.from(this.#counts.subarray(slot * this.bins, (slot + 1) * this.bins));
  }

  protected loadSlot(slot: number, data: readonly number[]): void {
    for (let b = 0; b < this.bins; b++) this.#counts[slot * this.bins + b] = data[b] ?? 0;
  }

  protected expire(slot: number): void {
    const base = slot * this.bins;
    for (let b = 0; b < this.bins; b++) {
      const k = this.#counts[base + b] as number;
      if (k === 0) continue;
      this.totals[b] = (this.totals[b] as number) - k;
      this.total -= k;
      this.#counts[base + b] = 0;
    }
  }

  protected clearAll(): void {
    this.#counts.fill(0);
    this.totals.fill(0);
    this.total = 0;
  }

  protected resync(): void {
    // Integer counts do not drift; recomputed only after a resize or a restore.
    this.totals.fill(0);
    let total = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      const k = this.#counts[i] as number;
      if (k === 0) continue;
      this.totals[i % this.bins] = (this.totals[i % this.bins] as number) + k;
      total += k;
    }
    this.total = total;
  }
}
