/**
 * @module inspect/pii/defaults
 * The defaults of the PII and secrets inspector and of redaction, written once.
 */

/**
 * Defaults of the `pii` inspector and of redaction.
 *
 * @example
 * createPiiInspector({ maxInputChars: 4 * PII_DEFAULTS.maxInputChars });
 */
export const PII_DEFAULTS = Object.freeze({
  /** Only the first 65,536 UTF-16 code units (64 KiB of ASCII) of a text are inspected; the finding says so. */
  maxInputChars: 65_536,
  /** The finding is flagged when its score is at least this (one PII span scores 0.5, any secret 1). */
  threshold: 0.5,
  /** Candidates below this confidence are dropped (bare 9-digit SSNs without context score 0.3). */
  minSpanScore: 0.5,
  /** `redactText` inspects this many code units (1 MiB); anything after is replaced, never passed through. */
  redactMaxInputChars: 1_048_576,
  /** Hex characters of the keyed sha256 kept by the `hash` redaction style (48 bits). */
  hashHexChars: 12,
});
