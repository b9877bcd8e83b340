/**
 * @module detect/windows/recent-senders
 * Who last sent each recent value of an entropy window (the attribution of an entropy
 * collapse: the senders of the repeated input). A direct-mapped table of fixed size: a
 * value's slot is a hash of its key, a later value in the same slot replaces it. The hot
 * path (one `note` per event) writes four array slots and allocates nothing; a value sent
 * over and over is re-noted on every repeat, so it is always there when `repeated` asks.
 */

/**
 * @example
 * const senders = new RecentSenders(4096);
 * senders.note(0xdeadbeef, 'req-1', 'mallory', 1_000);
 * senders.forEachSince(0, (key, requestId, apiKey) => console.log(key, requestId, apiKey));
 */
export class RecentSenders {
  readonly #mask: number;
  readonly #shift: number;
  readonly #keys: Uint32Array;
  /** Time of the last note per slot; NaN for an empty slot. */
  readonly #t: Float64Array;
  readonly #ids: string[];
  readonly #apiKeys: (string | undefined)[];

  /** `slots` is rounded up to a power of two (at least 2). */
  constructor(slots: number) {
    let bits = 1;
    while (1 << bits < slots && bits < 30) bits++;
    const size = 1 << bits;
    this.#mask = size - 1;
    this.#shift = 32 - bits;
    this.#keys = new Uint32Array(size);
    this.#t = new Float64Array(size).fill(Number.NaN);
    this.#ids = new Array<string>(size).fill('');
    this.#apiKeys = new Array<string | undefined>(size).fill(undefined);
  }

  /** Records that `key` was last sent by `requestId` / `apiKey` at `t`. */
  note(key: number, requestId: string, apiKey: string | undefined, t: number): void {
    // Fibonacci hashing: the top bits of key·φ·2³², so nearby keys spread over the table.
    const slot = (Math.imul(key, 0x9e3779b1) >>> this.#shift) & this.#mask;
    this.#keys[slot] = key;
    this.#t[slot] = t;
    this.#ids[slot] = requestId;
    this.#apiKeys[slot] = apiKey;
  }

  /** Visits every value noted at or after `fromMs` (its last request and API key). */
  forEachSince(fromMs: number, visit: (key: number, requestId: string, apiKey: string | undefined) => void): void {
    for (let slot = 0; slot <= this.#mask; slot++) {
      const t = this.#t[slot] as number;
      if (t >= fromMs) visit(this.#keys[slot] as number, this.#ids[slot] as string, this.#apiKeys[slot]);
    }
  }
}
