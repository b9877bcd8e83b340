import { describe, expect, it } from 'vitest';
import { cardIssuer, findCreditCards, isValidCardNumber } from './credit-card.js';

const found = (text: string) => findCreditCards(text).map((c) => text.slice(c.start, c.end));

describe('findCreditCards', () => {
  it('finds cards compact, with spaces and with dashes, and splits a run of cards', () => {
    expect(found('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toEqual(['4012888888881881', '4012-8888-8888-1881', '4012 8888 8888 1881']);
    expect(found('Amex 3782 822463 10005, MC 5555555555554444.')).toEqual(['3782 822463 10005', '5555555555554444']);
  });

  it('rejects a Luhn-invalid number', () => {
    expect(found('my credit card number is 4012-8888-8888-1882')).toEqual([]);
    expect(found('36168002586008')).toEqual([]);
  });

  it('rejects Luhn-valid numbers with an unknown issuer prefix or length', () => {
    expect(isValidCardNumber('9111111111111110')).toBe(false);
    expect(isValidCardNumber('7111111111111114')).toBe(false);
    expect(found('1748503543012')).toEqual([]); // UATP prefix 1 needs 15 digits
    expect(found('41111111111114')).toEqual([]); // Visa has no 14-digit PANs
  });

  it('rejects numbers glued to words, decimals and badly grouped digits', () => {
    expect(found('id4111111111111111 0.4111111111111111 4111111111111111abc')).toEqual([]);
    expect(found('41 11 11 11 11 11 11 11')).toEqual([]);
  });

  it('does not take a group of a dash-joined neighbour (found by the redaction property test)', () => {
    expect(found('078-05-1123 4111 1111 1111 1111 078-05-1123')).toEqual(['4111 1111 1111 1111']);
    expect(found('4111 1111-1111 1111')).toEqual([]);
  });

  it('finds a card at the end of a longer run of numbers', () => {
    expect(found('ref 12 4111 1111 1111 1111')).toEqual(['4111 1111 1111 1111']);
    expect(found('4111 1111 1111 1111 22')).toEqual(['4111 1111 1111 1111']);
  });

  it('names the issuer', () => {
    expect(cardIssuer('4111111111111111')).toBe('visa');
    expect(cardIssuer('2221000000000009')).toBe('mastercard');
    expect(cardIssuer('371449635398431')).toBe('amex');
    expect(cardIssuer('3528000700000000')).toBe('jcb');
    expect(cardIssuer('122000000000003')).toBe('uatp');
  });
});
