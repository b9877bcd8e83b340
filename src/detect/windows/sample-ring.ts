/**
 * @module detect/windows/sample-ring
 * A fixed-size ring of (request id, API key, time) for the sample of request ids and the
 * keys an anomaly names. Push stores references into preallocated slots: no allocation.
 */

/**
 * @example
 * const s = new SampleRing(2); s.push('a', 'k1', 1); s.push('b', undefined, 2); s.push('c', 'k2', 3);
 * s.since(0).ids; // ['b', 'c']
 */
export class SampleRing {
  readonly capacity: number;
  readonly #ids: (string | undefined)[];
  readonly #keys: (string | undefined)[];
  readonly #times: Float64Array;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.#ids = new Array<string | undefined>(this.capacity).fill(undefined);
    this.#keys = new Array<string | undefined>(this.capacity).fill(undefined);
    this.#times = new Float64Array(this.capacity);
  }

  push(id: string, key: string | undefined, t: number): void {
    const i = this.#next;
    this.#ids[i] = id;
    this.#keys[i] = key;
    this.#times[i] = t;
    this.#next = i + 1 === this.capacity ? 0 : i + 1;
    if (this.#size < this.capacity) this.#size++;
  }

  /** Ids and distinct keys of the entries at or after `fromMs`, oldest first. */
  since(fromMs: number): { ids: string[]; keys: string[] } {
    const ids: string[] = [];
    const keys = new Set<string>();
    for (let j = this.#size; j >= 1; j--) {
      const i = (this.#next - j + this.capacity) % this.capacity;
      if ((this.#times[i] as number) < fromMs) continue;
      ids.push(this.#ids[i] as string);
      const key = this.#keys[i];
      if (key !== undefined) keys.add(key);
    }
    return { ids, keys: [...keys] };
  }
}
