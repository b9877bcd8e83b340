/**
 * @module detect/windows/count-table
 * Counts per 32-bit key in an open-addressing hash table (linear probing, backward-shift
 * deletion), keeping Σ c·log₂c over its counts as they change, so the Shannon entropy of the
 * counted keys is read in O(1): H = log₂N − S/N. Increment and decrement allocate nothing;
 * the table doubles (rehash) when it is half full.
 */

const CLOGC_TABLE_SIZE = 4096;
const CLOGC = new Float64Array(CLOGC_TABLE_SIZE);
for (let c = 2; c < CLOGC_TABLE_SIZE; c++) CLOGC[c] = c * Math.log2(c);

/**
 * c·log₂c (0 for c = 0 and 1).
 *
 * @example
 * cLogC(4); // 8
 */
export function cLogC(c: number): number {
  return c < CLOGC_TABLE_SIZE ? (CLOGC[c] as number) : c * Math.log2(c);
}

/** Spreads a 32-bit key over the table (keys such as fingerprints are already hashes, counts are not). */
function slotHash(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * @example
 * const t = new CountTable(); t.increment(7); t.increment(7); t.increment(9);
 * t.size; t.total; t.entropyBits(); // 2, 3, 0.918…
 */
export class CountTable {
  #keys: Uint32Array;
  #counts: Uint32Array;
  #mask: number;
  size = 0;
  total = 0;
  /** Σ c·log₂c over the counts. */
  sumCLogC = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.#keys = new Uint32Array(cap);
    this.#counts = new Uint32Array(cap);
    this.#mask = cap - 1;
  }

  #find(key: number): number {
    let i = slotHash(key) & this.#mask;
    while ((this.#counts[i] as number) !== 0 && (this.#keys[i] as number) !== key) i = (i + 1) & this.#mask;
    return i;
  }

  /** Adds one occurrence of `key` (a uint32). */
  increment(key: number): void {
    if ((this.size + 1) * 2 > this.#counts.length) this.#grow();
    const i = this.#find(key);
    const c = this.#counts[i] as number;
    if (c === 0) {
      this.#keys[i] = key;
      this.size++;
    }
    this.#counts[i] = c + 1;
    this.total++;
    this.sumCLogC += cLogC(c + 1) - cLogC(c);
  }

  /** Occurrences of `key` (0 when absent). */
  count(key: number): number {
    return this.#counts[this.#find(key)] as number;
  }

  /** Removes one occurrence of `key` (which must be present). */
  decrement(key: number): void {
    const i = this.#find(key);
    const c = this.#counts[i] as number;
    if (c === 0) return;
    this.total--;
    this.sumCLogC += cLogC(c - 1) - cLogC(c);
    if (c > 1) {
      this.#counts[i] = c - 1;
      return;
    }
    this.size--;
    this.#remove(i);
  }

  /** Backward-shift deletion: no tombstones, probe chains stay short. */
  #remove(hole: number): void {
    const mask = this.#mask;
    let i = hole;
    let j = i;
    for (;;) {
      this.#counts[i] = 0;
      for (;;) {
        j = (j + 1) & mask;
        if ((this.#counts[j] as number) === 0) return;
        const home = slotHash(this.#keys[j] as number) & mask;
        // Move j into the hole i unless its home lies cyclically in (i, j].
        if (i <= j ? home <= i || home > j : home <= i && home > j) break;
      }
      this.#keys[i] = this.#keys[j] as number;
      this.#counts[i] = this.#counts[j] as number;
      i = j;
    }
  }

  #grow(): void {
    const keys = this.#keys;
    const counts = this.#counts;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#counts = new Uint32Array(keys.length * 2);
    this.#mask = this.#keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const c = counts[i] as number;
      if (c === 0) continue;
      const j = this.#find(keys[i] as number);
      this.#keys[j] = keys[i] as number;
      this.#counts[j] = c;
    }
  }

  /** Shannon entropy of the counted keys' frequencies, bits; undefined when empty. */
  entropyBits(): number | undefined {
    if (this.total === 0) return undefined;
    return Math.max(0, Math.log2(this.total) - this.sumCLogC / this.total);
  }

  /** Recomputes Σ c·log₂c exactly (drift control). */
  resync(): void {
    let s = 0;
    for (let i = 0; i < this.#counts.length; i++) s += cLogC(this.#counts[i] as number);
    this.sumCLogC = s;
  }

  clear(): void {
    this.#counts.fill(0);
    this.size = 0;
    this.total = 0;
    this.sumCLogC = 0;
  }
}
