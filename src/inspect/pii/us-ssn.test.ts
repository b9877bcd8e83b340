import { describe, expect, it } from 'vitest';
import { findUsSsns, isAbaRoutingNumber, isValidSsn } from './us-ssn.js';

const found = (text: string, min = 0.5) => findUsSsns(text).filter((c) => c.score >= min).map((c) => text.slice(c.start, c.end));

describe('findUsSsns', () => {
  it('finds AAA-GG-SSSS and the space/dot forms with one consistent separator', () => {
    expect(found('SSN 078-05-1123, alt 078.05.1123 or 078 05 1123')).toEqual(['078-05-1123', '078.05.1123', '078 05 1123']);
    expect(found('693-09.4444')).toEqual([]);
  });

  it('applies the area, group and serial rules', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000', '111-11-1111', '078-05-1120']) {
      expect(found(`ssn: ${bad}`), bad).toEqual([]);
    }
    expect(isValidSsn('899123456')).toBe(true);
    expect(isValidSsn('901123456')).toBe(false);
  });

  it('reports nine bare digits at the default confidence, higher after an SSN word', () => {
    expect(found('078051121')).toEqual(['078051121']);
    expect(findUsSsns('078051121')[0]?.score).toBe(0.5);
    expect(findUsSsns('SSN: 078051121')[0]?.score).toBe(0.75);
    expect(found('my social security number is 078051121')).toEqual(['078051121']);
  });

  it('does not take order, account, licence or routing numbers for SSNs', () => {
    for (const text of ['order 078051121', 'Invoice #078051121', 'tracking no. 078051121', 'account: 078051121', "My driver's license number is 481195160", 'Bestellung 078051121']) {
      expect(found(text), text).toEqual([]);
      expect(found(text, 0), text).toEqual([text.match(/\d{9}/)?.[0]]);
    }
    // 121042882 is a valid ABA routing number (prefix 12, 3-7-1 checksum): ambiguous without an SSN word.
    expect(isAbaRoutingNumber('121042882')).toBe(true);
    expect(isAbaRoutingNumber('078051121')).toBe(false);
    expect(found('121042882')).toEqual([]);
    expect(found('SSN 121042882')).toEqual(['121042882']);
  });

  it('reports the split forms at the default confidence, not after another number\'s name', () => {
    expect(found('078-051121 07805-1121')).toEqual(['078-051121', '07805-1121']);
    expect(found('order 078-051121')).toEqual([]);
  });

  it('does not match inside longer numbers', () => {
    expect(found('0780511201 1078-05-1123 078-05-11234', 0)).toEqual([]);
  });
});
