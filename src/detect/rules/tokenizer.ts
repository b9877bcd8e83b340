/**
 * @module detect/rules/tokenizer
 * Splits a rule expression into tokens with their 1-based columns. Hand-written, one pass,
 * no regular expressions over the whole text. Numbers may carry an exponent and a `%`
 * suffix (`3%` is 0.03); strings are double-quoted (for feature names such as
 * `feature:"checkout_metadata=none"`). `&&`, `||` and `!` are refused with a hint to use
 * `and`, `or`, `not`.
 */
import { detectErrors } from '../errors.js';

export type TokenKind = 'number' | 'ident' | 'string' | 'op' | '(' | ')' | ',' | '.' | ':' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text (for `number`, as written; for `string`, the unquoted value). */
  readonly text: string;
  /** Numeric value of a `number` token. */
  readonly value: number;
  /** 1-based column of the first character. */
  readonly column: number;
}

const OPERATORS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/'];
const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': '(', ')': ')', ',': ',', '.': '.', ':': ':' };

/** Context for error messages: the rule id and its text. */
export interface Source {
  readonly rule: string;
  readonly text: string;
}

/**
 * A DET_ERR_RULE_PARSE (or other code) error naming the rule and the column.
 *
 * @example
 * throw syntaxError({ rule: 'r', text: 'rate(' }, 6, 'expected a signal name');
 */
export function syntaxError(source: Source, column: number, problem: string, code: 'DET_ERR_RULE_PARSE' | 'DET_ERR_UNKNOWN_FUNCTION' | 'DET_ERR_UNKNOWN_SIGNAL' | 'DET_ERR_BAD_ARGUMENT' | 'DET_ERR_BASELINE_REF' | 'DET_ERR_TYPE' | 'DET_ERR_NO_THRESHOLD' = 'DET_ERR_RULE_PARSE'): Error {
  return detectErrors.error(code, `rule "${source.rule}": ${problem} at column ${column}`, { rule: source.rule, column, expression: source.text, problem });
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);

function readNumber(source: Source, start: number): { token: Token; end: number } {
  const s = source.text;
  let i = start;
  while (i < s.length && isDigit(s[i] as string)) i++;
  if (s[i] === '.' && isDigit(s[i + 1] ?? '')) {
    i++;
    while (i < s.length && isDigit(s[i] as string)) i++;
  }
  if ((s[i] === 'e' || s[i] === 'E') && (isDigit(s[i + 1] ?? '') || ((s[i + 1] === '+' || s[i + 1] === '-') && isDigit(s[i + 2] ?? '')))) {
    i += 2;
    while (i < s.length && isDigit(s[i] as string)) i++;
  }
  const text = s.slice(start, i);
  let value = Number(text);
  if (s[i] === '%') {
    value /= 100;
    i++;
  }
  if (isIdentStart(s[i] ?? '')) {
    // `3 sigma` multiplies; `3sigma` is more likely a typo: be strict.
    throw syntaxError(source, i + 1, `a number must be followed by a space or an operator, found "${s[i]}"`);
  }
  return { token: { kind: 'number', text: s.slice(start, i), value, column: start + 1 }, end: i };
}

function readString(source: Source, start: number): { token: Token; end: number } {
  const s = source.text;
  let value = '';
  let i = start + 1;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) i++;
    value += s[i];
    i++;
  }
  if (i >= s.length) throw syntaxError(source, start + 1, 'the string is never closed (missing ")');
  return { token: { kind: 'string', text: value, value: Number.NaN, column: start + 1 }, end: i + 1 };
}

function readOperator(source: Source, i: number): Token {
  const s = source.text;
  const two = s.slice(i, i + 2);
  if (two === '&&' || two === '||') throw syntaxError(source, i + 1, `use "${two === '&&' ? 'and' : 'or'}" instead of "${two}"`);
  if (s[i] === '!' && two !== '!=') throw syntaxError(source, i + 1, 'use "not" instead of "!"');
  if (s[i] === '=' && two !== '==') throw syntaxError(source, i + 1, 'use "==" to compare');
  const op = OPERATORS.find((o) => s.startsWith(o, i));
  if (op === undefined) throw syntaxError(source, i + 1, `unexpected character "${s[i]}"`);
  return { kind: 'op', text: op, value: Number.NaN, column: i + 1 };
}

/**
 * Tokens of `source.text`, ending with an `end` token. Throws DET_ERR_RULE_PARSE.
 *
 * @example
 * tokenize({ rule: 'r', text: 'rate(x) > 3%' }).map((t) => t.kind); // ['ident', '(', 'ident', ')', 'op', 'number', 'end']
 */
export function tokenize(source: Source): Token[] {
  const s = source.text;
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (isDigit(c) || (c === '.' && isDigit(s[i + 1] ?? ''))) {
      const { token, end } = readNumber(source, i);
      tokens.push(token);
      i = end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < s.length && isIdentPart(s[j] as string)) j++;
      tokens.push({ kind: 'ident', text: s.slice(i, j), value: Number.NaN, column: i + 1 });
      i = j;
    } else if (c === '"') {
      const { token, end } = readString(source, i);
      tokens.push(token);
      i = end;
    } else if (PUNCTUATION[c] !== undefined) {
      tokens.push({ kind: PUNCTUATION[c], text: c, value: Number.NaN, column: i + 1 });
      i++;
    } else {
      const token = readOperator(source, i);
      tokens.push(token);
      i += token.text.length;
    }
  }
  tokens.push({ kind: 'end', text: '', value: Number.NaN, column: s.length + 1 });
  return tokens;
}
