/**
 * @module inspect/entropy/byte-entropy
 * The entropy inspector's per-request byte entropy: the same value, bit for bit, as
 * shared/math `byteEntropy` (the same terms −p·log₂ p, p = count / n, summed in ascending
 * byte order), without its scan of all 256 histogram slots. The histogram marks the bytes
 * it sees in a 256-bit set, and only those are visited (a JSON body has 30–40 distinct
 * bytes: the full scan was as slow as the histogram itself), and a term is computed once
 * per distinct count. Not re-entrant (one scratch histogram, like shared/math's); the
 * gateway calls it synchronously.
 */

const COUNTS = new Float64Array(256);
/** Bit b of word w: byte 32·w + b occurs. Cleared as it is read. */
const SEEN = new Int32Array(8);
/**
 * The term p·log₂ p of a count, within one call (n fixed): many bytes share a count (a JSON
 * body's 30–40 distinct bytes have a dozen distinct counts), and `Math.log2` is a libm call.
 * TERMS[c] is valid when STAMPS[c] is the current call's stamp.
 */
const CACHED_COUNTS = 1024;
const TERMS = new Float64Array(CACHED_COUNTS);
const STAMPS = new Uint32Array(CACHED_COUNTS);
let stamp = 0;

/**
 * Bits per byte of the byte histogram of `bytes` (0..8; 0 for an empty array), equal to
 * shared/math `byteEntropy(bytes)`. Throws a TypeError for a non-Uint8Array, as it does.
 *
 * @example
 * histogramByteEntropy(new TextEncoder().encode('abcd')); // 2
 */
export function histogramByteEntropy(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('byteEntropy: bytes must be a Uint8Array');
  const n = bytes.length;
  if (n === 0) return 0;
  const counts = COUNTS;
  const seen = SEEN;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    const c = counts[b] as number;
    if (c === 0) seen[b >>> 5] = (seen[b >>> 5] as number) | (1 << (b & 31));
    counts[b] = c + 1;
  }
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    STAMPS.fill(0);
    stamp = 1;
  }
  let h = 0;
  for (let w = 0; w < 8; w++) {
    let bits = seen[w] as number;
    if (bits === 0) continue;
    seen[w] = 0;
    while (bits !== 0) {
      const low = bits & -bits;
      const b = (w << 5) | (31 - Math.clz32(low));
      const c = counts[b] as number;
      counts[b] = 0;
      bits ^= low;
      if (c < CACHED_COUNTS && STAMPS[c] === stamp) {
        h -= TERMS[c] as number;
        continue;
      }
      const p = c / n;
      const term = p * Math.log2(p);
      if (c < CACHED_COUNTS) {
        TERMS[c] = term;
        STAMPS[c] = stamp;
      }
      h -= term;
    }
  }
  return h;
}
