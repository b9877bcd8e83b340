/**
 * @module models/io/csv
 * CSV with a header row (RFC 4180): quoted fields holding commas, doubled quotes and line
 * breaks; CRLF, LF or CR record ends; a UTF-8 BOM is dropped and blank lines are skipped.
 * Parsing is strict: a quote inside an unquoted field, text after a closing quote, an
 * unterminated quote or a row with another field count than the header is an error naming
 * the line. `csvToMatrix` then turns chosen columns into a numeric matrix and target. Pure.
 */
import { modelIoErrors } from './errors.js';

/** A parsed CSV file: the header row and the data rows, all fields as strings. */
export interface CsvTable {
  readonly header: string[];
  readonly rows: string[][];
  /** 1-based line on which each row starts; differs from `row + 1` when quoted fields span lines. */
  readonly lines?: number[];
  /** Names the input in error messages (e.g. the file path). */
  readonly source?: string;
}

/** Options of {@link parseCsv}. */
export interface CsvParseOptions {
  /** Names the input in error messages, e.g. the file path. Default `'CSV text'`. */
  readonly source?: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

interface Scanner {
  readonly text: string;
  readonly where: string;
  pos: number;
  line: number;
}

function csvError(sc: Scanner, line: number, problem: string): Error {
  return modelIoErrors.error('MDL_ERR_CSV_PARSE', `${sc.where}: line ${line}: ${problem}`, { source: sc.where, line });
}

/** Reads a quoted field starting at the opening quote; counts the line breaks inside it. */
function readQuoted(sc: Scanner): string {
  const startLine = sc.line;
  let value = '';
  let from = sc.pos + 1;
  for (;;) {
    const q = sc.text.indexOf('"', from);
    if (q < 0) throw csvError(sc, startLine, 'quoted field is never closed');
    value += sc.text.slice(from, q);
    if (sc.text.charCodeAt(q + 1) !== QUOTE) {
      sc.pos = q + 1;
      break;
    }
    value += '"';
    from = q + 2;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === LF || (c === CR && value.charCodeAt(i + 1) !== LF)) sc.line++;
  }
  const next = sc.text.charCodeAt(sc.pos);
  if (sc.pos < sc.text.length && next !== COMMA && next !== CR && next !== LF) {
    throw csvError(sc, sc.line, `unexpected ${JSON.stringify(sc.text[sc.pos])} after a closing quote (a quote inside a quoted field is written "")`);
  }
  return value;
}

function readUnquoted(sc: Scanner): string {
  const start = sc.pos;
  let end = start;
  for (; end < sc.text.length; end++) {
    const c = sc.text.charCodeAt(end);
    if (c === COMMA || c === LF || c === CR) break;
    if (c === QUOTE) throw csvError(sc, sc.line, `quote inside an unquoted field at character ${end - start + 1} (quote the whole field and double the quote)`);
  }
  sc.pos = end;
  return sc.text.slice(start, end);
}

/** Reads one record from `sc.pos` up to and including its line break. */
function readRecord(sc: Scanner): string[] {
  const fields: string[] = [];
  for (;;) {
    fields.push(sc.text.charCodeAt(sc.pos) === QUOTE ? readQuoted(sc) : readUnquoted(sc));
    if (sc.text.charCodeAt(sc.pos) !== COMMA) break;
    sc.pos++;
  }
  skipLineBreak(sc);
  return fields;
}

function skipLineBreak(sc: Scanner): void {
  const c = sc.text.charCodeAt(sc.pos);
  if (c === CR) sc.pos += sc.text.charCodeAt(sc.pos + 1) === LF ? 2 : 1;
  else if (c === LF) sc.pos += 1;
  else return; // end of text
  sc.line++;
}

/**
 * Parses CSV text whose first record is the header. Throws `MDL_ERR_CSV_PARSE` naming the
 * line for malformed quoting, an empty input, or a row whose field count differs from the
 * header's.
 *
 * @example
 * parseCsv('name,note\r\nbob,"says ""hi"", twice"\r\n');
 * // { header: ['name', 'note'], rows: [['bob', 'says "hi", twice']], lines: [2] }
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvTable {
  const where = options.source ?? 'CSV text';
  const sc: Scanner = { text, where, pos: text.charCodeAt(0) === 0xfeff ? 1 : 0, line: 1 };
  const records: string[][] = [];
  const lines: number[] = [];
  while (sc.pos < text.length) {
    const c = text.charCodeAt(sc.pos);
    if (c === CR || c === LF) {
      skipLineBreak(sc); // a blank line is not a record
      continue;
    }
    lines.push(sc.line);
    records.push(readRecord(sc));
  }
  const header = records[0];
  if (header === undefined) throw csvError(sc, 1, 'no header row (the input is empty)');
  const rows = records.slice(1);
  const rowLines = lines.slice(1);
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      const line = rowLines[i] as number;
      throw csvError(sc, line, `row ${i + 1} has ${row.length} fields, the header has ${header.length}`);
    }
  });
  return { header, rows, lines: rowLines, ...(options.source === undefined ? {} : { source: options.source }) };
}

/** Options of {@link csvToMatrix}. */
export interface CsvMatrixOptions {
  /** Feature columns, by header name, in matrix order. Default: every column except `target`. */
  readonly columns?: readonly string[];
  /** The target column, returned as `y`. Default: none. */
  readonly target?: string;
}

/** A numeric matrix read from a CSV table. */
export interface CsvMatrix {
  /** Row-major `n × columns.length` features. */
  readonly x: Float64Array;
  /** The target column (length `n`), when `target` was given. */
  readonly y: Float64Array | undefined;
  /** Number of rows. */
  readonly n: number;
  /** Names of the columns of `x`, in order. */
  readonly columns: string[];
}

/** A decimal number, optionally signed, with an optional exponent; no hex, no `Infinity`, no empty cell. */
const NUMBER = /^[ \t]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*$/;

function columnIndex(table: CsvTable, name: string, role: string): number {
  const where = table.source ?? 'CSV table';
  const index = table.header.indexOf(name);
  const fail = (problem: string): Error =>
    modelIoErrors.error('MDL_ERR_CSV_PARSE', `${where}: ${role} column "${name}" ${problem}`, { source: where, column: name });
  if (index < 0) throw fail(`is not in the header (${table.header.slice(0, 30).join(', ')})`);
  if (table.header.indexOf(name, index + 1) >= 0) throw fail('appears more than once in the header');
  return index;
}

function readColumn(table: CsvTable, column: number, out: Float64Array, stride: number, offset: number): void {
  const name = table.header[column] as string;
  table.rows.forEach((row, r) => {
    const cell = row[column] ?? '';
    if (!NUMBER.test(cell)) {
      const where = table.source ?? 'CSV table';
      const line = table.lines?.[r];
      const at = `row ${r + 1}${line === undefined ? '' : ` (line ${line})`}, column "${name}" (${column + 1})`;
      throw modelIoErrors.error('MDL_ERR_CSV_PARSE', `${where}: ${at}: ${JSON.stringify(cell)} is not a number`, {
        source: where,
        row: r + 1,
        ...(line === undefined ? {} : { line }),
        column: name,
        value: cell,
      });
    }
    out[r * stride + offset] = Number(cell);
  });
}

/**
 * Converts columns of a CSV table to a row-major Float64Array matrix and, with `target`, a
 * target vector. Throws `MDL_ERR_CSV_PARSE` for an unknown or duplicated column, a target
 * that is also a feature, or a non-numeric cell (naming its row, line and column).
 *
 * @example
 * const table = parseCsv(await readFile('credit.csv', 'utf8'), { source: 'credit.csv' });
 * const { x, y, n } = csvToMatrix(table, { columns: ['X1', 'X2'], target: 'Y' });
 * // x.length === 2 * n, y.length === n
 */
export function csvToMatrix(table: CsvTable, options: CsvMatrixOptions & { target: string }): CsvMatrix & { y: Float64Array };
export function csvToMatrix(table: CsvTable, options?: CsvMatrixOptions): CsvMatrix;
export function csvToMatrix(table: CsvTable, options: CsvMatrixOptions = {}): CsvMatrix {
  const { target } = options;
  const columns = [...(options.columns ?? table.header.filter((name) => name !== target))];
  if (target !== undefined && columns.includes(target)) {
    const where = table.source ?? 'CSV table';
    throw modelIoErrors.error('MDL_ERR_CSV_PARSE', `${where}: target column "${target}" is also listed as a feature`, { source: where, column: target });
  }
  const indexes = columns.map((name) => columnIndex(table, name, 'feature'));
  const n = table.rows.length;
  const x = new Float64Array(n * columns.length);
  indexes.forEach((column, j) => readColumn(table, column, x, columns.length, j));
  let y: Float64Array | undefined;
  if (target !== undefined) {
    y = new Float64Array(n);
    readColumn(table, columnIndex(table, target, 'target'), y, 1, 0);
  }
  return { x, y, n, columns };
}
