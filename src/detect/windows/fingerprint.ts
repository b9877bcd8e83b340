/**
 * @module detect/windows/fingerprint
 * The quantised input fingerprint the engine falls back to when an event does not carry the
 * `input_fingerprint` signal (the entropy inspector sets it): the same scheme as the
 * inspectors' (`log4-fnv1a32`, inspect/entropy/fingerprint.ts; a test checks they agree), so
 * live windows and baselines built from features count the same ids. Each feature is
 * bucketed on a fixed logarithmic grid (`bucketsPerDecade` per decade of |x|, sign kept,
 * |x| < 1e-9 → 0) and the buckets are hashed with FNV-1a over bytes, with the row count and
 * width. No allocation.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const NON_FINITE_BUCKET = 0x7fff;
const MAX_EXPONENT_BUCKET = 400;
const ZERO_BELOW = 1e-9;

function mix(hash: number, word: number): number {
  let h = hash;
  h = Math.imul(h ^ (word & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((word >>> 8) & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((word >>> 16) & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((word >>> 24) & 0xff), FNV_PRIME);
  return h >>> 0;
}

/** The grid bucket of one value: 0 near zero, else ±(1 + 400 + ⌊log10|x|·k⌋). */
function bucket(x: number, bucketsPerDecade: number): number {
  if (!Number.isFinite(x)) return NON_FINITE_BUCKET;
  const magnitude = Math.abs(x);
  if (magnitude < ZERO_BELOW) return 0;
  const k = Math.max(-MAX_EXPONENT_BUCKET, Math.min(MAX_EXPONENT_BUCKET, Math.floor(Math.log10(magnitude) * bucketsPerDecade)));
  const b = 1 + MAX_EXPONENT_BUCKET + k;
  return x < 0 ? -b : b;
}

/**
 * Fingerprint (uint32) of one feature row.
 *
 * @example
 * fingerprintOf([55.1, 3, 0], 4) === fingerprintOf([56, 3, 0], 4); // true: same quarter-decade buckets
 */
export function fingerprintOf(features: ArrayLike<number>, bucketsPerDecade: number): number {
  let h = mix(FNV_OFFSET, 1);
  h = mix(h, features.length);
  for (let i = 0; i < features.length; i++) h = mix(h, bucket(features[i] as number, bucketsPerDecade));
  return h;
}

/**
 * A uint32 key for any number: itself when it is already a uint32 (fingerprints, classes),
 * else a hash of its bits.
 *
 * @example
 * keyOf(3426124597); // 3426124597
 */
export function keyOf(x: number): number {
  if (x >= 0 && x <= 0xffffffff && Number.isInteger(x)) return x;
  const lo = x | 0;
  const hi = Math.floor(x / 4294967296) | 0;
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi, 0xc2b2ae35) ^ (Math.round(x * 65536) | 0);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
