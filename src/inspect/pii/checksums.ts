/**
 * @module inspect/pii/checksums
 * The check-digit algorithms that turn "looks like a number" into "is a valid number":
 * Luhn (payment cards, ISO/IEC 7812) and ISO 7064 mod-97-10 (IBAN). Pure, allocation-free.
 */

/**
 * Luhn check over a string of ASCII digits (no separators). False for an empty string or
 * any non-digit.
 *
 * @example
 * luhnValid('4111111111111111'); // true
 * luhnValid('4012888888881882'); // false
 */
export function luhnValid(digits: string): boolean {
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * ISO 13616 IBAN check: the first four characters moved to the end, letters mapped to
 * 10..35, the resulting number mod 97 must be 1. `iban` is upper-case alphanumeric
 * without separators.
 *
 * @example
 * ibanMod97Valid('GB29NWBK60161331926819'); // true
 * ibanMod97Valid('GB29NWBK60161331926810'); // false
 */
export function ibanMod97Valid(iban: string): boolean {
  if (iban.length < 5) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}
