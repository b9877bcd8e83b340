import { describe, expect, it } from 'vitest';
import { invisibleKind, tagToAscii } from './invisible.js';

describe('invisibleKind', () => {
  it('classifies every range the normaliser removes', () => {
    for (const cp of [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2061, 0x2064, 0xfeff, 0xad]) expect(invisibleKind(cp)).toBe('zero_width');
    for (const cp of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) expect(invisibleKind(cp)).toBe('bidi');
    for (const cp of [0xe0000, 0xe0001, 0xe0041, 0xe007f, 0xe0100, 0xe01ef]) expect(invisibleKind(cp)).toBe('tag');
  });

  it('leaves visible characters alone, including neighbours of the ranges', () => {
    for (const cp of [0x41, 0x20, 0x200a, 0x2010, 0x2029, 0x2065, 0x206a, 0xe0080, 0xe01f0, 0x1f600, 0x5d0]) expect(invisibleKind(cp)).toBeUndefined();
  });
});

describe('tagToAscii', () => {
  it('maps printable tag characters to ASCII and nothing else', () => {
    expect(String.fromCharCode(tagToAscii(0xe0041))).toBe('A');
    expect(String.fromCharCode(tagToAscii(0xe0020))).toBe(' ');
    expect(tagToAscii(0xe0001)).toBe(-1);
    expect(tagToAscii(0xe007f)).toBe(-1);
    expect(tagToAscii(0x41)).toBe(-1);
  });
});
