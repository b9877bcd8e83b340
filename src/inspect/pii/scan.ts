/**
 * @module inspect/pii/scan
 * Small helpers shared by the recognisers: iterate the matches of a global regex, look at
 * the words just before a match (context such as "SSN:" or "order no."), and test word
 * boundaries. Every pattern given to `eachMatch` must be linear-time: no nested unbounded
 * quantifiers, bounded repetition where alternatives overlap (see the adversarial test).
 */

/**
 * Calls `fn` for every match of the global regex `re` in `text`, from the start. `re` must
 * have the `g` flag; its `lastIndex` is reset first. When `fn` returns an offset, the
 * search resumes there instead of after the match (at least one past the match start):
 * a recogniser that keeps only the head of a greedy candidate resumes after the head, so
 * an entity right after it is not swallowed. Empty matches advance by one.
 *
 * @example
 * eachMatch(/\d+/g, 'a1b22', (m) => console.log(m[0])); // 1, 22
 */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => number | void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const resume = fn(m);
    if (typeof resume === 'number') re.lastIndex = Math.max(resume, m.index + 1);
    else if (m[0].length === 0) re.lastIndex = m.index + 1;
  }
}

/**
 * True when `pattern` (anchored with `$` by the caller when it must touch the match) is
 * found in the `window` characters before `start`.
 *
 * @example
 * hasContextBefore('my SSN: 078-05-1123', 8, /\bssn\b/i); // true
 */
export function hasContextBefore(text: string, start: number, pattern: RegExp, window = 40): boolean {
  return pattern.test(text.slice(Math.max(0, start - window), start));
}

/** True for an ASCII letter, digit or underscore (the `\w` of a non-Unicode regex). */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /\w/.test(ch);
}

/**
 * The ASCII digits of `s`, separators dropped.
 *
 * @example
 * digitsOf('(415) 555-0132'); // '4155550132'
 */
export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}
