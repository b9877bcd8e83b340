/**
 * @module inspect/oip/json-bytes
 * Reading JSON from its UTF-8 bytes without decoding it: skipping (and so validating)
 * values exactly as `JSON.parse` accepts them — RFC 8259's grammar, its four whitespace
 * bytes, no trailing commas, no leading zeros, strings without raw control characters and
 * with valid escapes — and reading numbers to the double `JSON.parse` gives. Every ASCII
 * byte decodes to itself in UTF-8 (invalid sequences become U+FFFD and never swallow one),
 * so the structure seen in the bytes is the structure of the decoded text. Positions in,
 * positions out: a function returns the index after what it read, INVALID (not JSON) or
 * UNSURE (nested deeper than MAX_DEPTH: the caller parses instead).
 */

/** Not JSON. */
export const INVALID = -1;
/** Nested deeper than MAX_DEPTH: not followed. */
export const UNSURE = -2;
/** Nesting followed; deeper values answer UNSURE. */
const MAX_DEPTH = 64;

export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const MINUS = 0x2d;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const ZERO = 0x30;

const TRUE = bytesOf('true');
const FALSE = bytesOf('false');
const NULL = bytesOf('null');
/** 10^0 … 10^22, all exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Set by skipString. */
let escaped = false;

/**
 * Whether the string `skipString` read last had a backslash escape.
 *
 * @example
 * skipString(bytes, i); if (stringWasEscaped()) return UNSURE;
 */
export function stringWasEscaped(): boolean {
  return escaped;
}

/** The bytes of an ASCII text. */
export function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** An ASCII digit. */
export function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= ZERO && b <= 0x39;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= ZERO && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

/** The index of the first byte from `i` on that is not JSON whitespace. */
export function ws(buf: Uint8Array, i: number): number {
  while (i < buf.length) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break;
    i++;
  }
  return i;
}

/** Bytes [from, to) of `buf` equal `expected`. */
export function bytesEqual(buf: Uint8Array, from: number, to: number, expected: Uint8Array): boolean {
  if (to - from !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (buf[from + k] !== expected[k]) return false;
  return true;
}

/**
 * A string starting at `i` (its opening quote); the index after it. `stringWasEscaped()`
 * then tells whether it had a backslash escape.
 */
export function skipString(buf: Uint8Array, i: number): number {
  escaped = false;
  for (let j = i + 1; j < buf.length; ) {
    const b = buf[j] as number;
    if (b === QUOTE) return j + 1;
    if (b === BACKSLASH) {
      escaped = true;
      const e = buf[j + 1];
      if (e === 0x75) {
        if (!(isHex(buf[j + 2]) && isHex(buf[j + 3]) && isHex(buf[j + 4]) && isHex(buf[j + 5]))) return INVALID;
        j += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) j += 2;
      else return INVALID;
    } else if (b < 0x20) return INVALID;
    else j++;
  }
  return INVALID;
}

/** A number (JSON grammar) starting at `i`; the index after it. */
export function skipNumber(buf: Uint8Array, i: number): number {
  if (buf[i] === MINUS) i++;
  if (buf[i] === ZERO) i++;
  else if (isDigit(buf[i])) while (isDigit(buf[i])) i++;
  else return INVALID;
  if (buf[i] === DOT) {
    i++;
    if (!isDigit(buf[i])) return INVALID;
    while (isDigit(buf[i])) i++;
  }
  if (buf[i] === 0x65 || buf[i] === 0x45) {
    i++;
    if (buf[i] === 0x2b || buf[i] === MINUS) i++;
    if (!isDigit(buf[i])) return INVALID;
    while (isDigit(buf[i])) i++;
  }
  return i;
}

/** `true`, `false` or `null` at `i`. */
function skipLiteral(buf: Uint8Array, i: number, literal: Uint8Array): number {
  return bytesEqual(buf, i, Math.min(i + literal.length, buf.length), literal) ? i + literal.length : INVALID;
}

/**
 * Any JSON value starting at `i` (no leading whitespace), nested `depth` deep; the index
 * after it.
 *
 * @example
 * skipValue(Buffer.from('[1, "a"]'), 0, 0); // 8
 */
export function skipValue(buf: Uint8Array, i: number, depth: number): number {
  switch (buf[i]) {
    case QUOTE:
      return skipString(buf, i);
    case OPEN_BRACE:
      return skipObject(buf, i, depth + 1);
    case OPEN_BRACKET:
      return skipArray(buf, i, depth + 1);
    case 0x74:
      return skipLiteral(buf, i, TRUE);
    case 0x66:
      return skipLiteral(buf, i, FALSE);
    case 0x6e:
      return skipLiteral(buf, i, NULL);
    default:
      return buf[i] === MINUS || isDigit(buf[i]) ? skipNumber(buf, i) : INVALID;
  }
}

/** An object at `i` nested `depth` deep. */
function skipObject(buf: Uint8Array, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return UNSURE;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) return INVALID;
    i = skipString(buf, i);
    if (i < 0) return i;
    i = ws(buf, i);
    if (buf[i] !== COLON) return INVALID;
    i = skipValue(buf, ws(buf, i + 1), depth);
    if (i < 0) return i;
    i = ws(buf, i);
    if (buf[i] === COMMA) i = ws(buf, i + 1);
    else return buf[i] === CLOSE_BRACE ? i + 1 : INVALID;
  }
}

/** An array at `i` nested `depth` deep. */
function skipArray(buf: Uint8Array, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return UNSURE;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = skipValue(buf, i, depth);
    if (i < 0) return i;
    i = ws(buf, i);
    if (buf[i] === COMMA) i = ws(buf, i + 1);
    else return buf[i] === CLOSE_BRACKET ? i + 1 : INVALID;
  }
}

/**
 * The value of the (valid) JSON number in [from, to), as JSON.parse reads it: at most 15
 * significant digits and a power of ten up to 10²² take the exact fast path (one correctly
 * rounded multiplication or division of exact operands); others go through Number().
 */
export function numberAt(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = buf[i] === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let significant = 0;
  let fraction = 0;
  let inFraction = false;
  for (; i < to; i++) {
    const b = buf[i] as number;
    if (b === DOT) {
      inFraction = true;
      continue;
    }
    if (b < ZERO || b > 0x39) break;
    if (mantissa !== 0 || b !== ZERO) significant++;
    mantissa = mantissa * 10 + (b - ZERO);
    if (inFraction) fraction++;
  }
  let exponent = 0;
  if (i < to) {
    // e or E, a sign, digits (at most 4 read here).
    i++;
    const minus = buf[i] === MINUS;
    if (minus || buf[i] === 0x2b) i++;
    if (to - i > 4) return slowNumber(buf, from, to);
    for (; i < to; i++) exponent = exponent * 10 + ((buf[i] as number) - ZERO);
    if (minus) exponent = -exponent;
  }
  if (significant > 15) return slowNumber(buf, from, to);
  let value: number;
  if (mantissa === 0) value = 0;
  else {
    const scale = exponent - fraction;
    if (scale === 0) value = mantissa;
    else if (scale > 0 && scale <= 22) value = mantissa * (POW10[scale] as number);
    else if (scale < 0 && scale >= -22) value = mantissa / (POW10[-scale] as number);
    else return slowNumber(buf, from, to);
  }
  return negative ? -value : value;
}

/** Numbers past the exact fast path: Number() of their text (the same strtod as JSON.parse). */
function slowNumber(buf: Uint8Array, from: number, to: number): number {
  let text = '';
  for (let k = from; k < to; k++) text += String.fromCharCode(buf[k] as number);
  return Number(text);
}

/**
 * The value `numberAt` reads for the JSON number `text` (NaN when it is not one); tests
 * compare it with JSON.parse.
 *
 * @example
 * jsonNumberValue('2.5e-1'); // 0.25
 */
export function jsonNumberValue(text: string): number {
  const buf = Buffer.from(text, 'latin1');
  return skipNumber(buf, 0) === buf.length ? numberAt(buf, 0, buf.length) : Number.NaN;
}
