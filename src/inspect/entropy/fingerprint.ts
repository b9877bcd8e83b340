/**
 * @module inspect/entropy/fingerprint
 * The quantised input fingerprint: a 32-bit id of a request's inputs that identical or
 * near-identical requests share. Each feature is bucketed on a FIXED logarithmic grid
 * (`bucketsPerDecade` buckets per decade of |x|, sign kept, |x| < `zeroBelow` → 0) and the
 * buckets are hashed with 32-bit FNV-1a, together with the row width. The grid does not
 * depend on any baseline, so a fingerprint computed live and one computed while building
 * the baseline are the same id. Text is fingerprinted after lower-casing and collapsing
 * whitespace. The detection engine's windows count fingerprints and compute their entropy
 * (`windowEntropy`): ordinary traffic has nearly all-distinct fingerprints (entropy close to
 * log2 of the window's size); a script replaying a few templates collapses it.
 */
import { ENTROPY_DEFAULTS } from './defaults.js';
import { gridBucket } from './log-grid.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Bucket of a non-finite value (NaN cannot come from JSON, but a hostile encoder may try). */
const NON_FINITE_BUCKET = 0x7fff;
const MAX_EXPONENT_BUCKET = 400;
/** The grid log-grid.ts tables (it assumes 4 buckets per decade, ±400, zeroBelow 1e-9). */
const GRID_BUCKETS = 4;

/** Fingerprint scheme tag, recorded so that consumers can tell incompatible grids apart. */
export const FINGERPRINT_SCHEME = `log${ENTROPY_DEFAULTS.bucketsPerDecade}-fnv1a32`;

/**
 * FNV-1a of the four bytes of `word`, low byte first, into `hash` (unsigned). Unrolled: it
 * runs once per feature value of every request.
 */
export function mix(hash: number, word: number): number {
  let h = Math.imul(hash ^ (word & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((word >>> 8) & 0xff), FNV_PRIME);
  h = Math.imul(h ^ ((word >>> 16) & 0xff), FNV_PRIME);
  h = Math.imul(h ^ (word >>> 24), FNV_PRIME);
  return h >>> 0;
}

/** The FNV-1a offset basis every fingerprint starts from. */
export const FINGERPRINT_SEED = FNV_OFFSET;

/**
 * The grid bucket of one value: 0 near zero, otherwise ±(1 + offset + ⌊log10|x|·k⌋).
 *
 * @example
 * quantiseValue(0); // 0
 * quantiseValue(55) === quantiseValue(60); // true (same quarter-decade)
 * quantiseValue(-55) === -quantiseValue(55); // true
 */
export function quantiseValue(x: number, bucketsPerDecade: number = ENTROPY_DEFAULTS.bucketsPerDecade): number {
  if (!Number.isFinite(x)) return NON_FINITE_BUCKET;
  const magnitude = Math.abs(x);
  if (magnitude < ENTROPY_DEFAULTS.zeroBelow) return 0;
  // The default grid is tabled (log-grid.ts): same bucket, no libm call.
  const k = bucketsPerDecade === GRID_BUCKETS ? gridBucket(magnitude) : Math.max(-MAX_EXPONENT_BUCKET, Math.min(MAX_EXPONENT_BUCKET, Math.floor(Math.log10(magnitude) * bucketsPerDecade)));
  const bucket = 1 + MAX_EXPONENT_BUCKET + k;
  return x < 0 ? -bucket : bucket;
}

/**
 * Fingerprint of feature rows (all rows of a batch, in order): an unsigned 32-bit integer.
 *
 * @example
 * fingerprintRows([[55.1, 3, 0]]) === fingerprintRows([[56.0, 3, 0]]); // true: same buckets
 * fingerprintRows([[55.1, 3, 0]]) === fingerprintRows([[5.1, 3, 0]]);  // false
 */
export function fingerprintRows(rows: readonly ArrayLike<number>[], bucketsPerDecade: number = ENTROPY_DEFAULTS.bucketsPerDecade): number {
  let h = FNV_OFFSET;
  h = mix(h, rows.length);
  for (const row of rows) {
    h = mix(h, row.length);
    for (let i = 0; i < row.length; i++) h = mix(h, quantiseValue(row[i] as number, bucketsPerDecade));
  }
  return h;
}

/**
 * Fingerprint of a text: FNV-1a over the UTF-16 units of the lower-cased text with runs of
 * whitespace collapsed, up to `maxChars`.
 *
 * @example
 * textFingerprint('Hello   World') === textFingerprint('hello world'); // true
 */
export function textFingerprint(text: string, maxChars: number = ENTROPY_DEFAULTS.maxTextChars): number {
  const normal = text.slice(0, maxChars).toLowerCase().replace(/\s+/g, ' ').trim();
  let h = FNV_OFFSET;
  for (let i = 0; i < normal.length; i++) {
    h ^= normal.charCodeAt(i) & 0xff;
    h = Math.imul(h, FNV_PRIME);
    h ^= normal.charCodeAt(i) >>> 8;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}
