/**
 * @module models/io/npy-header
 * The header dictionary of a `.npy` file: a strict parser for the small subset of Python
 * literal syntax numpy writes there (`{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`),
 * and the formatter that writes it exactly as `numpy.save` does. The parser never evaluates
 * anything: it accepts a dict of quoted keys whose values are quoted strings, `True`/`False`
 * or tuples of non-negative integers, and exactly the keys `descr`, `fortran_order`, `shape`.
 */
import { modelIoErrors } from './errors.js';

/** The three fields of a `.npy` header. */
export interface NpyHeader {
  /** numpy dtype string, e.g. `<f8`. */
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

type PyValue = string | boolean | number[];

/** numpy caps arrays at 64 dimensions; a header claiming more is not one numpy wrote. */
const MAX_NDIM = 64;
/** numpy pads the header so a shape's first dimension can grow to this many digits in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;

interface Cursor {
  readonly text: string;
  pos: number;
  readonly where: string;
}

function fail(cur: Cursor, problem: string): never {
  throw modelIoErrors.error('MDL_ERR_NPY_FORMAT', `${cur.where}: .npy header, character ${cur.pos}: ${problem}`, {
    source: cur.where,
    headerOffset: cur.pos,
  });
}

function skipSpace(cur: Cursor): void {
  while (cur.pos < cur.text.length && ' \t\r\n'.includes(cur.text[cur.pos] as string)) cur.pos++;
}

function expect(cur: Cursor, char: string): void {
  skipSpace(cur);
  if (cur.text[cur.pos] !== char) fail(cur, `expected '${char}', found ${describe(cur)}`);
  cur.pos++;
}

function describe(cur: Cursor): string {
  const c = cur.text[cur.pos];
  return c === undefined ? 'the end of the header' : JSON.stringify(c);
}

/** A quoted string without escapes (numpy never writes any in the three fields). */
function parseString(cur: Cursor): string {
  const quote = cur.text[cur.pos];
  if (quote !== "'" && quote !== '"') fail(cur, `expected a quoted string, found ${describe(cur)}`);
  const end = cur.text.indexOf(quote, cur.pos + 1);
  if (end < 0) fail(cur, 'unterminated string');
  const value = cur.text.slice(cur.pos + 1, end);
  if (value.includes('\\') || value.includes('\n')) fail(cur, 'escapes and newlines in strings are not supported');
  cur.pos = end + 1;
  return value;
}

/** A non-negative decimal integer; a trailing `L` (Python 2 long, seen in old files) is allowed. */
function parseDim(cur: Cursor): number {
  const match = /^[0-9]+L?/.exec(cur.text.slice(cur.pos, cur.pos + 24));
  if (match === null) fail(cur, `expected a non-negative integer, found ${describe(cur)}`);
  const digits = match[0].replace('L', '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) fail(cur, `dimension ${digits} is too large`);
  cur.pos += match[0].length;
  return value;
}

/** `()`, `(n,)` or `(n, m, …)` with an optional trailing comma; `(n)` is not a tuple in Python. */
function parseTuple(cur: Cursor): number[] {
  cur.pos++; // '('
  const items: number[] = [];
  let sawComma = false;
  for (;;) {
    skipSpace(cur);
    if (cur.text[cur.pos] === ')') break;
    items.push(parseDim(cur));
    if (items.length > MAX_NDIM) fail(cur, `more than ${MAX_NDIM} dimensions`);
    skipSpace(cur);
    if (cur.text[cur.pos] !== ',') break;
    sawComma = true;
    cur.pos++;
  }
  expect(cur, ')');
  if (items.length === 1 && !sawComma) fail(cur, '(n) is an integer, not a tuple: a 1-d shape is written (n,)');
  return items;
}

function parseValue(cur: Cursor): PyValue {
  skipSpace(cur);
  const c = cur.text[cur.pos];
  if (c === "'" || c === '"') return parseString(cur);
  if (c === '(') return parseTuple(cur);
  if (c === '[') fail(cur, 'a list descr is a structured dtype, which bulwark does not read');
  for (const [word, value] of [['True', true], ['False', false]] as const) {
    if (cur.text.startsWith(word, cur.pos)) {
      cur.pos += word.length;
      return value;
    }
  }
  return fail(cur, `expected a string, True, False or a tuple, found ${describe(cur)}`);
}

function parseDict(cur: Cursor): Map<string, PyValue> {
  expect(cur, '{');
  const entries = new Map<string, PyValue>();
  for (;;) {
    skipSpace(cur);
    if (cur.text[cur.pos] === '}') break;
    const key = parseString(cur);
    if (entries.has(key)) fail(cur, `duplicate key '${key}'`);
    expect(cur, ':');
    entries.set(key, parseValue(cur));
    skipSpace(cur);
    if (cur.text[cur.pos] !== ',') break;
    cur.pos++;
  }
  expect(cur, '}');
  skipSpace(cur);
  if (cur.pos !== cur.text.length) fail(cur, `unexpected ${describe(cur)} after the dictionary`);
  return entries;
}

/**
 * Parses the header dictionary text of a `.npy` file. `where` names the source in errors.
 * Throws `MDL_ERR_NPY_FORMAT` on any syntax outside the subset, a missing, extra or
 * mistyped key.
 *
 * @example
 * parseNpyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (25, 10), }\n", 'w.npy');
 * // { descr: '<f8', fortranOrder: false, shape: [25, 10] }
 */
export function parseNpyHeader(text: string, where: string): NpyHeader {
  const cur: Cursor = { text, pos: 0, where };
  const dict = parseDict(cur);
  const keys = [...dict.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    fail({ ...cur, pos: 0 }, `keys must be exactly descr, fortran_order, shape; found ${keys || 'none'}`);
  }
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') fail({ ...cur, pos: 0 }, "'descr' must be a string");
  if (typeof fortranOrder !== 'boolean') fail({ ...cur, pos: 0 }, "'fortran_order' must be True or False");
  if (!Array.isArray(shape)) fail({ ...cur, pos: 0 }, "'shape' must be a tuple of integers");
  return { descr, fortranOrder, shape };
}

/** Python's `repr` of a tuple of ints. */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The header dictionary text exactly as numpy writes it for a C-ordered array, before the
 * alignment padding and newline: keys sorted, a trailing `, ` before `}`, then spaces that
 * leave room for the first dimension to grow to 21 digits.
 *
 * @example
 * formatNpyHeader('<f4', [2, 3]);
 * // "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + 20 spaces
 */
export function formatNpyHeader(descr: string, shape: readonly number[]): string {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  const first = shape[0];
  return first === undefined ? dict : dict + ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(first).length);
}
