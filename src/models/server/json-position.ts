/**
 * @module models/server/json-position
 * Finds where a JSON text stops being valid. `JSON.parse` is the parser (fast, native);
 * this scanner runs only after it has failed, because V8's messages do not always carry a
 * position (`Unexpected token '}', "{"a":}" is not valid JSON` has none). The scanner
 * follows RFC 8259's grammar and reports the first character that cannot continue it.
 */

/** Where a JSON text is invalid: 0-based character position, 1-based line and column. */
export interface JsonErrorLocation {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  /** What was found there: a quoted character, or `end of input`. */
  readonly found: string;
}

class Stop {
  constructor(readonly position: number) {}
}

const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** A recursive-descent recogniser: it throws Stop at the first character it cannot take. */
class Scanner {
  #pos = 0;
  #depth = 0;

  constructor(readonly text: string) {}

  document(): void {
    this.#ws();
    this.#value();
    this.#ws();
    if (this.#pos < this.text.length) throw new Stop(this.#pos);
  }

  #ws(): void {
    while (WS.has(this.text[this.#pos] ?? '')) this.#pos++;
  }

  #value(): void {
    const c = this.text[this.#pos];
    if (c === '{') return this.#container('}', () => this.#member());
    if (c === '[') return this.#container(']', () => this.#value());
    if (c === '"') return this.#string();
    for (const word of ['true', 'false', 'null']) if (c === word[0]) return this.#word(word);
    this.#match(NUMBER);
  }

  #container(close: string, item: () => void): void {
    if (++this.#depth > 10_000) throw new Stop(this.#pos); // JSON.parse fails on such depth too
    this.#pos++;
    this.#ws();
    if (this.text[this.#pos] === close) return void (this.#pos++, this.#depth--);
    for (;;) {
      item();
      this.#ws();
      const c = this.text[this.#pos];
      if (c === close) return void (this.#pos++, this.#depth--);
      if (c !== ',') throw new Stop(this.#pos);
      this.#pos++;
      this.#ws();
    }
  }

  #member(): void {
    if (this.text[this.#pos] !== '"') throw new Stop(this.#pos);
    this.#string();
    this.#ws();
    if (this.text[this.#pos] !== ':') throw new Stop(this.#pos);
    this.#pos++;
    this.#ws();
    this.#value();
  }

  #string(): void {
    this.#pos++;
    for (;;) {
      const c = this.text[this.#pos];
      if (c === undefined || c < ' ') throw new Stop(this.#pos);
      this.#pos++;
      if (c === '"') return;
      if (c !== '\\') continue;
      const e = this.text[this.#pos];
      if (e === 'u') {
        this.#pos++;
        this.#match(HEX4);
      } else if (e !== undefined && ESCAPES.has(e)) this.#pos++;
      else throw new Stop(this.#pos);
    }
  }

  #word(word: string): void {
    for (const ch of word) {
      if (this.text[this.#pos] !== ch) throw new Stop(this.#pos);
      this.#pos++;
    }
  }

  #match(pattern: RegExp): void {
    pattern.lastIndex = this.#pos;
    if (!pattern.test(this.text)) throw new Stop(this.#pos);
    this.#pos = pattern.lastIndex;
  }
}

/**
 * The first invalid character of `text`, or undefined when `text` is valid JSON (or nested
 * too deeply to scan).
 *
 * @example
 * locateJsonError('{"a":}'); // { position: 5, line: 1, column: 6, found: '"}"' }
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return describe(text, err.position);
    if (err instanceof RangeError) return undefined; // nesting too deep for this stack: the caller keeps V8's message
    throw err;
  }
}

function describe(text: string, position: number): JsonErrorLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const ch = text[position];
  return { position, line, column: position - lineStart + 1, found: ch === undefined ? 'end of input' : JSON.stringify(ch) };
}
