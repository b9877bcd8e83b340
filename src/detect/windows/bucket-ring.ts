/**
 * @module detect/windows/bucket-ring
 * The time axis every window shares: a ring of `length` one-second buckets addressed by
 * the event's second (`floor(ms / 1000)`). The newest bucket is `head`; a bucket that falls
 * out of the ring is expired (its contribution subtracted from the running window totals
 * and zeroed) when time moves forward, so adding an event and reading the window are O(1)
 * amortised. Events older than the ring are dropped and counted (`late`). Subclasses hold
 * the per-bucket data; this class keeps each bucket's first event time (the onset of an
 * anomaly is the first event of its window). Deterministic: time comes from the caller.
 */

/** A ring's buckets as plain data (non-empty buckets only), for `toJSON()`/`restore()`. */
export interface RingState {
  readonly head: number;
  readonly buckets: readonly { readonly sec: number; readonly firstMs: number; readonly data: readonly number[] }[];
}

/**
 * `x mod m` in [0, m) for negative x too.
 *
 * @example
 * slotOf(-1, 60); // 59
 */
export function slotOf(sec: number, length: number): number {
  const r = sec % length;
  return r < 0 ? r + length : r;
}

/**
 * Buckets of one second in a ring; subclasses implement {@link BucketRing.expire}.
 *
 * @example
 * class Counts extends BucketRing { n = new Float64Array(this.length); expire(s: number) { this.n[s] = 0; } }
 */
export abstract class BucketRing {
  /** Buckets in the ring: the window covers the current second and the `length − 1` before it. */
  readonly length: number;
  /** Events dropped because they were older than the ring. */
  late = 0;
  #head = Number.NEGATIVE_INFINITY;
  readonly #firstMs: Float64Array;
  #wraps = 0;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`BucketRing: length must be an integer >= 1, got ${length}`);
    this.length = length;
    this.#firstMs = new Float64Array(length).fill(Number.POSITIVE_INFINITY);
  }

  /** The newest bucket's second, −Infinity before the first event. */
  get head(): number {
    return this.#head;
  }

  /** Moves the newest bucket to `sec`, expiring the buckets that leave the ring. */
  advance(sec: number): void {
    const head = this.#head;
    if (!(sec > head)) return;
    const steps = head === Number.NEGATIVE_INFINITY ? this.length : Math.min(sec - head, this.length);
    if (steps >= this.length) {
      this.clearAll();
      this.#firstMs.fill(Number.POSITIVE_INFINITY);
    } else {
      for (let i = 1; i <= steps; i++) {
        const slot = slotOf(head + i, this.length);
        this.expire(slot);
        this.#firstMs[slot] = Number.POSITIVE_INFINITY;
      }
    }
    this.#head = sec;
    // Running float totals drift by rounding as buckets are added and subtracted: recompute
    // them exactly once per turn of the ring (O(length) every `length` seconds).
    const wraps = Math.floor(sec / this.length);
    if (wraps !== this.#wraps) {
      this.#wraps = wraps;
      this.resync();
    }
  }

  /**
   * The slot for an event at `sec` (ms `t`), advancing the ring when it is newer than
   * `head`; −1 (and `late` counted) when it is older than the ring holds.
   */
  protected slotFor(sec: number, t: number): number {
    if (sec > this.#head) this.advance(sec);
    else if (sec <= this.#head - this.length) {
      this.late++;
      return -1;
    }
    const slot = slotOf(sec, this.length);
    if (t < (this.#firstMs[slot] as number)) this.#firstMs[slot] = t;
    return slot;
  }

  /** Time of the first event in the window, or undefined when the window is empty. */
  firstEventMs(): number | undefined {
    let first = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.length; i++) first = Math.min(first, this.#firstMs[i] as number);
    return first === Number.POSITIVE_INFINITY ? undefined : first;
  }

  /** First event time of the bucket of second `sec`, if it holds one. */
  bucketFirstMs(sec: number): number | undefined {
    if (sec > this.#head || sec <= this.#head - this.length) return undefined;
    const t = this.#firstMs[slotOf(sec, this.length)] as number;
    return t === Number.POSITIVE_INFINITY ? undefined : t;
  }

  /** Copies the newest `min(length, from.length)` buckets' first-event times from `from` (resizing). */
  protected copyTimes(from: BucketRing, copySlot: (fromSlot: number, toSlot: number) => void): void {
    const keep = Math.min(this.length, from.length);
    if (from.#head === Number.NEGATIVE_INFINITY) return;
    this.#head = from.#head;
    this.#wraps = Math.floor(from.#head / this.length);
    for (let i = 0; i < keep; i++) {
      const sec = from.#head - i;
      const a = slotOf(sec, from.length);
      const b = slotOf(sec, this.length);
      this.#firstMs[b] = from.#firstMs[a] as number;
      copySlot(a, b);
    }
    this.late = from.late;
    this.resync();
  }

  /** The non-empty buckets as plain data. */
  toJSON(): RingState {
    const buckets: { sec: number; firstMs: number; data: number[] }[] = [];
    if (this.#head !== Number.NEGATIVE_INFINITY) {
      for (let sec = this.#head - this.length + 1; sec <= this.#head; sec++) {
        const slot = slotOf(sec, this.length);
        const firstMs = this.#firstMs[slot] as number;
        if (firstMs !== Number.POSITIVE_INFINITY) buckets.push({ sec, firstMs, data: this.slotData(slot) });
      }
    }
    return { head: Number.isFinite(this.#head) ? this.#head : -1, buckets };
  }

  /** Loads buckets saved by `toJSON()` into this (empty) ring; those outside it are skipped. */
  load(state: RingState): void {
    if (state.buckets.length === 0) return;
    this.advance(state.head);
    for (const b of state.buckets) {
      if (b.sec > this.#head || b.sec <= this.#head - this.length) continue;
      const slot = slotOf(b.sec, this.length);
      this.#firstMs[slot] = b.firstMs;
      this.loadSlot(slot, b.data);
    }
    this.resync();
  }

  /** Bucket `slot`'s data as numbers. */
  protected abstract slotData(slot: number): number[];
  /** Sets bucket `slot` from `slotData` output (totals are resynced after). */
  protected abstract loadSlot(slot: number, data: readonly number[]): void;
  /** Subtracts bucket `slot` from the window totals and zeroes it. */
  protected abstract expire(slot: number): void;
  /** Zeroes every bucket and total. */
  protected abstract clearAll(): void;
  /** Recomputes the window totals from the buckets. */
  protected abstract resync(): void;
}
