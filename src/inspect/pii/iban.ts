/**
 * @module inspect/pii/iban
 * International Bank Account Numbers: a country code with an IBAN, two check digits, then
 * exactly the country's number of upper-case alphanumerics, written compact or in groups
 * of four separated by single spaces or dashes; the ISO 7064 mod-97 check must hold. The
 * span ends after the country's length, so trailing words ("… 8901 X") are not swallowed,
 * but an IBAN that runs straight into more alphanumerics is rejected.
 */
import type { Candidate, Recognizer } from './types.js';
import { ibanMod97Valid } from './checksums.js';
import { ibanLength } from './iban-countries.js';
import { eachMatch } from './scan.js';

const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){8,32}/g;
const ALNUM = /[A-Za-z0-9]/;
const SCORE = 0.95;

/**
 * True for a compact IBAN (no separators) of a known country with the right length and a
 * valid mod-97 check.
 *
 * @example
 * isValidIban('GB29NWBK60161331926819'); // true
 */
export function isValidIban(compact: string): boolean {
  return ibanLength(compact.slice(0, 2)) === compact.length && ibanMod97Valid(compact);
}

/** The end offset (in `raw`) after `length` alphanumerics, or -1 when the layout is not an IBAN's. */
function endAfter(raw: string, length: number): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? '';
    if (ALNUM.test(ch)) {
      count++;
      if (count === length) return i + 1;
    } else if (count % 4 !== 0) {
      return -1; // separators only between groups of four
    }
  }
  return -1;
}

/**
 * Finds IBANs.
 *
 * @example
 * findIbans('this is an iban VG96 VPVG 0000 0123 4567 8901 in a sentence');
 * // [{ start: 16, end: 45, type: 'IBAN', score: 0.95 }]
 */
export function findIbans(text: string): Candidate[] {
  const out: Candidate[] = [];
  // The candidate is greedy ("DE89… GB29…" is one run): resume right after what was used.
  eachMatch(CANDIDATE, text, (m) => {
    const length = ibanLength(m[0].slice(0, 2));
    if (length === undefined) return m.index + 1;
    const end = endAfter(m[0], length);
    if (end < 0 || ALNUM.test(text[m.index + end] ?? '')) return m.index + 1;
    const raw = m[0].slice(0, end);
    if (!ibanMod97Valid(raw.replace(/[ -]/g, ''))) return m.index + 1;
    out.push({ start: m.index, end: m.index + end, type: 'IBAN', score: SCORE });
    return m.index + end;
  });
  return out;
}

/** The IBAN recogniser. */
export const ibanRecognizer: Recognizer = { type: 'IBAN', find: findIbans };
