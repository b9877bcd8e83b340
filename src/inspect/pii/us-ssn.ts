/**
 * @module inspect/pii/us-ssn
 * US Social Security Numbers. Formats and confidence:
 * - `AAA-GG-SSSS` (0.85), or with spaces or dots as the one consistent separator (0.6);
 * - nine bare digits (0.3) and the split forms `AAA-GGSSSS` / `AAAGG-SSSS` (0.3), which are
 *   only reported at the default `minSpanScore` (0.5) when a context word such as "SSN" or
 *   "social security" comes shortly before (then 0.75 / 0.6).
 * Every form must pass the SSA rules: area ≠ 000, 666, 900–999; group ≠ 00; serial ≠ 0000;
 * not one repeated digit; not a number voided after public misuse (078-05-1120, the
 * Woolworth wallet card; 219-09-9999; 123-45-6789).
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch, hasContextBefore } from './scan.js';

const FORMATTED = /(?<![\w.-])(\d{3})([- .])(\d{2})\2(\d{4})(?!\w|[.-]\d)/g;
const SPLIT = /(?<![\w.-])(?:\d{3}-\d{6}|\d{5}-\d{4})(?!\w|[.-]\d)/g;
const BARE = /(?<![\w.+-])\d{9}(?!\w|[.-]\d)/g;
const CONTEXT = /\b(?:ssn|ssns|ss#|ss no|social security|social-security|soc\.? sec\.?|sozialversicherungs?nummer|sv-nummer)\b[^\n]{0,24}$/i;
const VOIDED = new Set(['078051120', '219099999', '123456789']);

/**
 * True when the nine digits obey the SSA's area, group and serial rules.
 *
 * @example
 * isValidSsn('078051123'); // true
 * isValidSsn('666051123'); // false (area 666)
 */
export function isValidSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || VOIDED.has(digits) || /^(\d)\1{8}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  return area !== 0 && area !== 666 && area < 900 && group !== '00' && serial !== '0000';
}

function collect(re: RegExp, text: string, score: (m: RegExpExecArray, context: boolean) => number, out: Candidate[]): void {
  eachMatch(re, text, (m) => {
    if (!isValidSsn(m[0].replace(/\D/g, ''))) return;
    const context = hasContextBefore(text, m.index, CONTEXT);
    out.push({ start: m.index, end: m.index + m[0].length, type: 'US_SSN', score: score(m, context) });
  });
}

/**
 * Finds US SSNs, with the confidence of their format (see the module header).
 *
 * @example
 * findUsSsns('my SSN is 078-05-1123'); // [{ start: 10, end: 21, type: 'US_SSN', score: 1 }]
 * findUsSsns('area 666: 666-05-1123'); // []
 */
export function findUsSsns(text: string): Candidate[] {
  const out: Candidate[] = [];
  collect(FORMATTED, text, (m, ctx) => Math.min(1, (m[2] === '-' ? 0.85 : 0.6) + (ctx ? 0.15 : 0)), out);
  collect(SPLIT, text, (_m, ctx) => (ctx ? 0.6 : 0.3), out);
  collect(BARE, text, (_m, ctx) => (ctx ? 0.75 : 0.3), out);
  return out;
}

/** The US SSN recogniser. */
export const usSsnRecognizer: Recognizer = { type: 'US_SSN', find: findUsSsns };
