/**
 * @module inspect/pii/phone-numbering
 * The numbering-plan facts the phone recogniser validates against: ITU-T E.164 country
 * calling codes (a prefix-free code of 1–3 digits) with the national-number lengths of the
 * common countries, and the North American Numbering Plan rules (area code and exchange
 * start with 2–9). Pure tables and predicates.
 */

/** Two-digit country calling codes (E.164 zones 2–9). */
const TWO_DIGIT = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
]);

/** National significant number lengths [min, max] where they are well known; others use DEFAULT. */
const NATIONAL_LENGTHS: Readonly<Record<string, readonly [number, number]>> = {
  '1': [10, 10], '7': [10, 10], '20': [9, 10], '27': [9, 9], '30': [10, 10], '31': [9, 9], '32': [8, 9],
  '33': [9, 9], '34': [9, 9], '36': [8, 9], '39': [6, 11], '41': [9, 9], '43': [4, 13], '44': [9, 10],
  '45': [8, 8], '46': [7, 10], '47': [8, 8], '48': [9, 9], '49': [6, 13], '52': [10, 10], '55': [10, 11],
  '61': [9, 9], '62': [8, 12], '81': [9, 10], '82': [8, 10], '86': [8, 11], '90': [10, 10], '91': [10, 10],
  '351': [9, 9], '353': [7, 9], '358': [5, 12], '420': [9, 9], '972': [8, 9],
};
const DEFAULT_LENGTHS: readonly [number, number] = [6, 12];

/**
 * Splits international digits (after `+` or `00`) into country code and national number,
 * or undefined when the country code cannot exist.
 *
 * @example
 * splitCountryCode('4915112345678'); // { cc: '49', national: '15112345678' }
 */
export function splitCountryCode(digits: string): { cc: string; national: string } | undefined {
  const first = digits[0];
  if (first === undefined || first === '0') return undefined;
  if (first === '1' || first === '7') return { cc: first, national: digits.slice(1) };
  const two = digits.slice(0, 2);
  if (TWO_DIGIT.has(two)) return { cc: two, national: digits.slice(2) };
  // E.164 codes are prefix-free: a zone 2–9 prefix that is no 2-digit code starts a 3-digit one.
  return digits.length > 3 ? { cc: digits.slice(0, 3), national: digits.slice(3) } : undefined;
}

/**
 * True when `national` has a plausible length for `cc` (and, for +1, follows the NANP).
 *
 * @example
 * validNational('1', '4155550132'); // true
 * validNational('1', '1155550132'); // false (area code starts with 1)
 */
export function validNational(cc: string, national: string): boolean {
  const [min, max] = NATIONAL_LENGTHS[cc] ?? DEFAULT_LENGTHS;
  if (national.length < min || national.length > max || /^0+$/.test(national)) return false;
  return cc === '1' ? isNanp(national) : cc.length + national.length <= 15;
}

/**
 * True for a 10-digit North American number: area code and exchange both start with 2–9,
 * and the area code is not an N11 service code.
 *
 * @example
 * isNanp('2125550123'); // true
 */
export function isNanp(digits: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits) && !/^[2-9]11/.test(digits);
}

/**
 * True when the digit groups are laid out like a date (`05-20-2021`, `20/05/21`,
 * `2021-05-20`), which a phone number with a trunk 0 could otherwise be mistaken for.
 *
 * @example
 * looksLikeDate(['05', '20', '2021']); // true
 */
export function looksLikeDate(groups: readonly string[]): boolean {
  if (groups.length !== 3) return false;
  const [a = '', b = '', c = ''] = groups;
  const short = (s: string) => s.length >= 1 && s.length <= 2;
  return (short(a) && short(b) && (c.length === 2 || c.length === 4)) || (a.length === 4 && short(b) && short(c));
}
