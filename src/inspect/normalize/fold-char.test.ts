import { describe, expect, it } from 'vitest';
import { foldConfusable } from './confusables.js';
import { foldChar } from './fold-char.js';

const fold = (s: string) => [...s].map((c) => foldChar(c.codePointAt(0) ?? 0).text).join('');

describe('foldChar (NFKC, diacritics, confusables, lower case)', () => {
  it('folds fullwidth forms and mathematical alphanumerics through NFKC', () => {
    expect(fold('ＩＧＮＯＲＥ')).toBe('ignore');
    expect(fold('𝐢𝐠𝐧𝐨𝐫𝐞 𝓅𝓇𝑒𝓋𝒾𝑜𝓊𝓈')).toBe('ignore previous');
    expect(fold('ⓘⓖⓝⓞⓡⓔ')).toBe('ignore');
    expect(fold('ﬁle')).toBe('file');
  });

  it('folds Cyrillic and Greek look-alikes, marking them as confusable', () => {
    expect(fold('іgnоrе')).toBe('ignore');
    expect(fold('РRЕVІОUS')).toBe('previous');
    expect(fold('ΑΒΕΗΙΚΜΝΟΡΤΧ')).toBe('abehikmnoptx');
    expect(foldChar(0x0435)).toEqual({ text: 'e', confusable: true });
    expect(foldChar(0xff49).confusable).toBe(false);
  });

  it('folds small capitals and lettered symbols that NFKC leaves alone', () => {
    expect(fold('ɪɢɴᴏʀᴇ')).toBe('ignore');
    expect(fold('🅸🅶🅽🅾🆁🅴')).toBe('ignore');
    expect(fold('🇮🇬🇳')).toBe('ign');
  });

  it('removes combining diacritics, so accents and umlauts fold to their base letter', () => {
    expect(fold('ïgnörë')).toBe('ignore');
    expect(fold('i\u0308gnore')).toBe('ignore');
    expect(fold('Vorherigen Anweisungen für Überprüfung')).toBe('vorherigen anweisungen fur uberprufung');
    expect(fold('ß')).toBe('ß');
  });

  it('leaves other scripts as they are (lower-cased)', () => {
    expect(fold('中文')).toBe('中文');
    expect(fold('שלום')).toBe('שלום');
    expect(foldConfusable(0x4e2d)).toBe(-1);
  });
});
