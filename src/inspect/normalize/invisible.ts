/**
 * @module inspect/normalize/invisible
 * Classifies the invisible format characters that the normaliser removes: zero-width
 * characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, soft hyphen, Mongolian vowel
 * separator, Arabic letter mark), bidirectional embedding/override/isolate controls
 * (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" characters) and invisible encoding
 * characters (tag characters U+E0000–U+E007F and the variation selectors supplement
 * U+E0100–U+E01EF, both used to smuggle text that humans cannot see). Their presence is
 * itself a signal: tag and variation-selector smuggling is strong, bidi controls are
 * moderate, zero-width characters are weak (Khmer and copy-pasted text use them benignly).
 */

/** How an invisible character is classified; see the module header. */
export type InvisibleKind = 'zero_width' | 'bidi' | 'tag';

/**
 * The kind of invisible character `cp` is, or `undefined` for a visible one.
 *
 * @example
 * invisibleKind(0x200b); // 'zero_width'
 * invisibleKind(0x202e); // 'bidi'
 * invisibleKind(0xe0041); // 'tag'
 * invisibleKind(0x41); // undefined
 */
export function invisibleKind(cp: number): InvisibleKind | undefined {
  if (cp < 0xad) return undefined;
  if (cp === 0xad || cp === 0x61c || cp === 0x180e || cp === 0xfeff) return 'zero_width';
  if (cp >= 0x200b && cp <= 0x200f) return 'zero_width';
  if (cp >= 0x2060 && cp <= 0x2064) return 'zero_width';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if ((cp >= 0xe0000 && cp <= 0xe007f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'tag';
  return undefined;
}

/**
 * The printable ASCII character a tag character stands for (U+E0020–U+E007E map to
 * U+0020–U+007E), or -1 for any other code point.
 *
 * @example
 * String.fromCharCode(tagToAscii(0xe0041)); // 'A'
 */
export function tagToAscii(cp: number): number {
  return cp >= 0xe0020 && cp <= 0xe007e ? cp - 0xe0000 : -1;
}

/** Counts of removed invisible characters, by kind. */
export interface InvisibleCounts {
  zeroWidth: number;
  bidi: number;
  tag: number;
}

/** A fresh all-zero {@link InvisibleCounts}. @example emptyInvisibleCounts().tag // 0 */
export function emptyInvisibleCounts(): InvisibleCounts {
  return { zeroWidth: 0, bidi: 0, tag: 0 };
}

/** Adds one character of `kind` to `counts`. @example countInvisible(c, 'bidi') */
export function countInvisible(counts: InvisibleCounts, kind: InvisibleKind): void {
  if (kind === 'zero_width') counts.zeroWidth++;
  else if (kind === 'bidi') counts.bidi++;
  else counts.tag++;
}
