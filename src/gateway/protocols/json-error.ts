/**
 * @module gateway/protocols/json-error
 * Where a JSON text first goes wrong. V8's `JSON.parse` messages do not always give a
 * position, so on the error path only (after JSON.parse failed) this small iterative
 * scanner finds the offset, line and column of the first error and says what it expected.
 * It never recurses, so deeply nested input cannot overflow the stack.
 */

/** The first syntax error of a JSON text. */
export interface JsonErrorLocation {
  /** Offset in characters from the start of the text. */
  readonly position: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly reason: string;
}

type Frame = 'object' | 'array';

/**
 * Locates the first syntax error of `text`, or undefined when `text` is valid JSON.
 *
 * @example
 * locateJsonError('{"a":}'); // { position: 5, line: 1, column: 6, reason: "unexpected '}', expected a value" }
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const scanner = new Scanner(text);
  const failure = scanner.run();
  return failure === undefined ? undefined : locate(text, failure.position, failure.reason);
}

function locate(text: string, position: number, reason: string): JsonErrorLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { position, line, column: position - lineStart + 1, reason };
}

const LITERALS = ['true', 'false', 'null'] as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Scanner {
  readonly #text: string;
  #i = 0;
  readonly #stack: Frame[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  run(): { position: number; reason: string } | undefined {
    let failure = this.#value();
    while (failure === undefined && this.#stack.length > 0) failure = this.#afterValue();
    if (failure !== undefined) return failure;
    this.#skipSpace();
    return this.#i < this.#text.length ? this.#fail('expected the end of the text after the JSON value') : undefined;
  }

  /** Reads one value; a container pushes a frame and the loop goes on with its first element. */
  #value(): { position: number; reason: string } | undefined {
    for (;;) {
      this.#skipSpace();
      const c = this.#text[this.#i];
      if (c === '{' || c === '[') {
        const close = c === '{' ? '}' : ']';
        this.#i++;
        this.#skipSpace();
        if (this.#text[this.#i] === close) return void this.#i++;
        this.#stack.push(c === '{' ? 'object' : 'array');
        if (c === '{') {
          const failure = this.#key();
          if (failure !== undefined) return failure;
        }
        continue;
      }
      return this.#scalar(c);
    }
  }

  #scalar(c: string | undefined): { position: number; reason: string } | undefined {
    if (c === '"') return this.#string();
    for (const literal of LITERALS) if (this.#text.startsWith(literal, this.#i)) return void (this.#i += literal.length);
    NUMBER.lastIndex = this.#i;
    if (NUMBER.test(this.#text)) return void (this.#i = NUMBER.lastIndex);
    return this.#fail('expected a value');
  }

  /** A property name and its colon. */
  #key(): { position: number; reason: string } | undefined {
    this.#skipSpace();
    if (this.#text[this.#i] !== '"') return this.#fail('expected a property name in double quotes');
    const failure = this.#string();
    if (failure !== undefined) return failure;
    this.#skipSpace();
    if (this.#text[this.#i] !== ':') return this.#fail("expected ':' after the property name");
    this.#i++;
    return undefined;
  }

  /** After a value inside a container: `,` and the next element, or the closing bracket. */
  #afterValue(): { position: number; reason: string } | undefined {
    this.#skipSpace();
    const frame = this.#stack[this.#stack.length - 1];
    const c = this.#text[this.#i];
    const close = frame === 'object' ? '}' : ']';
    if (c === close) {
      this.#i++;
      this.#stack.pop();
      return undefined;
    }
    if (c !== ',') return this.#fail(`expected ',' or '${close}'`);
    this.#i++;
    if (frame === 'object') {
      const failure = this.#key();
      if (failure !== undefined) return failure;
    }
    return this.#value();
  }

  #string(): { position: number; reason: string } | undefined {
    const text = this.#text;
    let i = this.#i + 1;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 34) {
        this.#i = i + 1;
        return undefined;
      }
      if (code < 0x20) {
        this.#i = i;
        return this.#fail('control character in a string', true);
      }
      if (code === 92) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            this.#i = i;
            return this.#fail('bad \\u escape in a string', true);
          }
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) {
          this.#i = i;
          return this.#fail('bad escape in a string', true);
        }
        i += 2;
        continue;
      }
      i++;
    }
    this.#i = text.length;
    return this.#fail('unterminated string', true);
  }

  #skipSpace(): void {
    const text = this.#text;
    let i = this.#i;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === 32 || code === 10 || code === 13 || code === 9) i++;
      else break;
    }
    this.#i = i;
  }

  /** A failure at the current offset; `expected` follows the offending character unless `bare`. */
  #fail(expected: string, bare = false): { position: number; reason: string } {
    const c = this.#text[this.#i];
    const found = c === undefined ? 'end of input' : `'${c}'`;
    return { position: this.#i, reason: bare ? expected : `unexpected ${found}, ${expected}` };
  }
}
