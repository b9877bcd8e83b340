/**
 * @module store/sqlite/row-reader
 * Typed, checked access to the columns of one SQLite row. Anything that does not decode
 * (wrong type, NULL where a value is required, malformed JSON) raises STO_ERR_CORRUPT_ROW
 * naming the table, the row's key and the column: rows can be edited behind our back.
 */
import type { BulwarkError } from '../../shared/errors.js';
import { storeErrors } from '../errors.js';

/**
 * Reads the columns of `row`, a row of `table` identified by `key` in error details.
 *
 * @example
 * const r = new RowReader('audit_log', `seq ${raw.seq}`, raw);
 * const details = r.jsonObject('details');
 */
export class RowReader {
  readonly #table: string;
  readonly #key: string;
  readonly #row: Readonly<Record<string, unknown>>;

  constructor(table: string, key: string, row: unknown) {
    this.#table = table;
    this.#key = key;
    if (typeof row !== 'object' || row === null) throw this.corrupt('*', 'is not a row');
    this.#row = row as Record<string, unknown>;
  }

  text(column: string): string {
    const value = this.#row[column];
    if (typeof value !== 'string') throw this.corrupt(column, `is ${describe(value)}, expected text`);
    return value;
  }

  optionalText(column: string): string | undefined {
    return this.#row[column] === null ? undefined : this.text(column);
  }

  number(column: string): number {
    const value = this.#row[column];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.corrupt(column, `is ${describe(value)}, expected a number`);
    return value;
  }

  bytes(column: string): Uint8Array {
    const value = this.#row[column];
    if (!(value instanceof Uint8Array)) throw this.corrupt(column, `is ${describe(value)}, expected a blob`);
    return value;
  }

  /** A JSON object (not an array, not null) stored as text. */
  jsonObject(column: string): Record<string, unknown> {
    const text = this.text(column);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw this.corrupt(column, 'is not valid JSON', err);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.corrupt(column, 'is not a JSON object');
    return value as Record<string, unknown>;
  }

  optionalJsonObject(column: string): Record<string, unknown> | undefined {
    return this.#row[column] === null ? undefined : this.jsonObject(column);
  }

  /** The STO_ERR_CORRUPT_ROW error for `column` of this row. */
  corrupt(column: string, problem: string, cause?: unknown): BulwarkError {
    return storeErrors.error(
      'STO_ERR_CORRUPT_ROW',
      `${this.#table} row ${this.#key}: column ${column} ${problem}`,
      { table: this.#table, key: this.#key, column },
      cause,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'NULL';
  if (value === undefined) return 'missing';
  return typeof value;
}
