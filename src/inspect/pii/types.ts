/**
 * @module inspect/pii/types
 * The entity types of the PII and secrets inspector and the shape every recogniser
 * implements. A recogniser is a pure function of the text: it returns candidate spans
 * (possibly overlapping, possibly low-confidence); filtering by confidence and resolving
 * overlaps is the job of `detectSpans`, so recognisers stay small and independent.
 */

/** Personal data: counted as `pii_count`. */
export type PiiEntity = 'EMAIL' | 'PHONE' | 'CREDIT_CARD' | 'IBAN' | 'US_SSN' | 'IP_ADDRESS';

/** Credentials: any one of them makes the finding's score 1. Counted as `secret_count`. */
export type SecretEntity =
  | 'AWS_ACCESS_KEY'
  | 'AWS_SECRET_KEY'
  | 'GITHUB_TOKEN'
  | 'SLACK_TOKEN'
  | 'SLACK_WEBHOOK'
  | 'JWT'
  | 'PRIVATE_KEY'
  | 'URL_CREDENTIALS';

/** Every entity type the inspector can report, as it appears in `Span.type`. */
export type EntityType = PiiEntity | SecretEntity;

/** A candidate found by one recogniser: a half-open `[start, end)` range in UTF-16 code units. */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly type: EntityType;
  /** 0..1 confidence: validated formats score high, bare or weak formats low (see each recogniser). */
  readonly score: number;
}

/**
 * One recogniser: pure, no state between calls, linear in the length of `text`.
 *
 * @example
 * const r: Recognizer = { type: 'EMAIL', find: (text) => findEmails(text) };
 * r.find('mail info@presidio.site'); // [{ start: 5, end: 23, type: 'EMAIL', score: 0.9 }]
 */
export interface Recognizer {
  readonly type: EntityType;
  find(text: string): Candidate[];
}
