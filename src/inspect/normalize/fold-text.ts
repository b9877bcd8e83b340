/**
 * @module inspect/normalize/fold-text
 * One linear pass over a text that lower-cases it, folds every non-ASCII code point
 * (`fold-char.ts`: NFKC, diacritics, confusables), removes invisible format characters
 * (`invisible.ts`), counts them by kind, decodes tag-character smuggling into a separate
 * `hidden` string, and counts homoglyphs: confusables folded next to an ASCII letter, i.e.
 * inside a mixed-script word such as `іgnore`. All-ASCII text takes a fast path
 * (`toLowerCase`, identity offsets); otherwise each output character records the
 * `[start, end)` of the input code point it came from.
 */
import { foldChar } from './fold-char.js';
import { countInvisible, emptyInvisibleCounts, invisibleKind, tagToAscii } from './invisible.js';
import type { InvisibleCounts } from './invisible.js';

/** The result of {@link foldText}. */
export interface FoldedText {
  /** The folded, lower-case text without invisible characters. */
  readonly text: string;
  /** Per output character, the input range it came from; `null` when the offsets are the identity. */
  readonly starts: Int32Array | null;
  readonly ends: Int32Array | null;
  readonly invisible: InvisibleCounts;
  readonly homoglyphs: number;
  /** ASCII text decoded from tag characters (U+E0020–U+E007E), '' when none. */
  readonly hidden: string;
  /** `[start, end)` of the input spanned by the tag characters, when `hidden` is not empty. */
  readonly hiddenStart: number;
  readonly hiddenEnd: number;
}

function isAsciiLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * Folds `s` (see the module header).
 *
 * @example
 * foldText('Ｉgnоre\u200b ALL').text; // 'ignore all' (fullwidth I, Cyrillic о, zero-width space)
 * foldText('hi').starts; // null (identity offsets)
 */
export function foldText(s: string): FoldedText {
  if (isAscii(s)) {
    return { text: s.toLowerCase(), starts: null, ends: null, invisible: emptyInvisibleCounts(), homoglyphs: 0, hidden: '', hiddenStart: 0, hiddenEnd: 0 };
  }
  return foldSlow(s);
}

const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

/** Where the tag characters after 🏴 end (after U+E007F), or `from` when they do not form a complete sequence. */
function emojiTagSequenceEnd(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const cp = s.codePointAt(i) ?? 0;
    if (cp === CANCEL_TAG) return i + 2;
    if (cp < 0xe0020 || cp > 0xe007e) return from;
    i += 2;
  }
  return from;
}

/** Growable per-output-character offset buffers. */
class Offsets {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  n = 0;

  /** Records `count` output characters that came from input `[start, end)`. */
  push(start: number, end: number, count: number): void {
    this.#reserve(count);
    for (let k = 0; k < count; k++, this.n++) {
      this.starts[this.n] = start;
      this.ends[this.n] = end;
    }
  }

  /** Records the identity run `[start, end)` (one output character per input code unit). */
  pushIdentity(start: number, end: number): void {
    this.#reserve(end - start);
    for (let k = start; k < end; k++, this.n++) {
      this.starts[this.n] = k;
      this.ends[this.n] = k + 1;
    }
  }

  #reserve(count: number): void {
    if (this.n + count <= this.starts.length) return;
    const size = Math.max(this.n + count, this.starts.length * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }
}

function foldSlow(s: string): FoldedText {
  const pieces: string[] = [];
  const offsets = new Offsets();
  const invisible = emptyInvisibleCounts();
  const hidden = { text: '', start: -1, end: 0 };
  let homoglyphs = 0;
  let prevAsciiLetter = false;
  for (let i = 0; i < s.length; ) {
    if (s.charCodeAt(i) < 0x80) {
      // Copy the ASCII run as one piece: the common case, even in text with a few accents.
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) < 0x80) j++;
      pieces.push(s.slice(i, j).toLowerCase());
      offsets.pushIdentity(i, j);
      prevAsciiLetter = isAsciiLetter(s.charCodeAt(j - 1));
      i = j;
      continue;
    }
    const cp = s.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === BLACK_FLAG) {
      // An emoji tag sequence (🏴 + tags + cancel tag, e.g. the flag of Scotland) is not smuggling: keep the flag, drop its tags.
      const end = emojiTagSequenceEnd(s, i + width);
      pieces.push(s.slice(i, i + width));
      offsets.push(i, end, width);
      prevAsciiLetter = false;
      i = end;
      continue;
    }
    const kind = invisibleKind(cp);
    if (kind !== undefined) {
      countInvisible(invisible, kind);
      collectTag(hidden, cp, i, width);
      i += width;
      continue;
    }
    const folded = foldChar(cp);
    if (folded.confusable && (prevAsciiLetter || isAsciiLetter(s.charCodeAt(i + width)))) homoglyphs++;
    pieces.push(folded.text);
    offsets.push(i, i + width, folded.text.length);
    prevAsciiLetter = false;
    i += width;
  }
  return {
    text: pieces.join(''),
    starts: offsets.starts.slice(0, offsets.n),
    ends: offsets.ends.slice(0, offsets.n),
    invisible,
    homoglyphs,
    hidden: hidden.text,
    hiddenStart: Math.max(hidden.start, 0),
    hiddenEnd: hidden.end,
  };
}

/** Appends the ASCII a tag character stands for to the hidden text and widens its range. */
function collectTag(hidden: { text: string; start: number; end: number }, cp: number, at: number, width: number): void {
  const ascii = tagToAscii(cp);
  if (ascii < 0) return;
  hidden.text += String.fromCharCode(ascii);
  if (hidden.start < 0) hidden.start = at;
  hidden.end = at + width;
}
