import { describe, expect, it } from 'vitest';
import { ibanMod97Valid, luhnValid } from './checksums.js';

describe('luhnValid', () => {
  it('accepts valid PANs and rejects a changed digit', () => {
    for (const pan of ['4111111111111111', '5555555555554444', '378282246310005', '4012888888881881', '122000000000003']) expect(luhnValid(pan), pan).toBe(true);
    for (const pan of ['4111111111111112', '4012888888881882', '36168002586008']) expect(luhnValid(pan), pan).toBe(false);
  });

  it('rejects empty strings and non-digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111-1111')).toBe(false);
  });
});

describe('ibanMod97Valid', () => {
  it('accepts registry examples and rejects a wrong check digit', () => {
    for (const iban of ['GB29NWBK60161331926819', 'DE89370400440532013000', 'FR1420041010050500013M02606', 'NO9386011117947']) expect(ibanMod97Valid(iban), iban).toBe(true);
    for (const iban of ['GB29NWBK60161331926810', 'DE88370400440532013000', 'GB29nwbk60161331926819', 'GB2']) expect(ibanMod97Valid(iban), iban).toBe(false);
  });
});
