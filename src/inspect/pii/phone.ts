/**
 * @module inspect/pii/phone
 * Phone numbers in four shapes, each validated against the numbering plan:
 * - international `+CC …` (E.164, compact `+4915112345678` or grouped `+44 (20) 7123 4567`):
 *   a country code that can exist and a national number of that country's length (0.85);
 * - North American `(212) 555-0123`, `212-555-0123`, `212.555.0123`, optionally after a
 *   country prefix (`1-`, `+1 `, `001-`, `91-`): area code and exchange start with 2–9 (0.7);
 * - national with a trunk 0 (UK `020 7123 4567`, DE `030 1234567` or `0151 12345678`,
 *   `(07) 5331 0577`, `09-7625400`): 9–12 digits in groups, never date-shaped (0.6);
 * - 10 or 11 bare digits, only after a word such as "phone" or "call" (0.6).
 * A context word before the number adds 0.1–0.15. Numbers preceded by `#` or words such as
 * "order", "invoice", "account" are not phones. Dots are not accepted as separators in the
 * national shape, so IPs and dates (`12.05.2021`) never match; `05-20-2021` is rejected as
 * a date. An extension (`x751`, `ext. 12`) is part of the span.
 */
import type { Candidate, Recognizer } from './types.js';
import { digitsOf, eachMatch, hasContextBefore, isWordChar } from './scan.js';
import { isNanp, looksLikeDate, splitCountryCode, validNational } from './phone-numbering.js';

// The search resumes one character after a candidate (all three patterns are
// length-bounded, so this stays linear) and after the span of an accepted NANP number.
const INTL = /(?<![\w+])\+\d{1,15}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]\d{1,12}){0,7}/g;
const NANP = /(?<![\w+.-])(?:(\+?\d{1,3}|00\d{1,3})[ .-])?(?:\((\d{3})\)[ .-]?|(\d{3})[ .-])(\d{3})[ .-](\d{4})/g;
const NATIONAL = /(?<![\w+./-])(?:\(0\d{1,4}\)|0\d{1,4})[ /-]\d{2,8}(?:[ -]\d{2,8}){0,3}/g;
const BARE = /(?<![\w+.-])\d{10,11}(?!\w|[.-]\d)/g;
const EXTENSION = /^\s?(?:x|ext\.?)\s?\d{1,6}(?!\w)/i;
const CONTEXT = /\b(?:phone|tel|telephone|mobile|mob|cell|call|fax|whatsapp|sms|text|contact|reach|dial|number|no|nr|telefon|handy|rufnummer|nummer|mobil)\b[^\n]{0,20}$/i;
const NOT_A_PHONE = /(?:#|\b(?:order|invoice|inv|ref|reference|tracking|sku|isbn|serial|account|acct|iban|bic|card|transaction|txn|ticket|claim|policy|customer|id)\b[\w .#:-]{0,12})\s*$/i;

/** The span end including an extension such as ` x751` right after `end`. */
function withExtension(text: string, end: number): number {
  const ext = EXTENSION.exec(text.slice(end, end + 14));
  return ext ? end + ext[0].length : end;
}

/**
 * True when the number (with its extension) may end at `end`: no word character follows,
 * nor a `-`/`.` that continues it (`…-99`, a MAC address's `-AB`).
 */
function endsCleanly(text: string, end: number): boolean {
  const at = withExtension(text, end);
  return !isWordChar(text[at]) && !/^[.-][0-9A-Za-z]/.test(text.slice(at, at + 2));
}

/** Adds the phone `[start, end)` (plus extension) unless its context says otherwise; returns its end. */
function emit(text: string, start: number, end: number, base: number, out: Candidate[]): number {
  const spanEnd = withExtension(text, end);
  if (hasContextBefore(text, start, NOT_A_PHONE, 30)) return spanEnd;
  const bonus = hasContextBefore(text, start, CONTEXT) ? 0.15 : 0;
  out.push({ start, end: spanEnd, type: 'PHONE', score: Math.min(1, base + bonus) });
  return spanEnd;
}

/** End offsets (absolute) of each digit group of a match, in order. */
function groupEnds(m: RegExpExecArray): number[] {
  const ends: number[] = [];
  const re = /\d+\)?/g;
  for (let g = re.exec(m[0]); g !== null; g = re.exec(m[0])) ends.push(m.index + g.index + g[0].length);
  return ends;
}

function international(text: string, out: Candidate[]): void {
  eachMatch(INTL, text, (m) => {
    // Every prefix of whole groups that is a valid number is a reading ("+49 30 1234567 12"
    // may end before "12"); resolveOverlaps keeps the longest one that collides with nothing.
    for (const end of groupEnds(m)) {
      const digits = digitsOf(text.slice(m.index, end));
      const split = splitCountryCode(digits);
      if (digits.length >= 8 && split && validNational(split.cc, split.national) && endsCleanly(text, end)) emit(text, m.index, end, 0.85, out);
    }
    return m.index + 1;
  });
}

/** The country code of a NANP prefix (`1`, `+1`, `001`, `91`), or undefined when it is none. */
function prefixCountry(prefix: string): string | undefined {
  const bare = prefix.replace(/^\+|^00/, '');
  return splitCountryCode(`${bare}0000000000`)?.cc === bare ? bare : undefined;
}

function northAmerican(text: string, out: Candidate[]): void {
  eachMatch(NANP, text, (m) => {
    const end = m.index + m[0].length;
    if (!endsCleanly(text, end)) return m.index + 1;
    const national = `${m[2] ?? m[3] ?? ''}${m[4] ?? ''}${m[5] ?? ''}`;
    const prefix = m[1];
    const cc = prefix === undefined ? '1' : prefixCountry(prefix);
    // Rejected (e.g. "00 (212) 555-0123" read with "00" as a prefix): retry one character on.
    if (cc === undefined || !validNational(cc, national) || (cc === '1' && !isNanp(national))) return m.index + 1;
    return emit(text, m.index, end, prefix !== undefined || m[2] !== undefined ? 0.75 : 0.7, out);
  });
}

function national(text: string, out: Candidate[]): void {
  eachMatch(NATIONAL, text, (m) => {
    const groups = m[0].match(/\d+/g) ?? [];
    if (/^\(?00/.test(m[0]) || looksLikeDate(groups)) return m.index + 1;
    const ends = groupEnds(m);
    let digits = groups[0]?.length ?? 0;
    for (let k = 1; k < groups.length; k++) {
      digits += groups[k]?.length ?? 0;
      const end = ends[k] ?? 0;
      if (digits >= 9 && digits <= 12 && endsCleanly(text, end)) emit(text, m.index, end, 0.6, out);
    }
    return m.index + 1;
  });
}

function bare(text: string, out: Candidate[]): void {
  eachMatch(BARE, text, (m) => {
    const d = m[0];
    const valid = d.length === 10 ? isNanp(d) || /^0[1-9]\d{8}$/.test(d) : /^1[3-9]\d{9}$/.test(d) || /^1[2-9]\d{2}[2-9]\d{6}$/.test(d) || /^0[1-9]\d{9}$/.test(d);
    if (valid && hasContextBefore(text, m.index, CONTEXT)) emit(text, m.index, m.index + d.length, 0.45, out);
    return undefined;
  });
}

/**
 * Finds phone numbers (see the module header for the shapes and scores).
 *
 * @example
 * findPhones('call (212) 555-0123 or +4915112345678');
 * // [{ start: 5, end: 19, type: 'PHONE', … }, { start: 23, end: 37, type: 'PHONE', … }]
 * findPhones('born 05-20-2021'); // []
 */
export function findPhones(text: string): Candidate[] {
  const out: Candidate[] = [];
  international(text, out);
  northAmerican(text, out);
  national(text, out);
  bare(text, out);
  return out;
}

/** The phone recogniser. */
export const phoneRecognizer: Recognizer = { type: 'PHONE', find: findPhones };
