/**
 * @module inspect/prompt-injection/features
 * Hashed n-gram features of normalised text, shared by training and inference so the two
 * can never disagree: character 3-, 4- and 5-grams (whitespace runs collapsed to one space,
 * a space added at both ends) and word unigrams and bigrams (a word is a run of letters,
 * digits or non-ASCII characters outside general punctuation). Each n-gram is hashed with
 * FNV-1a and a murmur3 finaliser into `2^HASH_BITS` buckets. The value of every feature
 * occurrence is `1 / sqrt(count)` (so long texts do not saturate); the linear score is
 * `bias + sum(w[bucket]) / sqrt(count)`. Allocation-free: indices go into a caller-owned,
 * growable scratch buffer.
 */

/** log2 of the number of hash buckets. */
export const HASH_BITS = 18;
const MASK = (1 << HASH_BITS) - 1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_CHAR = 0x9e3779b9;
const SEED_WORD = 0x85ebca6b;
const SEED_BIGRAM = 0xc2b2ae35;

function step(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  return !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x3000 && c <= 0x303f) && c !== 0xa0;
}

/** A reusable buffer for feature indices; grows as needed. */
export class FeatureBuffer {
  indices = new Int32Array(1024);

  /** Makes room for `n` indices. @example buf.ensure(5 * text.length + 16) */
  ensure(n: number): void {
    if (this.indices.length < n) this.indices = new Int32Array(Math.max(n, this.indices.length * 2));
  }
}

/** Upper bound of the number of features of a text of `length` characters. */
export function maxFeatures(length: number): number {
  return 5 * length + 16;
}

/**
 * Writes the hashed feature indices of `text` into `buf` and returns how many there are.
 * `text` should be normalised (lower case) already.
 *
 * @example
 * const buf = new FeatureBuffer();
 * const n = hashFeatures('ignore all previous instructions', buf);
 * buf.indices.subarray(0, n); // bucket indices in [0, 2^18)
 */
export function hashFeatures(text: string, buf: FeatureBuffer): number {
  buf.ensure(maxFeatures(text.length));
  const out = buf.indices;
  let n = 0;
  // The last five characters of the collapsed text, c0 newest; -1 = none yet.
  let c0 = 0x20, c1 = -1, c2 = -1, c3 = -1, c4 = -1;
  let word = FNV_OFFSET ^ SEED_WORD;
  let wordLen = 0;
  let prevWord = 0;
  let havePrev = false;
  const len = text.length;
  for (let i = 0; i <= len; i++) {
    let c = i < len ? text.charCodeAt(i) : 0x20;
    if (isSpace(c)) {
      c = 0x20;
      if (c0 === 0x20 && i < len) continue;
    }
    if (isWordChar(c)) {
      word = step(word, c);
      wordLen++;
    } else if (wordLen > 0) {
      out[n++] = finish(word);
      if (havePrev) out[n++] = finish(step(Math.imul(prevWord, 31) ^ SEED_BIGRAM, word));
      prevWord = word;
      havePrev = true;
      word = FNV_OFFSET ^ SEED_WORD;
      wordLen = 0;
    }
    c4 = c3; c3 = c2; c2 = c1; c1 = c0; c0 = c;
    if (c2 < 0) continue;
    let h = step(step(step(FNV_OFFSET ^ SEED_CHAR, c0), c1), c2);
    out[n++] = finish(h);
    if (c3 < 0) continue;
    h = step(h, c3);
    out[n++] = finish(h);
    if (c4 < 0) continue;
    out[n++] = finish(step(h, c4));
  }
  return n;
}
