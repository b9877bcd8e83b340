/**
 * @module shared/math/bucket-store
 * Integer counts per integer bucket key over a contiguous key range, for the quantile sketch.
 * Dense (a Float64Array with an offset), grown on demand, and capped at `maxBuckets` keys by
 * folding every key below (highest key − maxBuckets + 1) into that key. Because the fold target
 * depends only on the highest key ever seen, the final counts are a function of the multiset of
 * keys added, whatever the order of adds and merges (merging is exactly order-invariant).
 */
import { assert } from './assert.js';

export interface BucketStoreState {
  /** Key of counts[0]. */
  readonly offset: number;
  readonly counts: readonly number[];
}

export class BucketStore {
  readonly maxBuckets: number;
  #counts = new Float64Array(0);
  #offset = 0; // key of #counts[0]
  #lo = 0; // lowest key with a count (valid when #total > 0)
  #hi = -1; // highest key with a count
  #total = 0;

  constructor(maxBuckets: number) {
    this.maxBuckets = maxBuckets;
  }

  get total(): number {
    return this.#total;
  }

  /** Adds `count` (> 0) observations to bucket `key`. O(1) amortised, no allocation unless the range grows. */
  add(key: number, count: number): void {
    if (this.#total === 0) {
      this.#lo = this.#hi = key;
    } else if (key > this.#hi) {
      this.#hi = key;
      this.#foldBelow(key - this.maxBuckets + 1);
    }
    const floor = this.#hi - this.maxBuckets + 1;
    const k = key < floor ? floor : key;
    if (k < this.#lo) this.#lo = k;
    this.#ensure(this.#lo, this.#hi);
    const i = k - this.#offset;
    this.#counts[i] = (this.#counts[i] as number) + count;
    this.#total += count;
  }

  /** Moves all counts below `threshold` into bucket `threshold`. */
  #foldBelow(threshold: number): void {
    if (this.#lo >= threshold) return;
    let moved = 0;
    const end = Math.min(threshold, this.#offset + this.#counts.length);
    for (let k = Math.max(this.#lo, this.#offset); k < end; k++) {
      const i = k - this.#offset;
      moved += this.#counts[i] as number;
      this.#counts[i] = 0;
    }
    this.#lo = threshold;
    this.#ensure(this.#lo, this.#hi);
    const i = threshold - this.#offset;
    this.#counts[i] = (this.#counts[i] as number) + moved;
  }

  /** Makes keys lo..hi addressable, re-basing and growing the array when needed. */
  #ensure(lo: number, hi: number): void {
    const cap = this.#counts.length;
    if (lo >= this.#offset && hi < this.#offset + cap) return;
    const span = hi - lo + 1;
    assert(span <= this.maxBuckets, 'bucket span exceeds maxBuckets');
    const size = Math.min(this.maxBuckets, Math.max(span + 32, 2 * span, 64));
    const next = new Float64Array(size);
    const offset = lo - Math.floor((size - span) / 2);
    for (let k = Math.max(this.#offset, lo); k < Math.min(this.#offset + cap, hi + 1); k++) next[k - offset] = this.#counts[k - this.#offset] as number;
    this.#counts = next;
    this.#offset = offset;
  }

  /** Calls fn(key, count) for every non-empty bucket, ascending (`descending` to reverse). */
  forEach(fn: (key: number, count: number) => boolean | void, descending = false): void {
    if (this.#total === 0) return;
    for (let j = 0; j <= this.#hi - this.#lo; j++) {
      const key = descending ? this.#hi - j : this.#lo + j;
      const c = this.#counts[key - this.#offset] as number;
      if (c > 0 && fn(key, c) === true) return;
    }
  }

  toJSON(): BucketStoreState {
    const counts: number[] = [];
    for (let k = this.#lo; k <= this.#hi && this.#total > 0; k++) counts.push(this.#counts[k - this.#offset] as number);
    return { offset: this.#total > 0 ? this.#lo : 0, counts };
  }
}
