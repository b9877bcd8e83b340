import { describe, expect, it } from 'vitest';
import type { Candidate } from './types.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { detectSpans } from './detect.js';

const c = (start: number, end: number, type: Candidate['type'], score = 0.8): Candidate => ({ start, end, type, score });

describe('resolveOverlaps', () => {
  it('keeps the higher-priority entity: secrets before PII, IBAN before card, phone last', () => {
    expect(resolveOverlaps([c(0, 8, 'EMAIL'), c(2, 6, 'URL_CREDENTIALS')], 10)).toEqual([c(2, 6, 'URL_CREDENTIALS')]);
    expect(resolveOverlaps([c(5, 21, 'CREDIT_CARD'), c(0, 27, 'IBAN')], 27)).toEqual([c(0, 27, 'IBAN')]);
    expect(resolveOverlaps([c(0, 11, 'PHONE'), c(0, 11, 'US_SSN')], 11)).toEqual([c(0, 11, 'US_SSN')]);
  });

  it('keeps the longer of two spans of one type, and both of two disjoint ones, sorted', () => {
    expect(resolveOverlaps([c(7, 16, 'IP_ADDRESS'), c(0, 16, 'IP_ADDRESS'), c(20, 25, 'EMAIL')], 30)).toEqual([c(0, 16, 'IP_ADDRESS'), c(20, 25, 'EMAIL')]);
  });

  it('drops candidates outside the text or empty', () => {
    expect(resolveOverlaps([c(5, 12, 'EMAIL'), c(3, 3, 'EMAIL')], 10)).toEqual([]);
  });

  it('resolves a valid IBAN that holds a Luhn-valid card-shaped run to the IBAN', () => {
    expect(detectSpans('RS35 2600 0560 1001 6113 79').spans.map((s) => s.type)).toEqual(['IBAN']);
  });
});
