import { describe, expect, it } from 'vitest';
import { findIbans, isValidIban } from './iban.js';

const found = (text: string) => findIbans(text).map((c) => text.slice(c.start, c.end));

describe('findIbans', () => {
  it('finds IBANs compact, grouped by spaces or dashes, and stops at the country length', () => {
    expect(found('pay to DE89370400440532013000 now')).toEqual(['DE89370400440532013000']);
    expect(found('GB29 NWBK 6016 1331 9268 19')).toEqual(['GB29 NWBK 6016 1331 9268 19']);
    expect(found('AL47-2121-1009-0000-0002-3569-8741')).toEqual(['AL47-2121-1009-0000-0002-3569-8741']);
    expect(found('this is an iban VG96 VPVG 0000 0123 4567 8901 X in a sentence')).toEqual(['VG96 VPVG 0000 0123 4567 8901']);
  });

  it('finds IBANs that follow one another or follow a non-IBAN (regression: the greedy candidate swallowed them)', () => {
    expect(found('GB29NWBK60161331926819 GB29NWBK60161331926819')).toEqual(['GB29NWBK60161331926819', 'GB29NWBK60161331926819']);
    expect(found('AB12 GB29 NWBK 6016 1331 9268 19')).toEqual(['GB29 NWBK 6016 1331 9268 19']);
  });

  it('rejects a wrong check digit, a wrong length and an unknown country', () => {
    expect(found('DE89370400440532013001')).toEqual([]);
    expect(found('GB29 NWBK 6016 1331 9268 1')).toEqual([]);
    expect(found('AB150120690000003111141')).toEqual([]);
    expect(isValidIban('GB29NWBK60161331926819')).toBe(true);
    expect(isValidIban('GB29NWBK6016133192681')).toBe(false);
  });

  it('rejects separators off the groups of four, slashes, lower case and run-on text', () => {
    expect(found('HR12 001 0051 8630 0016 1')).toEqual([]);
    expect(found('AL47/2121/1009/0000/0002/3569/8741')).toEqual([]);
    expect(found('GI75 aWBK 0000 0000 7099 453')).toEqual([]);
    expect(found('DE8937040044053201300012')).toEqual([]);
  });
});
