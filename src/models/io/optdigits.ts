/**
 * @module models/io/optdigits
 * The UCI "Optical Recognition of Handwritten Digits" files (`optdigits.tra`, `.tes`): one
 * 8×8 image a line as 64 comma-separated integers 0–16 (row-major), then the class 0–9.
 * Lines starting with `#` and blank lines are skipped. Pure.
 */
import { modelIoErrors } from './errors.js';

/** Options of {@link parseOptdigits}. */
export interface OptdigitsParseOptions {
  /** Divide the pixel values by 16, giving [0, 1]. Default `false` (values 0–16). */
  readonly scale?: boolean;
  /** Names the input in error messages, e.g. the file path. Default `'optdigits text'`. */
  readonly source?: string;
}

/** A parsed optdigits file. */
export interface OptdigitsSet {
  /** Row-major `n × 64` pixels, 0–16 (or 0–1 with `scale`). */
  readonly x: Float32Array;
  /** Class of each image, 0–9. */
  readonly y: Int32Array;
  /** Number of images. */
  readonly n: number;
}

/** Pixels per image (8×8). */
export const OPTDIGITS_FEATURES = 64;
const FIELDS = OPTDIGITS_FEATURES + 1;
const INTEGER = /^[ \t]*[0-9]{1,2}[ \t]*$/;

function parseLine(line: string, lineNo: number, where: string, x: number[], y: number[]): void {
  const fields = line.split(',');
  const fail = (problem: string, field?: number): never => {
    const at = field === undefined ? '' : `, field ${field}`;
    throw modelIoErrors.error('MDL_ERR_OPTDIGITS_PARSE', `${where}: line ${lineNo}${at}: ${problem}`, {
      source: where,
      line: lineNo,
      ...(field === undefined ? {} : { field }),
    });
  };
  if (fields.length !== FIELDS) fail(`expected ${FIELDS} comma-separated values (64 pixels and the class), found ${fields.length}`);
  fields.forEach((field, i) => {
    const isClass = i === OPTDIGITS_FEATURES;
    const max = isClass ? 9 : 16;
    const value = INTEGER.test(field) ? Number(field) : Number.NaN;
    if (!(value <= max)) {
      fail(`${JSON.stringify(field)} is not ${isClass ? 'a class from 0 to 9' : 'a pixel value from 0 to 16'}`, i + 1);
    }
    if (isClass) y.push(value);
    else x.push(value);
  });
}

/**
 * Parses an optdigits file. Throws `MDL_ERR_OPTDIGITS_PARSE` naming the line and field
 * (1-based) of a line without 65 values, a pixel outside 0–16 or a class outside 0–9.
 *
 * @example
 * const { x, y, n } = parseOptdigits(await readFile('optdigits.tes', 'utf8'), { scale: true });
 * // n === 1797, x.length === 1797 * 64, every x in [0, 1]
 */
export function parseOptdigits(text: string, options: OptdigitsParseOptions = {}): OptdigitsSet {
  const where = options.source ?? 'optdigits text';
  const pixels: number[] = [];
  const labels: number[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  body.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    parseLine(line, i + 1, where, pixels, labels);
  });
  const x = Float32Array.from(pixels);
  if (options.scale === true) {
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) / 16;
  }
  return { x, y: Int32Array.from(labels), n: labels.length };
}
