/**
 * @module gateway/hardening/noise
 * The seeded generator of output-hardening noise. The seed of each request mixes the
 * configured seed with a hash of the request body, so the same query always gets the same
 * noisy answer: averaging repeated queries does not remove the noise, and tests can expect
 * exact bytes. mulberry32 for uniforms, Box–Muller for normals.
 */

/**
 * FNV-1a (32-bit) of `bytes`, started from `seed`.
 *
 * @example
 * fnv1a(Buffer.from('abc'), 0) !== fnv1a(Buffer.from('abd'), 0); // true
 */
export function fnv1a(bytes: Uint8Array, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193) >>> 0;
  return h;
}

/**
 * A deterministic stream of standard normal values.
 *
 * @example
 * const g = new GaussianStream(seedFor(body, 42)); g.next(); // same value for the same body and seed
 */
export class GaussianStream {
  #state: number;
  #spare: number | undefined = undefined;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in (0, 1). */
  uniform(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }

  /** Standard normal (mean 0, variance 1). */
  next(): number {
    if (this.#spare !== undefined) {
      const spare = this.#spare;
      this.#spare = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.#spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/**
 * The per-request seed: the configured seed mixed with the request body's hash.
 *
 * @example
 * seedFor(Buffer.from('{"inputs":[]}'), 7);
 */
export function seedFor(body: Uint8Array, seed: number): number {
  return fnv1a(body, seed);
}
