/**
 * @module inspect/pii/redact
 * Redaction for forensic snapshots and logs: every span is replaced, text outside spans is
 * kept as is and in order. Styles:
 * - `type`: `[EMAIL]`, `[CREDIT_CARD]`, …
 * - `mask`: `****` + the last 4 digits for cards (`****1881`), `****` for everything else
 *   (no length or other characters leak);
 * - `hash`: `[EMAIL:1f0c…]`, the first 12 hex characters of HMAC-SHA256(salt, type + value),
 *   so equal values correlate across records without being readable. The value is
 *   normalised first (separators dropped for numbers, e-mails lower-cased), so
 *   `4111 1111 1111 1111` and `4111-1111-1111-1111` hash alike. The salt must be secret:
 *   a 9-digit SSN space is small enough to brute-force a known salt.
 * `redactText` inspects the text first, up to 1 MiB; anything beyond is replaced by
 * `[UNINSPECTED:<n> chars]` rather than passed through unredacted.
 */
import { createHmac } from 'node:crypto';
import type { Span } from '../types.js';
import { inspectErrors } from '../errors.js';
import { PII_DEFAULTS } from './defaults.js';
import type { DetectOptions } from './detect.js';
import { detectSpans } from './detect.js';

/** How each span is replaced. `hash` needs a secret `salt`. */
export type RedactOptions = { readonly style: 'type' } | { readonly style: 'mask' } | { readonly style: 'hash'; readonly salt: string };

/** Options of {@link redactText}: a style (default `type`) plus the detection options. */
export type RedactTextOptions = (RedactOptions | { readonly style?: undefined }) & DetectOptions;

const NUMERIC_TYPES = new Set(['CREDIT_CARD', 'IBAN', 'PHONE', 'US_SSN']);

function normalise(type: string, value: string): string {
  if (NUMERIC_TYPES.has(type)) return value.replace(/[^0-9A-Za-z+]/g, '').toUpperCase();
  return type === 'EMAIL' ? value.toLowerCase() : value;
}

function replacement(span: Span, value: string, options: RedactOptions): string {
  switch (options.style) {
    case 'type':
      return `[${span.type}]`;
    case 'mask':
      return span.type === 'CREDIT_CARD' ? `****${value.replace(/\D/g, '').slice(-4)}` : '****';
    case 'hash': {
      const mac = createHmac('sha256', options.salt).update(`${span.type}\u0000${normalise(span.type, value)}`).digest('hex');
      return `[${span.type}:${mac.slice(0, PII_DEFAULTS.hashHexChars)}]`;
    }
  }
}

function checkOptions(options: RedactOptions): void {
  const style: unknown = (options as { style?: unknown }).style;
  if (style !== 'type' && style !== 'mask' && style !== 'hash') {
    throw inspectErrors.error('INS_ERR_INVALID_OPTION', `style must be type, mask or hash, got ${String(style)}`, { option: 'style', value: String(style) });
  }
  if (options.style === 'hash' && !(typeof options.salt === 'string' && options.salt.length > 0)) {
    throw inspectErrors.error('INS_ERR_INVALID_OPTION', 'the hash style needs a non-empty secret salt', { option: 'salt' });
  }
}

function sortedChecked(text: string, spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let previousEnd = 0;
  for (const [i, s] of sorted.entries()) {
    const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= previousEnd && s.start < s.end && s.end <= text.length;
    if (!ok) {
      const why = s.start < previousEnd && i > 0 ? 'overlaps the previous span' : `is not a non-empty range inside the text (length ${text.length})`;
      throw inspectErrors.error('INS_ERR_INVALID_SPANS', `span [${s.start}, ${s.end}) ${s.type} ${why}`, { start: s.start, end: s.end, type: s.type });
    }
    previousEnd = s.end;
  }
  return sorted;
}

/**
 * `text` with each span replaced in the chosen style. Throws `INS_ERR_INVALID_SPANS` when
 * spans overlap or fall outside the text, `INS_ERR_INVALID_OPTION` for a bad style or a
 * missing salt.
 *
 * @example
 * redact('card 4012 8888 8888 1881', [{ start: 5, end: 24, type: 'CREDIT_CARD' }], { style: 'mask' });
 * // 'card ****1881'
 */
export function redact(text: string, spans: readonly Span[], options: RedactOptions = { style: 'type' }): string {
  checkOptions(options);
  const parts: string[] = [];
  let at = 0;
  for (const span of sortedChecked(text, spans)) {
    parts.push(text.slice(at, span.start), replacement(span, text.slice(span.start, span.end), options));
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Detects PII and secrets in `text` and redacts them (default style `type`). Inspects up
 * to `maxInputChars` (default 1 MiB); the rest is replaced by `[UNINSPECTED:<n> chars]`.
 *
 * @example
 * redactText('mail jane@example.com'); // 'mail [EMAIL]'
 * redactText('mail jane@example.com', { style: 'hash', salt: process.env.REDACT_SALT! }); // 'mail [EMAIL:5d41…]'
 */
export function redactText(text: string, options: RedactTextOptions = {}): string {
  const style: RedactOptions = options.style === undefined ? { style: 'type' } : (options as RedactOptions);
  checkOptions(style);
  const maxInputChars = options.maxInputChars ?? PII_DEFAULTS.redactMaxInputChars;
  const { spans, truncated } = detectSpans(text, { ...options, maxInputChars });
  if (!truncated) return redact(text, spans, style);
  const head = text.slice(0, maxInputChars);
  return `${redact(head, spans, style)}[UNINSPECTED:${text.length - head.length} chars]`;
}
