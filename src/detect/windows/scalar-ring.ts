/**
 * @module detect/windows/scalar-ring
 * Per-second count, sum, sum of squares and true-count of one signal, with running window
 * totals: rate (true / count), mean and variance of the window in O(1). `add` allocates
 * nothing. A boolean signal adds 1 (true) or 0 (false); a numeric one its value, and it
 * counts as "true" when non-zero.
 */
import { BucketRing } from './bucket-ring.js';

/** One bucket's accumulators, oldest bucket first (for CUSUM over the window). */
export interface BucketSums {
  readonly sec: number;
  readonly count: number;
  readonly sum: number;
  readonly sumSq: number;
  readonly trues: number;
}

/**
 * @example
 * const r = new ScalarRing(61);
 * r.add(0, 1, 10); r.add(0, 0, 20);
 * r.count; r.trues; // 2, 1
 */
export class ScalarRing extends BucketRing {
  readonly #count: Float64Array;
  readonly #sum: Float64Array;
  readonly #sumSq: Float64Array;
  readonly #trues: Float64Array;
  count = 0;
  sum = 0;
  sumSq = 0;
  trues = 0;

  constructor(length: number) {
    super(length);
    this.#count = new Float64Array(length);
    this.#sum = new Float64Array(length);
    this.#sumSq = new Float64Array(length);
    this.#trues = new Float64Array(length);
  }

  /** Adds value `x` observed at second `sec` (ms `t`); false when it was too old to count. */
  add(sec: number, x: number, t: number): boolean {
    const slot = this.slotFor(sec, t);
    if (slot < 0) return false;
    const sq = x * x;
    const truth = x !== 0 ? 1 : 0;
    this.#count[slot] = (this.#count[slot] as number) + 1;
    this.#sum[slot] = (this.#sum[slot] as number) + x;
    this.#sumSq[slot] = (this.#sumSq[slot] as number) + sq;
    this.#trues[slot] = (this.#trues[slot] as number) + truth;
    this.count++;
    this.sum += x;
    this.sumSq += sq;
    this.trues += truth;
    return true;
  }

  /** Population variance of the window's values; undefined below 2 values. */
  variance(): number | undefined {
    if (this.count < 2) return undefined;
    const mean = this.sum / this.count;
    return Math.max(0, this.sumSq / this.count - mean * mean);
  }

  /** The window's buckets, oldest first (empty ones included). */
  buckets(): BucketSums[] {
    const out: BucketSums[] = [];
    for (let i = this.length - 1; i >= 0; i--) {
      const sec = this.head - i;
      if (!Number.isFinite(sec)) continue;
      const s = ((sec % this.length) + this.length) % this.length;
      out.push({ sec, count: this.#count[s] as number, sum: this.#sum[s] as number, sumSq: this.#sumSq[s] as number, trues: this.#trues[s] as number });
    }
    return out;
  }

  /** A copy with `length` buckets keeping the newest ones (a knob changed the window). */
  resized(length: number): ScalarRing {
    const next = new ScalarRing(length);
    next.copyTimes(this, (a, b) => {
      next.#count[b] = this.#count[a] as number;
      next.#sum[b] = this.#sum[a] as number;
      next.#sumSq[b] = this.#sumSq[a] as number;
      next.#trues[b] = this.#trues[a] as number;
    });
    return next;
  }

  protected slotData(slot: number): number[] {
    return [this.#count[slot] as number, this.#sum[slot] as number, this.#sumSq[slot] as number, this.#trues[slot] as number];
  }

  protected loadSlot(slot: number, data: readonly number[]): void {
    this.#count[slot] = data[0] ?? 0;
    this.#sum[slot] = data[1] ?? 0;
    this.#sumSq[slot] = data[2] ?? 0;
    this.#trues[slot] = data[3] ?? 0;
  }

  protected expire(slot: number): void {
    this.count -= this.#count[slot] as number;
    this.sum -= this.#sum[slot] as number;
    this.sumSq -= this.#sumSq[slot] as number;
    this.trues -= this.#trues[slot] as number;
    this.#count[slot] = 0;
    this.#sum[slot] = 0;
    this.#sumSq[slot] = 0;
    this.#trues[slot] = 0;
  }

  protected clearAll(): void {
    this.#count.fill(0);
    this.#sum.fill(0);
    this.#sumSq.fill(0);
    this.#trues.fill(0);
    this.count = this.sum = this.sumSq = this.trues = 0;
  }

  protected resync(): void {
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    let trues = 0;
    for (let i = 0; i < this.length; i++) {
      count += this.#count[i] as number;
      sum += this.#sum[i] as number;
      sumSq += this.#sumSq[i] as number;
      trues += this.#trues[i] as number;
    }
    this.count = count;
    this.sum = sum;
    this.sumSq = sumSq;
    this.trues = trues;
  }
}
