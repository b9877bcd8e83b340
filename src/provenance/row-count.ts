/**
 * @module provenance/row-count
 * What a data file holds: its format (from the extension) and its row count, computed
 * incrementally from byte chunks so that an adapter can hash, size and count a file of
 * hundreds of megabytes in one streaming pass. Pure: the caller reads the bytes.
 *
 * Both counters work on raw UTF-8 bytes. The bytes they look at (`,` `"` CR LF space tab)
 * are ASCII and never occur inside a multi-byte UTF-8 sequence, so no decoding is needed
 * and chunk boundaries may fall anywhere, even inside a character.
 */
import type { DatasetFileFormat } from './defaults.js';
import { EXTENSION_FORMATS } from './defaults.js';

/** Counts the rows of one file, fed chunk by chunk. */
export interface RowCounter {
  /** Consumes the next chunk of the file. */
  push(chunk: Uint8Array): void;
  /** Rows seen so far, counting an unterminated last record; `undefined` for `other` files. */
  finish(): number | undefined;
}

/**
 * The format of `path`, from its (case-insensitive) extension: `.csv` → `csv`,
 * `.jsonl`/`.ndjson` → `jsonl`, anything else → `other`.
 *
 * @example
 * detectFileFormat('train/part-0.JSONL'); // 'jsonl'
 */
export function detectFileFormat(path: string): DatasetFileFormat {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'other';
  return EXTENSION_FORMATS[name.slice(dot).toLowerCase()] ?? 'other';
}

/**
 * A row counter for `format`. CSV: data records, not lines (a quoted field may hold
 * newlines), excluding the header record; blank lines are not records. JSONL: non-blank
 * lines. In both, LF, CRLF and a last line without a newline are handled.
 *
 * @example
 * const counter = createRowCounter('csv');
 * counter.push(new TextEncoder().encode('id,text\n1,"a\nb"\n2,c'));
 * counter.finish(); // 2
 */
export function createRowCounter(format: DatasetFileFormat): RowCounter {
  switch (format) {
    case 'csv':
      return new CsvRowCounter();
    case 'jsonl':
      return new JsonlRowCounter();
    case 'other':
      return { push: () => undefined, finish: () => undefined };
  }
}

/**
 * Counts the rows of a whole file held in memory; for tests and small inputs.
 *
 * @example
 * countRows('jsonl', '{"a":1}\n\n{"a":2}\n'); // 2
 */
export function countRows(format: DatasetFileFormat, data: Uint8Array | string): number | undefined {
  const counter = createRowCounter(format);
  counter.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return counter.finish();
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

// CSV lexer states. A quote opens a quoted field only at the start of a field (as in
// Python's csv module); inside one, `""` is an escaped quote and a lone `"` closes it.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * RFC 4180 record counter. A record ends at LF, CRLF or a lone CR outside quotes; a record
 * with no characters (a blank line) is not counted. Invariant: `#content` is true iff the
 * current record has at least one character.
 */
class CsvRowCounter implements RowCounter {
  #state = FIELD_START;
  #content = false;
  #records = 0;

  push(chunk: Uint8Array): void {
    // Locals instead of fields in the hot loop: this runs once per byte of the dataset.
    let state = this.#state;
    let content = this.#content;
    let records = this.#records;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (state === QUOTED) {
        if (c === QUOTE) state = QUOTE_IN_QUOTED;
        continue;
      }
      if (state === QUOTE_IN_QUOTED && c === QUOTE) {
        state = QUOTED;
        continue;
      }
      if (c === LF || c === CR) {
        // The LF of a CRLF ends an empty record, which is not counted: no CR flag needed.
        if (content) records++;
        state = FIELD_START;
        content = false;
        continue;
      }
      content = true;
      if (c === COMMA) state = FIELD_START;
      else if (c === QUOTE && state === FIELD_START) state = QUOTED;
      else state = UNQUOTED;
    }
    this.#state = state;
    this.#content = content;
    this.#records = records;
  }

  finish(): number {
    // An unterminated last record (or an unclosed quote at end of file) still counts.
    const records = this.#records + (this.#content ? 1 : 0);
    return Math.max(0, records - 1);
  }
}

/** Counts lines that hold anything but spaces, tabs and CR. */
class JsonlRowCounter implements RowCounter {
  #lines = 0;
  #nonBlank = false;

  push(chunk: Uint8Array): void {
    let lines = this.#lines;
    let nonBlank = this.#nonBlank;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (c === LF) {
        if (nonBlank) lines++;
        nonBlank = false;
      } else if (c !== SPACE && c !== TAB && c !== CR) {
        nonBlank = true;
      }
    }
    this.#lines = lines;
    this.#nonBlank = nonBlank;
  }

  finish(): number {
    return this.#lines + (this.#nonBlank ? 1 : 0);
  }
}
