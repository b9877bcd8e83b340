/**
 * @module detect/windows/distinct-ring
 * The exact distribution of a categorical value (input fingerprints, classes) over a window:
 * each one-second bucket keeps the keys it received (a growable Uint32Array), and a
 * CountTable keeps the window's count per distinct key and its running Σ c·log₂c, so the
 * window's Shannon entropy is O(1) to read and O(1) amortised to maintain. Memory is
 * bounded by `maxEvents` keys per window: beyond it, events are counted as `capped` and
 * left out (the evidence says so); ordinary windows stay far below it.
 */
import { BucketRing } from './bucket-ring.js';
import { CountTable } from './count-table.js';

/**
 * @example
 * const d = new DistinctRing(11, 100_000);
 * d.add(0, 7, 0); d.add(0, 7, 1); d.add(0, 9, 2);
 * d.entropyBits(); // 0.918…
 */
export class DistinctRing extends BucketRing {
  readonly maxEvents: number;
  /** Events left out because the window held `maxEvents` already. */
  capped = 0;
  #lists: Uint32Array[];
  readonly #lengths: Int32Array;
  readonly #table = new CountTable();

  constructor(length: number, maxEvents: number) {
    super(length);
    this.maxEvents = maxEvents;
    this.#lists = Array.from({ length }, () => new Uint32Array(8));
    this.#lengths = new Int32Array(length);
  }

  /** Events in the window. */
  get total(): number {
    return this.#table.total;
  }

  /** Distinct keys in the window. */
  get distinct(): number {
    return this.#table.size;
  }

  /** Counts `key` (uint32) at second `sec` (ms `t`); false when too old or capped. */
  add(sec: number, key: number, t: number): boolean {
    const slot = this.slotFor(sec, t);
    if (slot < 0) return false;
    if (this.#table.total >= this.maxEvents) {
      this.capped++;
      return false;
    }
    let list = this.#lists[slot] as Uint32Array;
    const n = this.#lengths[slot] as number;
    if (n === list.length) {
      const grown = new Uint32Array(list.length * 2);
      grown.set(list);
      this.#lists[slot] = list = grown;
    }
    list[n] = key;
    this.#lengths[slot] = n + 1;
    this.#table.increment(key);
    return true;
  }

  /** Occurrences of `key` in the window. */
  count(key: number): number {
    return this.#table.count(key);
  }

  /** Shannon entropy (bits) of the window's keys; undefined when empty. */
  entropyBits(): number | undefined {
    return this.#table.entropyBits();
  }

  /** A copy with `length` buckets keeping the newest ones. */
  resized(length: number): DistinctRing {
    const next = new DistinctRing(length, this.maxEvents);
    next.copyTimes(this, (a, b) => {
      const n = this.#lengths[a] as number;
      next.#lists[b] = (this.#lists[a] as Uint32Array).slice(0, Math.max(8, n));
      next.#lengths[b] = n;
    });
    return next;
  }

  protected slotData(slot: number): number[] {
    return Array.from((this.#lists[slot] as Uint32Array).subarray(0, this.#lengths[slot] as number));
  }

  protected loadSlot(slot: number, data: readonly number[]): void {
    this.#lists[slot] = Uint32Array.from(data.length === 0 ? [0] : data);
    this.#lengths[slot] = data.length;
  }

  protected expire(slot: number): void {
    const list = this.#lists[slot] as Uint32Array;
    const n = this.#lengths[slot] as number;
    for (let i = 0; i < n; i++) this.#table.decrement(list[i] as number);
    this.#lengths[slot] = 0;
    // A burst can grow one bucket's list a lot; give the memory back once it is idle.
    if (list.length > 4096 && n < list.length / 8) this.#lists[slot] = new Uint32Array(Math.max(8, n));
  }

  protected clearAll(): void {
    this.#table.clear();
    this.#lengths.fill(0);
  }

  protected resync(): void {
    this.#table.clear();
    for (let s = 0; s < this.length; s++) {
      const list = this.#lists[s] as Uint32Array;
      const n = this.#lengths[s] as number;
      for (let i = 0; i < n; i++) this.#table.increment(list[i] as number);
    }
  }
}
