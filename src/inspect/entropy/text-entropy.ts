/**
 * @module inspect/entropy/text-entropy
 * Per-request entropy of a text: the byte entropy of its UTF-8 encoding (bits per byte,
 * 0..8; shared/math `byteEntropy`) and the token entropy (bits) of its word-token
 * frequencies, tokens being maximal runs of Unicode letters and digits, lower-cased.
 * Repetitive, synthetic text (the same word or character over and over) has low values of
 * both; ordinary prose has byte entropy around 4–4.5 and token entropy close to log2 of
 * its token count.
 */
import { byteEntropy, entropy } from '../../shared/math/index.js';
import { ENTROPY_DEFAULTS } from './defaults.js';

/** Entropy figures of one text. */
export interface TextEntropy {
  /** Bits per byte of the UTF-8 bytes (0 for an empty text). */
  readonly byteEntropy: number;
  /** Bits of the token frequency distribution (0 for fewer than two distinct tokens). */
  readonly tokenEntropy: number;
  /** tokenEntropy / log2(tokens), 0..1 (0 for fewer than two tokens). */
  readonly normalizedTokenEntropy: number;
  readonly tokens: number;
  readonly bytes: number;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const encoder = new TextEncoder();

/**
 * Entropy figures of `text` (cut at `maxChars`).
 *
 * @example
 * textEntropy('buy buy buy buy').tokenEntropy; // 0
 * textEntropy('the cat sat on the mat').tokenEntropy; // 2.25
 */
export function textEntropy(text: string, maxChars: number = ENTROPY_DEFAULTS.maxTextChars): TextEntropy {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  const bytes = encoder.encode(cut);
  const counts = new Map<string, number>();
  let tokens = 0;
  for (const match of cut.matchAll(TOKEN)) {
    const token = match[0].toLowerCase();
    counts.set(token, (counts.get(token) ?? 0) + 1);
    tokens++;
  }
  const h = tokens === 0 ? undefined : entropy([...counts.values()]);
  const tokenEntropy = h !== undefined && h.ok ? Math.max(0, h.entropy) : 0;
  return {
    byteEntropy: byteEntropy(bytes),
    tokenEntropy,
    normalizedTokenEntropy: tokens > 1 ? Math.min(1, tokenEntropy / Math.log2(tokens)) : 0,
    tokens,
    bytes: bytes.length,
  };
}
