/**
 * @module inspect/pii/credit-card
 * Payment card numbers (PAN): 13–19 digits, written as one run or in groups separated by
 * single spaces or dashes, one kind per card (first group of 4, further groups of 3–6, as
 * cards are printed), with a known issuer prefix (IIN) and length, and a valid Luhn check
 * digit. A run of several numbers ("4012888888881881 4012-8888-8888-1881") is split into
 * its cards, at spaces only: "4111 1111 1111 1111 078-05-1123" is a card and an SSN, never
 * the 19-digit "4111 1111 1111 1111 078".
 */
import type { Candidate, Recognizer } from './types.js';
import { luhnValid } from './checksums.js';
import { eachMatch, isWordChar } from './scan.js';

/** Maximal runs of digit groups; validation picks the cards out of each run. */
const RUN = /(?<![\w+.])\d+(?:[ -]\d+)*/g;
const SCORE = 0.9;

interface Issuer {
  readonly name: string;
  /** Inclusive ranges of the leading digits, compared as numbers of the same length. */
  readonly ranges: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Issuer prefixes (ISO/IEC 7812 IIN ranges of the major networks) and their PAN lengths. */
const ISSUERS: readonly Issuer[] = [
  { name: 'visa', ranges: [['4', '4']], lengths: [13, 16, 19] },
  { name: 'mastercard', ranges: [['51', '55'], ['2221', '2720']], lengths: [16] },
  { name: 'amex', ranges: [['34', '34'], ['37', '37']], lengths: [15] },
  { name: 'diners', ranges: [['300', '305'], ['3095', '3095'], ['36', '36'], ['38', '39']], lengths: range(14, 19) },
  { name: 'discover', ranges: [['6011', '6011'], ['644', '649'], ['65', '65']], lengths: range(16, 19) },
  { name: 'jcb', ranges: [['3528', '3589']], lengths: range(16, 19) },
  { name: 'unionpay', ranges: [['62', '62'], ['81', '81']], lengths: range(16, 19) },
  { name: 'maestro', ranges: [['50', '50'], ['56', '69']], lengths: range(13, 19) },
  { name: 'mir', ranges: [['2200', '2204']], lengths: range(16, 19) },
  { name: 'uatp', ranges: [['1', '1']], lengths: [15] },
];

/**
 * The issuer network of a PAN, or undefined when no known IIN range and length fit.
 *
 * @example
 * cardIssuer('371449635398431'); // 'amex'
 * cardIssuer('9999999999999999'); // undefined
 */
export function cardIssuer(digits: string): string | undefined {
  for (const issuer of ISSUERS) {
    if (!issuer.lengths.includes(digits.length)) continue;
    for (const [lo, hi] of issuer.ranges) {
      const head = digits.slice(0, lo.length);
      if (head >= lo && head <= hi) return issuer.name;
    }
  }
  return undefined;
}

/**
 * True for a PAN (digits only) with a known issuer and a valid Luhn digit.
 *
 * @example
 * isValidCardNumber('4012888888881881'); // true
 */
export function isValidCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && cardIssuer(digits) !== undefined && luhnValid(digits);
}

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
}

function groupsOf(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  const re = /\d+/g;
  for (let m = re.exec(run); m !== null; m = re.exec(run)) {
    groups.push({ start: offset + m.index, end: offset + m.index + m[0].length, digits: m[0] });
  }
  return groups;
}

/**
 * The card made of groups i..j, if they are laid out like a card (one separator kind
 * inside; split from neighbouring groups of the run only at a space) and the number is valid.
 */
function cardAt(text: string, groups: readonly Group[], i: number, j: number): string | undefined {
  const parts = groups.slice(i, j + 1);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!first || !last) return undefined;
  if ((i > 0 && text[first.start - 1] !== ' ') || (j < groups.length - 1 && text[last.end] !== ' ')) return undefined;
  if (parts.length > 1) {
    if (first.digits.length !== 4 || parts.slice(1).some((g) => g.digits.length < 3 || g.digits.length > 6)) return undefined;
    if (new Set(parts.slice(1).map((g) => text[g.start - 1])).size !== 1) return undefined;
  }
  const digits = parts.map((g) => g.digits).join('');
  return isValidCardNumber(digits) ? digits : undefined;
}

/**
 * Every valid card reading of the run (at most 19 digits each, so the inner loop is
 * bounded); resolveOverlaps keeps the longest ones that collide with nothing.
 */
function cardsInRun(text: string, groups: readonly Group[], out: Candidate[]): void {
  for (let i = 0; i < groups.length; i++) {
    let total = 0;
    for (let j = i; j < groups.length; j++) {
      total += groups[j]?.digits.length ?? 0;
      if (total > 19) break;
      const first = groups[i];
      const last = groups[j];
      if (total < 13 || !first || !last || isWordChar(text[last.end]) || cardAt(text, groups, i, j) === undefined) continue;
      out.push({ start: first.start, end: last.end, type: 'CREDIT_CARD', score: SCORE });
    }
  }
}

/**
 * Finds payment card numbers.
 *
 * @example
 * findCreditCards('card 4012-8888-8888-1881'); // [{ start: 5, end: 24, type: 'CREDIT_CARD', score: 0.9 }]
 * findCreditCards('card 4012-8888-8888-1882'); // [] (Luhn)
 */
export function findCreditCards(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(RUN, text, (m) => {
    if (m[0].length < 13) return;
    cardsInRun(text, groupsOf(m[0], m.index), out);
  });
  return out;
}

/** The payment card recogniser. */
export const creditCardRecognizer: Recognizer = { type: 'CREDIT_CARD', find: findCreditCards };
