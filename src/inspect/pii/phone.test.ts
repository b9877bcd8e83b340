import { describe, expect, it } from 'vitest';
import { findPhones } from './phone.js';
import { looksLikeDate, splitCountryCode, validNational } from './phone-numbering.js';

const found = (text: string) => findPhones(text).map((c) => text.slice(c.start, c.end));

describe('findPhones', () => {
  it('finds E.164 numbers, compact and grouped', () => {
    expect(found('call +4915112345678 now')).toEqual(['+4915112345678']);
    expect(found('London +44 (20) 7123 4567, Paris +33 1 42 68 53 00')).toEqual(['+44 (20) 7123 4567', '+33 1 42 68 53 00']);
    expect(found('+1 415 555 0132 and +91 4155 550132')).toEqual(expect.arrayContaining(['+1 415 555 0132', '+91 4155 550132']));
  });

  it('finds US national formats, with a country prefix and an extension', () => {
    expect(found('(212) 555-0123, 212-555-0123, 212.555.0123, (415)555-0132')).toEqual(['(212) 555-0123', '212-555-0123', '212.555.0123', '(415)555-0132']);
    expect(found('Fax: 001-420-335-7509x38548')).toEqual(['001-420-335-7509x38548']);
    expect(found('intl 91-415-555-0132')).toEqual(['91-415-555-0132']);
  });

  it('finds UK and German national formats with a trunk 0', () => {
    expect(found('UK 020 7123 4567 or 07700 900123')).toEqual(['020 7123 4567', '07700 900123']);
    expect(found('Tel. 030 1234567, Handy 0151 12345678, Büro 089/1234567')).toEqual(['030 1234567', '0151 12345678', '089/1234567']);
    expect(found('030 1234567 0151 12345678')).toEqual(['030 1234567', '0151 12345678']);
  });

  it('validates digit counts and the numbering plan', () => {
    expect(found('+49 30 12')).toEqual([]); // too short
    expect(found('+1 123 555 0123')).toEqual([]); // NANP area codes start with 2-9
    expect(found('123-456-7890 and 212-055-0123')).toEqual([]);
    expect(found('+0 1234 567890 and +1 2125550123 99999')).toEqual(['+1 2125550123']);
  });

  it('does not mistake dates, IPs, order numbers or longer numbers for phones', () => {
    expect(found('born 05-20-2021, due 2021-05-20, on 12.05.2021 or 05/12/1990')).toEqual([]);
    expect(found('host 192.168.100.200 and 10.0.0.1')).toEqual([]);
    expect(found('Order #212-555-0123, invoice no. 0151 12345678, order number 2125550123')).toEqual([]);
    expect(found('4012-8888-8888-1881 and 212-555-0123-99 and MAC 01-23-45-67-89-AB')).toEqual([]);
  });

  it('is word-boundary aware', () => {
    expect(found('is415-555-0132 x+4915112345678')).toEqual([]);
  });

  it('reports bare digit runs only after a phone word', () => {
    expect(found('My CN number is 13812345678')).toEqual(['13812345678']);
    expect(found('id 2125550123 and 13812345678')).toEqual([]);
  });
});

describe('numbering plan helpers', () => {
  it('splits country codes (prefix-free) and checks national lengths', () => {
    expect(splitCountryCode('4915112345678')).toEqual({ cc: '49', national: '15112345678' });
    expect(splitCountryCode('35312345678')).toEqual({ cc: '353', national: '12345678' });
    expect(splitCountryCode('0123')).toBeUndefined();
    expect(validNational('44', '2071234567')).toBe(true);
    expect(validNational('44', '207123')).toBe(false);
  });

  it('recognises date-shaped groups', () => {
    expect(looksLikeDate(['05', '20', '2021'])).toBe(true);
    expect(looksLikeDate(['2021', '05', '20'])).toBe(true);
    expect(looksLikeDate(['030', '1234567'])).toBe(false);
  });
});
