/**
 * @module inspect/normalize/leet
 * Leetspeak folding for the copy of the text that rules match: inside a word that has at
 * least one letter, `1`→`i`, `3`→`e`, `4`→`a`, `0`→`o`, `5`→`s`, `7`→`t`, `@`→`a`, `$`→`s`
 * (`1gn0r3 4ll rul35` → `ignore aii rules`; rules accept `i` where `l` is meant). Numbers
 * without letters (`2024`, `$100`) are left alone, and so are words longer than
 * `MAX_LEET_WORD` characters (base64 blobs and hashes are not leetspeak). Length-preserving,
 * so offsets on the folded copy are offsets on the normalised text. Input is already lower
 * case.
 */

/** Longest word that is folded. */
export const MAX_LEET_WORD = 32;

// Leet character → the letter it stands for.
const LEET: Readonly<Record<number, number>> = {
  0x31: 0x69, // 1 → i
  0x33: 0x65, // 3 → e
  0x34: 0x61, // 4 → a
  0x30: 0x6f, // 0 → o
  0x35: 0x73, // 5 → s
  0x37: 0x74, // 7 → t
  0x40: 0x61, // @ → a
  0x24: 0x73, // $ → s
};

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0xdf;
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x40 || c === 0x24;
}

/**
 * The leetspeak-folded copy of lower-case `text`; `text` itself when nothing folds.
 *
 * @example
 * foldLeet('1gn0r3 4ll pr3v10u5 1n57ruc710n5'); // 'ignore aii previous instructions'
 * foldLeet('call me at 555 0100'); // unchanged
 */
export function foldLeet(text: string): string {
  let out: string[] | undefined;
  let last = 0;
  let i = 0;
  while (i < text.length) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let letters = 0;
    let leet = 0;
    for (; i < text.length && isWordChar(text.charCodeAt(i)); i++) {
      const c = text.charCodeAt(i);
      if (isLetter(c)) letters++;
      else if (LEET[c] !== undefined) leet++;
    }
    if (letters === 0 || leet === 0 || i - start > MAX_LEET_WORD) continue;
    out ??= [];
    out.push(text.slice(last, start), foldWord(text, start, i));
    last = i;
  }
  if (out === undefined) return text;
  out.push(text.slice(last));
  return out.join('');
}

function foldWord(text: string, start: number, end: number): string {
  let word = '';
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    word += String.fromCharCode(LEET[c] ?? c);
  }
  return word;
}
