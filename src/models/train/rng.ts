/**
 * @module models/train/rng
 * A seeded pseudo-random generator for training (weight initialisation, shuffles, splits)
 * and the demo's synthetic data. Deterministic across runs and platforms: the state is
 * 32-bit integer arithmetic (SplitMix32 seeding, then xoshiro128**), so the same seed
 * always yields the same stream. Not cryptographic.
 */

/** A stream of pseudo-random numbers. */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of precision. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller; one value per call, the pair's second value is dropped). */
  normal(): number;
  /** True with probability `p`. */
  bernoulli(p: number): boolean;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T;
  /** An independent stream derived from this one's next outputs (for sub-tasks). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A seeded generator. `seed` is any finite number; its integer part modulo 2³² is used.
 *
 * @example
 * const rng = createRng(42);
 * rng.next(); // same value on every run
 * rng.shuffle(Int32Array.from([0, 1, 2, 3]));
 */
export function createRng(seed: number): Rng {
  const init = splitmix32(Math.trunc(seed) >>> 0);
  const s = Uint32Array.of(init(), init(), init(), init());
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1] as number, 5) >>> 0, 7), 9) >>> 0;
    const t = ((s[1] as number) << 9) >>> 0;
    s[2] = (s[2] as number) ^ (s[0] as number);
    s[3] = (s[3] as number) ^ (s[1] as number);
    s[1] = (s[1] as number) ^ (s[2] as number);
    s[0] = (s[0] as number) ^ (s[3] as number);
    s[2] = (s[2] as number) ^ t;
    s[3] = rotl(s[3] as number, 11);
    return result;
  };
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor(rng.next() * n),
    normal: () => {
      const u = 1 - rng.next(); // (0, 1]: log stays finite
      const v = rng.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    bernoulli: (p) => rng.next() < p,
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    fork: () => createRng(nextU32() ^ Math.imul(nextU32(), 0x27d4eb2d)),
  };
  return rng;
}
