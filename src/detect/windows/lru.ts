/**
 * @module detect/windows/lru
 * A bounded map that evicts its least recently used entry beyond `capacity` and counts the
 * evictions: the memory bound on per-key and per-version state. `touch` moves an entry to
 * the most-recent end (a delete and a set on the underlying Map, whose iteration order is
 * insertion order); repeated touches of the newest entry cost one comparison.
 */

/**
 * @example
 * const m = new LruMap<string, number>(2); m.set('a', 1); m.set('b', 2); m.get('a'); m.set('c', 3);
 * [...m.keys()]; m.evictions; // ['a', 'c'], 1
 */
export class LruMap<K, V> {
  readonly capacity: number;
  evictions = 0;
  readonly #map = new Map<K, V>();
  readonly #onEvict: ((key: K, value: V) => void) | undefined;
  #newest: K | undefined;

  constructor(capacity: number, onEvict?: (key: K, value: V) => void) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LruMap: capacity must be an integer >= 1, got ${capacity}`);
    this.capacity = capacity;
    this.#onEvict = onEvict;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The value of `key`, marking it most recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#map.delete(key);
      this.#map.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  /** The value without touching it. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Replaces the value of a present `key` without marking it used (false when absent). */
  update(key: K, value: V): boolean {
    if (!this.#map.has(key)) return false;
    this.#map.set(key, value);
    return true;
  }

  /** Sets `key` as most recently used, evicting the least recently used beyond capacity. */
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    this.#newest = key;
    if (this.#map.size > this.capacity) {
      const [oldKey, oldValue] = this.#map.entries().next().value as [K, V];
      this.#map.delete(oldKey);
      this.evictions++;
      this.#onEvict?.(oldKey, oldValue);
    }
  }

  delete(key: K): boolean {
    if (key === this.#newest) this.#newest = undefined;
    return this.#map.delete(key);
  }

  keys(): IterableIterator<K> {
    return this.#map.keys();
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
