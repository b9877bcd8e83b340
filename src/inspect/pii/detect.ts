/**
 * @module inspect/pii/detect
 * Runs the selected recognisers over a text (capped), drops low-confidence candidates and
 * resolves overlaps into typed, non-overlapping spans. The one place where the pieces of
 * the PII inspector meet; pure and synchronous.
 */
import type { Span } from '../types.js';
import { inspectErrors } from '../errors.js';
import type { Candidate, EntityType } from './types.js';
import { ENTITY_TYPES, isEntityType } from './entities.js';
import { PII_DEFAULTS } from './defaults.js';
import { RECOGNIZERS } from './recognizers.js';
import { resolveOverlaps } from './resolve-overlaps.js';

/** Options of {@link detectSpans}. */
export interface DetectOptions {
  /** Entity types to look for. Default: all of them. */
  readonly entities?: readonly string[];
  /** Candidates scoring below this (0..1) are dropped. Default 0.5. */
  readonly minSpanScore?: number;
  /** Code units inspected from the start of the text. Default 65,536. */
  readonly maxInputChars?: number;
}

/** What {@link detectSpans} found. */
export interface Detection {
  readonly spans: readonly Span[];
  /** The text was longer than `maxInputChars`; only its head was inspected. */
  readonly truncated: boolean;
}

/** Settings after validation, so that per-text work does no checking. */
export interface DetectSettings {
  readonly entities: readonly EntityType[];
  readonly minSpanScore: number;
  readonly maxInputChars: number;
}

/**
 * Validates options once. Throws `INS_ERR_UNKNOWN_ENTITY` naming an unknown entity type,
 * `INS_ERR_INVALID_OPTION` naming an out-of-range number.
 *
 * @example
 * resolveDetectSettings({ entities: ['EMAIL'] }).entities; // ['EMAIL']
 */
export function resolveDetectSettings(options: DetectOptions = {}): DetectSettings {
  const entities = options.entities ?? ENTITY_TYPES;
  for (const name of entities) {
    if (!isEntityType(name)) {
      throw inspectErrors.error('INS_ERR_UNKNOWN_ENTITY', `unknown entity type "${name}"; known: ${ENTITY_TYPES.join(', ')}`, { entity: name });
    }
  }
  const minSpanScore = options.minSpanScore ?? PII_DEFAULTS.minSpanScore;
  if (!(minSpanScore >= 0 && minSpanScore <= 1)) {
    throw inspectErrors.error('INS_ERR_INVALID_OPTION', `minSpanScore must be in 0..1, got ${minSpanScore}`, { option: 'minSpanScore', value: minSpanScore });
  }
  const maxInputChars = options.maxInputChars ?? PII_DEFAULTS.maxInputChars;
  if (!(maxInputChars >= 1) || !(Number.isInteger(maxInputChars) || maxInputChars === Infinity)) {
    throw inspectErrors.error('INS_ERR_INVALID_OPTION', `maxInputChars must be a positive integer, got ${maxInputChars}`, { option: 'maxInputChars', value: maxInputChars });
  }
  return { entities: [...new Set(entities as EntityType[])], minSpanScore, maxInputChars };
}

/**
 * The spans of `text` under already-validated settings.
 *
 * @example
 * detectWith('mail info@presidio.site', resolveDetectSettings()).spans;
 * // [{ start: 5, end: 23, type: 'EMAIL', score: 0.9 }]
 */
export function detectWith(text: string, settings: DetectSettings): Detection {
  const truncated = text.length > settings.maxInputChars;
  const head = truncated ? text.slice(0, settings.maxInputChars) : text;
  const candidates: Candidate[] = [];
  for (const type of settings.entities) {
    for (const c of RECOGNIZERS[type].find(head)) if (c.score >= settings.minSpanScore) candidates.push(c);
  }
  const spans = resolveOverlaps(candidates, head.length).map((c): Span => ({ start: c.start, end: c.end, type: c.type, score: c.score }));
  return { spans, truncated };
}

/**
 * Finds the PII and secrets in `text`: typed, non-overlapping spans sorted by offset.
 *
 * @example
 * detectSpans('card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE').spans.map((s) => s.type);
 * // ['CREDIT_CARD', 'AWS_ACCESS_KEY']
 */
export function detectSpans(text: string, options: DetectOptions = {}): Detection {
  return detectWith(text, resolveDetectSettings(options));
}
