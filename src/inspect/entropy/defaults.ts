/**
 * @module inspect/entropy/defaults
 * Defaults of the entropy inspector, written once.
 */

/** The inspector's registered id. */
export const ENTROPY_ID = 'entropy';

/**
 * Defaults of the entropy inspector and the input fingerprint.
 *
 * @example
 * quantiseValue(55, ENTROPY_DEFAULTS.bucketsPerDecade);
 */
export const ENTROPY_DEFAULTS = Object.freeze({
  /** Fingerprint grid resolution: buckets per decade of |x| (4 → each bucket spans ×1.78). */
  bucketsPerDecade: 4,
  /** |x| below this is bucket 0. */
  zeroBelow: 1e-9,
  /** Rows of a batch request hashed into its fingerprint. */
  maxFingerprintRows: 64,
  /** Longest text read for byte/token entropy and the text fingerprint, UTF-16 code units. */
  maxTextChars: 16_384,
  /** Largest request body whose byte entropy is measured (OIP), bytes; longer bodies are measured on this prefix. */
  maxBodyBytes: 65_536,
  /** `bulwark inspect`: texts with fewer tokens are never flagged (too short to judge repetition). */
  minTokensToFlag: 20,
  /** `bulwark inspect`: flag a text whose token entropy over log2(tokens) is below this. */
  minNormalizedTokenEntropy: 0.5,
  /** `bulwark inspect`: flag a text of at least 64 bytes whose byte entropy is below this, bits per byte. */
  minByteEntropy: 1.5,
});
