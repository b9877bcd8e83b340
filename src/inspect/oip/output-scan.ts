/**
 * @module inspect/oip/output-scan
 * `outputProbabilities` of an OIP v2 response read straight from its bytes, without
 * decoding them to a string and parsing it into objects (on a classifier's small answer
 * that was most of the `output` inspector's cost). One pass checks that the whole body is
 * JSON, exactly as `JSON.parse` would accept it, and reads the top-level `outputs` value
 * (the last one, as `JSON.parse` keeps it) the way `outputProbabilities` does: all outputs
 * must be objects, and the first usable one's first row is the answer (its `datatype`,
 * `shape` and `data` are read once more, when its object is closed).
 *
 * Whatever it cannot settle for certain — an escaped key or datatype, `data` that is not a
 * flat or one-level nested array of finite numbers, nesting too deep to follow — it leaves
 * to the caller (`ROW_UNSURE`, `NOT_SCANNED`), which parses the body as before. Bytes are
 * read by `json-bytes.ts`. Not re-entrant (the row is left in module scratch); synchronous.
 */
import { bytesEqual, bytesOf, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, INVALID, isDigit, MINUS, numberAt, OPEN_BRACE, OPEN_BRACKET, QUOTE, skipNumber, skipString, skipValue, stringWasEscaped, UNSURE, ws } from './json-bytes.js';
import { MAX_OUTPUT_VALUES, probabilitiesOf } from './outputs.js';

/** The scan could not settle this body: parse it. */
export const NOT_SCANNED: unique symbol = Symbol('not scanned');

const OUTPUTS_KEY = bytesOf('"outputs"');
const DATATYPE_KEY = bytesOf('"datatype"');
const SHAPE_KEY = bytesOf('"shape"');
const DATA_KEY = bytesOf('"data"');
const BYTES_VALUE = bytesOf('"BYTES"');

/** readOutput: this output is skipped (BYTES, no values). */
const NOT_FOUND = -3;

/** scanOutputRow: the body has no row (outputProbabilities gives undefined). */
export const NO_ROW = -1;
/** scanOutputRow: the scan cannot tell; parse the body. */
export const ROW_UNSURE = UNSURE;
/** readOutput's result: the length of the row it left in ROW. */
let answer = NO_ROW;
/**
 * Values of the output being read (the first MAX_OUTPUT_VALUES); after `scanOutputRow`,
 * its first row. Valid until the next scan.
 */
export const ROW = new Float64Array(MAX_OUTPUT_VALUES);

/**
 * Reads the numeric `data` value at `i` into ROW (flat, or an array of flat rows, like
 * tensors.ts `numericData`). Returns the element count, or UNSURE for anything else.
 */
function readData(buf: Uint8Array, i: number): number {
  if (buf[i] !== OPEN_BRACKET) return UNSURE;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACKET) return 0;
  const nested = buf[i] === OPEN_BRACKET;
  let elements = 0;
  for (;;) {
    if (nested) {
      if (buf[i] !== OPEN_BRACKET) return UNSURE;
      i = ws(buf, i + 1);
      if (buf[i] !== CLOSE_BRACKET) {
        for (;;) {
          i = readNumber(buf, i, elements++);
          if (i < 0) return UNSURE;
          i = ws(buf, i);
          if (buf[i] !== COMMA) break;
          i = ws(buf, i + 1);
        }
      }
      i++; // the row's ]
    } else {
      i = readNumber(buf, i, elements++);
      if (i < 0) return UNSURE;
    }
    i = ws(buf, i);
    if (buf[i] !== COMMA) return elements;
    i = ws(buf, i + 1);
  }
}

/** A finite number at `i` stored as element `index` (when kept); the index after it, or UNSURE. */
function readNumber(buf: Uint8Array, i: number, index: number): number {
  if (buf[i] !== MINUS && !isDigit(buf[i])) return UNSURE;
  const to = skipNumber(buf, i);
  const value = numberAt(buf, i, to);
  if (!Number.isFinite(value)) return UNSURE;
  if (index < MAX_OUTPUT_VALUES) ROW[index] = value;
  return to;
}

/**
 * Elements per row (tensors.ts `rowLength`) of the shape value at `i` (undefined: absent),
 * for `total` kept values; a shape that is not an array of integers counts as absent.
 */
function rowLengthAt(buf: Uint8Array, i: number, total: number): number {
  if (buf[i] !== OPEN_BRACKET) return total;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACKET) return total;
  let rank = 0;
  let product = 1;
  let negative = false;
  for (;;) {
    if (buf[i] !== MINUS && !isDigit(buf[i])) return total;
    const to = skipNumber(buf, i);
    const d = numberAt(buf, i, to);
    if (!Number.isInteger(d)) return total;
    if (rank > 0 && !negative) {
      if (d < 0) negative = true;
      else product *= d;
    }
    rank++;
    i = ws(buf, to);
    if (buf[i] !== COMMA) break;
    i = ws(buf, i + 1);
  }
  return rank < 2 || negative ? total : product;
}

/** How many values `subarray(0, end)` of `length` values keeps. */
function viewLength(endIndex: number, length: number): number {
  const e = Number.isNaN(endIndex) ? 0 : Math.trunc(endIndex);
  return e < 0 ? Math.max(length + e, 0) : Math.min(e, length);
}

/** Positions of the output object last scanned (-1: absent) and whether a key was escaped. */
let datatypeAt = -1;
let shapeAt = -1;
let dataAt = -1;
let escapedKey = false;

/** An output object at `i` (depth 3), noting where its datatype, shape and data are; the index after it. */
function scanOutputObject(buf: Uint8Array, i: number): number {
  datatypeAt = -1;
  shapeAt = -1;
  dataAt = -1;
  escapedKey = false;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) return INVALID;
    const key = i;
    i = skipString(buf, i);
    if (i < 0) return i;
    if (stringWasEscaped()) escapedKey = true;
    const keyEnd = i;
    i = ws(buf, i);
    if (buf[i] !== COLON) return INVALID;
    const value = ws(buf, i + 1);
    if (bytesEqual(buf, key, keyEnd, DATA_KEY)) dataAt = value;
    else if (bytesEqual(buf, key, keyEnd, SHAPE_KEY)) shapeAt = value;
    else if (bytesEqual(buf, key, keyEnd, DATATYPE_KEY)) datatypeAt = value;
    i = skipValue(buf, value, 3);
    if (i < 0) return i;
    i = ws(buf, i);
    if (buf[i] === COMMA) i = ws(buf, i + 1);
    else return buf[i] === CLOSE_BRACE ? i + 1 : INVALID;
  }
}

/**
 * The probabilities of the output object just scanned (it is valid JSON), left in
 * `answer` (its row's length): 0 when this output decides the result, NOT_FOUND to go on with the next, or
 * UNSURE.
 */
function readOutput(buf: Uint8Array): number {
  if (escapedKey) return UNSURE;
  if (datatypeAt >= 0 && buf[datatypeAt] === QUOTE) {
    const to = skipString(buf, datatypeAt);
    if (stringWasEscaped()) return UNSURE;
    if (bytesEqual(buf, datatypeAt, to, BYTES_VALUE)) return NOT_FOUND;
  }
  if (dataAt < 0) return NOT_FOUND;
  const elements = readData(buf, dataAt);
  if (elements < 0) return UNSURE;
  const kept = Math.min(elements, MAX_OUTPUT_VALUES);
  if (kept === 0) return NOT_FOUND;
  const width = Math.min(shapeAt < 0 ? kept : rowLengthAt(buf, shapeAt, kept), kept);
  answer = viewLength(width, kept);
  return 0;
}

/** `outputProbabilities` of the `outputs` value scanned last (JSON.parse keeps the last). */
let outputsAnswer = NO_ROW;

/** An `outputs` value at `i` (depth 2): validates it and sets `outputsAnswer`; the index after it. */
function scanOutputs(buf: Uint8Array, i: number): number {
  outputsAnswer = NO_ROW;
  if (buf[i] !== OPEN_BRACKET) return skipValue(buf, i, 1);
  answer = NO_ROW;
  let decided = false;
  let allObjects = true;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (buf[i] === OPEN_BRACE) {
      i = scanOutputObject(buf, i);
      if (i < 0) return i;
      if (!decided && allObjects) {
        const found = readOutput(buf);
        if (found === UNSURE) return UNSURE;
        decided = found !== NOT_FOUND;
      }
    } else {
      // Any output that is not an object makes the body unreadable (as decoding them all would).
      allObjects = false;
      i = skipValue(buf, i, 2);
      if (i < 0) return i;
    }
    i = ws(buf, i);
    if (buf[i] === COMMA) i = ws(buf, i + 1);
    else if (buf[i] === CLOSE_BRACKET) break;
    else return INVALID;
  }
  if (allObjects && decided) outputsAnswer = answer;
  return i + 1;
}

/**
 * The first row of `outputProbabilities(JSON.parse(utf8(bytes)))` before it becomes
 * probabilities: its length, with the values in `ROW` (`probabilitiesOf(ROW, length)` is
 * the answer); NO_ROW when that answer is undefined (a body that is not JSON included), or
 * ROW_UNSURE when the caller must parse the body to know.
 *
 * @example
 * const n = scanOutputRow(Buffer.from('{"outputs":[{"datatype":"FP32","shape":[1,2],"data":[0.1,0.9]}]}')); // 2; ROW[0] = 0.1
 */
export function scanOutputRow(buf: Uint8Array): number {
  let i = ws(buf, 0);
  // Valid or not, a body that is not an object has no `outputs`.
  if (buf[i] !== OPEN_BRACE) return NO_ROW;
  let result = NO_ROW;
  i = ws(buf, i + 1);
  if (buf[i] === CLOSE_BRACE) i++;
  else {
    for (;;) {
      if (buf[i] !== QUOTE) return NO_ROW;
      const key = i;
      i = skipString(buf, i);
      if (i < 0) return NO_ROW;
      // An escaped key might spell "outputs".
      if (stringWasEscaped()) return UNSURE;
      const isOutputs = bytesEqual(buf, key, i, OUTPUTS_KEY);
      i = ws(buf, i);
      if (buf[i] !== COLON) return NO_ROW;
      const value = ws(buf, i + 1);
      i = isOutputs ? scanOutputs(buf, value) : skipValue(buf, value, 1);
      if (i === UNSURE) return UNSURE;
      if (i < 0) return NO_ROW;
      if (isOutputs) result = outputsAnswer;
      i = ws(buf, i);
      if (buf[i] === COMMA) i = ws(buf, i + 1);
      else if (buf[i] === CLOSE_BRACE) {
        i++;
        break;
      } else return NO_ROW;
    }
  }
  return ws(buf, i) === buf.length ? result : NO_ROW;
}

/**
 * `outputProbabilities(JSON.parse(utf8(bytes)))`, with undefined for a body that is not
 * JSON, read without parsing; NOT_SCANNED when the caller must parse the body to know.
 *
 * @example
 * scanOutputProbabilities(Buffer.from('{"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.1,0.9]}]}')); // [0.1, 0.9]
 */
export function scanOutputProbabilities(bytes: Uint8Array): number[] | undefined | typeof NOT_SCANNED {
  const n = scanOutputRow(bytes);
  if (n === ROW_UNSURE) return NOT_SCANNED;
  return n === NO_ROW ? undefined : probabilitiesOf(ROW, n);
}
