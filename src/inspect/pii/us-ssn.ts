/**
 * @module inspect/pii/us-ssn
 * US Social Security Numbers. Formats and confidence:
 * - `AAA-GG-SSSS` (0.85), or with spaces or dots as the one consistent separator (0.6);
 * - nine bare digits and the split forms `AAA-GGSSSS` / `AAAGG-SSSS`: 0.5 (reported at the
 *   default `minSpanScore`), 0.75 / 0.6 after a context word such as "SSN" or "social
 *   security", and 0.2 (not reported) after a word naming another kind of number ("order",
 *   "invoice", "tracking", "account", "phone", "license", "ref", "#", …) or when the digits
 *   are a valid ABA routing number, so that order ids, routing and account numbers in
 *   prompts are not taken for SSNs.
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
/** Words that name another kind of nine-digit number, shortly before it. */
const OTHER_NUMBER = /\b(?:order|orders|invoice|tracking|track|shipment|parcel|account|acct|routing|aba|iban|phone|tel|telephone|fax|mobile|zip|postcode|isbn|issn|ref|reference|po|customer|client|ticket|case|part|sku|serial|imei|license|licence|driver'?s?|passport|permit|visa|member(?:ship)?|policy|claim|badge|employee|student|voter|bestellung|rechnung|kunden(?:nummer)?|konto|führerschein|ausweis)\b[^\n]{0,16}$|#\s*$/i;
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

type Context = 'ssn' | 'other' | 'none';

function collect(re: RegExp, text: string, score: (m: RegExpExecArray, context: Context) => number, out: Candidate[]): void {
  eachMatch(re, text, (m) => {
    if (!isValidSsn(m[0].replace(/\D/g, ''))) return;
    const context: Context = hasContextBefore(text, m.index, CONTEXT) ? 'ssn' : hasContextBefore(text, m.index, OTHER_NUMBER) ? 'other' : 'none';
    out.push({ start: m.index, end: m.index + m[0].length, type: 'US_SSN', score: score(m, context) });
  });
}

/**
 * True for nine digits that are a valid ABA bank routing number: a Federal Reserve prefix
 * (00–12, 21–32, 61–72, 80) and the 3-7-1 weighted checksum. About 4% of valid SSNs are
 * too; without an SSN word nearby such a number is taken for a routing number.
 *
 * @example
 * isAbaRoutingNumber('121042882'); // true
 */
export function isAbaRoutingNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const prefix = Number(digits.slice(0, 2));
  if (!(prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (w[i % 3] as number);
  return sum % 10 === 0;
}

/**
 * Score of an unformatted form: `withContext` after an SSN word; 0.5 bare; 0.2 after another
 * number's name, or when the digits are also a valid ABA routing number.
 */
const unformatted = (withContext: number) => (m: RegExpExecArray, ctx: Context): number =>
  ctx === 'ssn' ? withContext : ctx === 'other' || isAbaRoutingNumber(m[0].replace(/\D/g, '')) ? 0.2 : 0.5;

/**
 * Finds US SSNs, with the confidence of their format (see the module header).
 *
 * @example
 * findUsSsns('my SSN is 078-05-1123'); // [{ start: 10, end: 21, type: 'US_SSN', score: 1 }]
 * findUsSsns('area 666: 666-05-1123'); // []
 */
export function findUsSsns(text: string): Candidate[] {
  const out: Candidate[] = [];
  collect(FORMATTED, text, (m, ctx) => Math.min(1, (m[2] === '-' ? 0.85 : 0.6) + (ctx === 'ssn' ? 0.15 : 0)), out);
  collect(SPLIT, text, unformatted(0.6), out);
  collect(BARE, text, unformatted(0.75), out);
  return out;
}

/** The US SSN recogniser. */
export const usSsnRecognizer: Recognizer = { type: 'US_SSN', find: findUsSsns };
