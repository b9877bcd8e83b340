/**
 * @module inspect/normalize/fold-char
 * Folds one non-ASCII code point to the lower-case text the inspectors score: Unicode NFKC
 * (fullwidth forms, mathematical alphanumerics, circled and squared letters, ligatures →
 * their compatibility equivalents), then canonical decomposition with the combining
 * diacritics removed (so `ïgnörë` and `i\u0308` read as `ignore` and `i`; German umlauts
 * fold too: `für` → `fur`), then the confusable table (Cyrillic `і` → `i`), then lower
 * case. Results are cached per code point (bounded), so text in any script costs one map
 * lookup per character after warm-up. ASCII never reaches this module: the normaliser
 * lower-cases it inline.
 */
import { foldConfusable } from './confusables.js';

/** The folded form of one code point. */
export interface FoldedChar {
  /** The replacement text: usually one character, empty for a lone combining mark, more for ligatures. */
  readonly text: string;
  /** A confusable look-alike was folded (the homoglyph signal). */
  readonly confusable: boolean;
}

const CACHE_LIMIT = 8192;
const cache = new Map<number, FoldedChar>();

/** True for combining diacritical marks (the ranges folded away; other scripts' marks stay). */
function isCombiningDiacritic(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

function compute(cp: number): FoldedChar {
  const decomposed = String.fromCodePoint(cp).normalize('NFKC').normalize('NFD');
  let text = '';
  let confusable = false;
  for (const ch of decomposed) {
    const c = ch.codePointAt(0) ?? 0;
    if (isCombiningDiacritic(c)) continue;
    const look = foldConfusable(c);
    if (look >= 0) {
      confusable = true;
      text += String.fromCharCode(look);
    } else {
      text += ch.toLowerCase();
    }
  }
  return { text, confusable };
}

/**
 * Folds a non-ASCII code point (see the module header).
 *
 * @example
 * foldChar(0xff29).text; // 'i' (fullwidth I)
 * foldChar(0x1d41a).text; // 'a' (mathematical bold small a)
 * foldChar(0x0435); // { text: 'e', confusable: true } (Cyrillic е)
 * foldChar(0x00fc).text; // 'u' (ü)
 */
export function foldChar(cp: number): FoldedChar {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const folded = compute(cp);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cp, folded);
  return folded;
}
