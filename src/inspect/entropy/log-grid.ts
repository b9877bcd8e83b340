/**
 * @module inspect/entropy/log-grid
 * The fingerprint grid's exponent bucket ⌊4·log10 m⌋ (clamped to ±400) of a magnitude
 * m ≥ `zeroBelow`, equal to what `Math.floor(Math.log10(m) * 4)` gives, without calling
 * `Math.log10` (a libm call per feature value was a third of the entropy inspector's cost).
 *
 * The grid lines 10^(k/4) are tabled once. A value's binary exponent (read from its bits)
 * names the line just below 2^e; at most two comparisons find its cell. Away from the
 * lines (relative distance over 1e-9, far beyond the error of either `Math.log10` or the
 * tabled lines, so the cell is certain) the cell is the answer; a value that IS a tabled
 * line gets the expression's own result for it, computed once here; anything else within
 * 1e-9 of a line is computed with the original expression.
 */

const BUCKETS = 4;
const MAX_BUCKET = 400;
/** Lowest line tabled: below `zeroBelow` (1e-9, k = −36). */
const K_LO = -40;
/** Lines k = K_LO … MAX_BUCKET + 1. */
const LINES = MAX_BUCKET + 2 - K_LO;
const MARGIN = 1e-9;

/** The expression the table stands for (fingerprint.ts's, for `bucketsPerDecade` = 4). */
function exactBucket(m: number): number {
  return Math.max(-MAX_BUCKET, Math.min(MAX_BUCKET, Math.floor(Math.log10(m) * BUCKETS)));
}

/** LINE[k − K_LO] = 10^(k/4); whole decades parsed from their decimal form (exact where representable). */
const LINE = new Float64Array(LINES);
/** The expression's result for the line value itself. */
const AT_LINE = new Int32Array(LINES);
/** Cell k is certain for LINE[k]·(1 + MARGIN) < m < LINE[k + 1]·(1 − MARGIN). */
const SAFE_LO = new Float64Array(LINES);
const SAFE_HI = new Float64Array(LINES);
for (let j = 0; j < LINES; j++) {
  const k = j + K_LO;
  LINE[j] = k % BUCKETS === 0 ? Number(`1e${k / BUCKETS}`) : 10 ** (k / BUCKETS);
  AT_LINE[j] = exactBucket(LINE[j] as number);
}
for (let j = 0; j < LINES; j++) {
  SAFE_LO[j] = (LINE[j] as number) * (1 + MARGIN);
  SAFE_HI[j] = j + 1 < LINES ? (LINE[j + 1] as number) * (1 - MARGIN) : 0;
}
/** At or above it, the bucket is the clamp (400), certain. */
const CLAMPED_FROM = SAFE_LO[MAX_BUCKET - K_LO] as number;

/** A double's binary exponent, from its high word. */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
BITS[0] = 1;
const HIGH = WORDS[1] === 0x3ff00000 ? 1 : 0;
/** Binary exponents of m in [1e-10, CLAMPED_FROM): −34 … 333. */
const E_LO = -40;
const E_HI = 340;
/** FIRST_LINE[e − E_LO]: index of the highest line ≤ 2^e. */
const FIRST_LINE = new Int32Array(E_HI - E_LO + 1);
for (let e = E_LO, j = 0; e <= E_HI; e++) {
  const p = 2 ** e;
  while (j + 1 < LINES && (LINE[j + 1] as number) <= p) j++;
  FIRST_LINE[e - E_LO] = j;
}

/**
 * ⌊4·log10 m⌋ clamped to [−400, 400], for a finite m ≥ 1e-9 (the fingerprint's zeroBelow);
 * the same integer as `Math.max(-400, Math.min(400, Math.floor(Math.log10(m) * 4)))`.
 *
 * @example
 * gridBucket(55); // 6 (55 is between 10^1.5 and 10^1.75)
 */
export function gridBucket(m: number): number {
  if (m >= CLAMPED_FROM) return MAX_BUCKET;
  BITS[0] = m;
  const e = ((WORDS[HIGH] as number) >>> 20) - 1023;
  if (e < E_LO) return exactBucket(m);
  let j = FIRST_LINE[e - E_LO] as number;
  while ((LINE[j + 1] as number) <= m) j++;
  if (m > (SAFE_LO[j] as number) && m < (SAFE_HI[j] as number)) return j + K_LO;
  if (m === LINE[j]) return AT_LINE[j] as number;
  return exactBucket(m);
}
