/**
 * @module control/sli/sliding-rate
 * A per-key sliding-window ratio (flagged / total) over fixed-width time buckets: O(1) per
 * observation, bounded memory (buckets per key), pure apart from the `now` passed in.
 */

interface Series {
  readonly totals: number[];
  readonly flagged: number[];
  /** Bucket number (floor(now / bucketMs)) each slot holds. */
  readonly slots: number[];
}

/**
 * @example
 * const rate = new SlidingRate({ windowMs: 300_000, bucketMs: 10_000 });
 * rate.observe('fraud', true, now);
 * rate.ratio('fraud', now); // 1
 */
export class SlidingRate {
  readonly #bucketMs: number;
  readonly #buckets: number;
  readonly #series = new Map<string, Series>();

  constructor(options: { readonly windowMs: number; readonly bucketMs: number }) {
    this.#bucketMs = Math.max(1, options.bucketMs);
    this.#buckets = Math.max(1, Math.ceil(options.windowMs / this.#bucketMs));
  }

  observe(key: string, flagged: boolean, now: number): void {
    const series = this.#get(key);
    const bucket = Math.floor(now / this.#bucketMs);
    const i = bucket % this.#buckets;
    if (series.slots[i] !== bucket) {
      series.slots[i] = bucket;
      series.totals[i] = 0;
      series.flagged[i] = 0;
    }
    series.totals[i] = (series.totals[i] ?? 0) + 1;
    if (flagged) series.flagged[i] = (series.flagged[i] ?? 0) + 1;
  }

  /** flagged / total within the window ending at `now`; undefined when nothing was observed. */
  ratio(key: string, now: number): number | undefined {
    const series = this.#series.get(key);
    if (series === undefined) return undefined;
    const newest = Math.floor(now / this.#bucketMs);
    let total = 0;
    let flagged = 0;
    for (let i = 0; i < this.#buckets; i++) {
      const bucket = series.slots[i] ?? -1;
      if (bucket <= newest - this.#buckets || bucket > newest) continue;
      total += series.totals[i] ?? 0;
      flagged += series.flagged[i] ?? 0;
    }
    return total === 0 ? undefined : flagged / total;
  }

  keys(): string[] {
    return [...this.#series.keys()];
  }

  #get(key: string): Series {
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { totals: new Array<number>(this.#buckets).fill(0), flagged: new Array<number>(this.#buckets).fill(0), slots: new Array<number>(this.#buckets).fill(-1) };
      this.#series.set(key, series);
    }
    return series;
  }
}
