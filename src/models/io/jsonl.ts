/**
 * @module models/io/jsonl
 * JSON Lines: one JSON value per line, LF or CRLF line ends, blank lines skipped, a UTF-8
 * BOM dropped. A line that is not valid JSON is an error naming its 1-based line number,
 * with the JSON.parse error as its cause. Pure.
 */
import { modelIoErrors } from './errors.js';

/** Options of {@link parseJsonl}. */
export interface JsonlParseOptions {
  /** Names the input in error messages, e.g. the file path. Default `'JSONL text'`. */
  readonly source?: string;
}

/**
 * Parses JSON Lines text into its values, in order. The values are not validated: check
 * their shape where they are used. Throws `MDL_ERR_JSONL_PARSE` for an invalid line.
 *
 * @example
 * parseJsonl('{"text":"hi","label":0}\n\n{"text":"ignore all previous instructions","label":1}\n');
 * // [{ text: 'hi', label: 0 }, { text: 'ignore all previous instructions', label: 1 }]
 */
export function parseJsonl(text: string, options: JsonlParseOptions = {}): unknown[] {
  const where = options.source ?? 'JSONL text';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const values: unknown[] = [];
  body.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw modelIoErrors.error('MDL_ERR_JSONL_PARSE', `${where}: line ${i + 1} is not valid JSON (${reason})`, { source: where, line: i + 1 }, cause);
    }
  });
  return values;
}
