/**
 * @module alerts/burn-rate
 * Event counts (total, bad) in fixed-width time buckets over a horizon (3 days), with a
 * running sum per window (5 m … 3 d), so that recording an event and reading a window are
 * O(number of windows), whatever the traffic. Moving time forward retires whole buckets
 * (amortised O(1) per bucket width). Deterministic: time is always a parameter.
 */

/** Sums of one window. */
export interface WindowCounts {
  readonly total: number;
  readonly bad: number;
}

/** The JSON form of a {@link BucketWindows} (restart). */
export interface BucketWindowsState {
  readonly bucketMs: number;
  readonly current: number | null;
  /** Non-empty buckets only: [absolute bucket index, total, bad]. */
  readonly buckets: readonly (readonly [number, number, number])[];
}

/**
 * @example
 * const w = new BucketWindows({ bucketMs: 30_000, windowsMs: [300_000, 3_600_000] });
 * w.observe(100, 3, now, now);
 * w.counts(300_000, now); // { total: 100, bad: 3 }
 */
export class BucketWindows {
  readonly #bucketMs: number;
  readonly #size: number;
  readonly #total: Float64Array;
  readonly #bad: Float64Array;
  /** window ms → [buckets it spans, running total, running bad]. */
  readonly #windows = new Map<number, { readonly span: number; total: number; bad: number }>();
  /** Absolute index of the newest bucket; null before the first event. */
  #current: number | null = null;

  constructor(options: { readonly bucketMs: number; readonly windowsMs: readonly number[] }) {
    if (!(options.bucketMs > 0)) throw new RangeError(`bucketMs must be > 0, got ${options.bucketMs}`);
    this.#bucketMs = options.bucketMs;
    for (const ms of options.windowsMs) {
      if (!(ms >= options.bucketMs)) throw new RangeError(`window ${ms} ms is shorter than a bucket (${options.bucketMs} ms)`);
      this.#windows.set(ms, { span: Math.ceil(ms / options.bucketMs), total: 0, bad: 0 });
    }
    this.#size = Math.max(1, ...[...this.#windows.values()].map((w) => w.span));
    this.#total = new Float64Array(this.#size);
    this.#bad = new Float64Array(this.#size);
  }

  /**
   * Adds `total` events, `bad` of them bad, to the bucket of `at` (clamped to `now`).
   * Returns false when `at` is older than the horizon (the events are not counted).
   */
  observe(total: number, bad: number, at: number, now: number): boolean {
    this.advance(now);
    const current = this.#current as number;
    const bucket = Math.min(Math.floor(at / this.#bucketMs), current);
    if (bucket <= current - this.#size) return false;
    const slot = mod(bucket, this.#size);
    this.#total[slot] = (this.#total[slot] ?? 0) + total;
    this.#bad[slot] = (this.#bad[slot] ?? 0) + bad;
    for (const window of this.#windows.values()) {
      if (bucket > current - window.span) {
        window.total += total;
        window.bad += bad;
      }
    }
    return true;
  }

  /** The sums of the window of `windowMs` ending at `now`. */
  counts(windowMs: number, now: number): WindowCounts {
    this.advance(now);
    const window = this.#windows.get(windowMs);
    if (window === undefined) throw new RangeError(`no window of ${windowMs} ms`);
    return { total: window.total, bad: window.bad };
  }

  /** Retires the buckets that fell out of each window by `now` (time never goes back). */
  advance(now: number): void {
    const target = Math.floor(now / this.#bucketMs);
    if (this.#current === null) {
      this.#current = target;
      return;
    }
    const steps = target - this.#current;
    if (steps <= 0) return;
    if (steps >= this.#size) {
      this.#reset(target);
      return;
    }
    for (let index = this.#current + 1; index <= target; index++) {
      for (const window of this.#windows.values()) {
        const leaving = mod(index - window.span, this.#size);
        window.total -= this.#total[leaving] ?? 0;
        window.bad -= this.#bad[leaving] ?? 0;
      }
      // The slot of `index` held bucket index − size, outside every window by now.
      const slot = mod(index, this.#size);
      this.#total[slot] = 0;
      this.#bad[slot] = 0;
    }
    this.#current = target;
  }

  toJSON(): BucketWindowsState {
    const buckets: [number, number, number][] = [];
    if (this.#current !== null) {
      for (let index = this.#current - this.#size + 1; index <= this.#current; index++) {
        const slot = mod(index, this.#size);
        if ((this.#total[slot] ?? 0) !== 0 || (this.#bad[slot] ?? 0) !== 0) buckets.push([index, this.#total[slot] ?? 0, this.#bad[slot] ?? 0]);
      }
    }
    return { bucketMs: this.#bucketMs, current: this.#current, buckets };
  }

  /** Reloads what {@link toJSON} wrote (same bucket width), as of `now`. */
  restore(state: BucketWindowsState, now: number): void {
    if (state.bucketMs !== this.#bucketMs) throw new RangeError(`bucket width ${state.bucketMs} ms differs from ${this.#bucketMs} ms`);
    this.#reset(state.current ?? Math.floor(now / this.#bucketMs));
    for (const [index, total, bad] of state.buckets) this.observe(total, bad, index * this.#bucketMs, (state.current ?? index) * this.#bucketMs);
    this.advance(now);
  }

  #reset(current: number): void {
    this.#total.fill(0);
    this.#bad.fill(0);
    for (const window of this.#windows.values()) {
      window.total = 0;
      window.bad = 0;
    }
    this.#current = current;
  }
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
