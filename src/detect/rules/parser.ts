/**
 * @module detect/rules/parser
 * A Pratt parser for rule expressions. Grammar (lowest precedence first):
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | cmp
 *   cmp     := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?      — never chained
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary | unary)*      — `3 sigma`: a number times what follows
 *   unary   := "-" unary | primary
 *   primary := number | "(" expr ")" | "baseline" ("." field)? | "sigma" | "threshold"
 *            | stat "(" argument ("," number)* ")" | ("max" | "min" | "abs") "(" expr ("," expr)* ")"
 *   argument:= signal | "feature" ":" (name | index | string) | subject | "api_key"
 *
 * The parser checks names against the function table (unknown function, wrong argument
 * kind, parameter out of range) and reports the 1-based column; types and baseline
 * references are checked by the analyser.
 */
import type { ArithOp, BaselineField, CompareOp, Expr, SignalRef, StatNode, Subject } from './ast.js';
import { signalText, subjectText } from './ast.js';
import { editDistance, functionNames, MATH_FUNCTIONS, quantileOf, signalRef, statFunction, subjectOfName } from './functions.js';
import type { StatFunctionSpec } from './functions.js';
import { syntaxError, tokenize } from './tokenizer.js';
import type { Source, Token } from './tokenizer.js';

const BP = { or: 10, and: 20, not: 30, compare: 40, sum: 50, product: 60, unary: 70 } as const;
const COMPARE_OPS = new Set(['<', '<=', '>', '>=', '==', '!=']);
const KEYWORDS = new Set(['and', 'or', 'not']);

class Parser {
  readonly #source: Source;
  readonly #tokens: Token[];
  #pos = 0;
  #calls = 0;

  constructor(source: Source) {
    this.#source = source;
    this.#tokens = tokenize(source);
  }

  parse(): Expr {
    if (this.#peek().kind === 'end') throw this.#error(1, 'the expression is empty');
    const expr = this.#expression(0);
    const next = this.#peek();
    if (next.kind !== 'end') throw this.#error(next.column, `unexpected ${describe(next)}${hintAfter(next)}`);
    return expr;
  }

  #peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#pos + offset, this.#tokens.length - 1)] as Token;
  }

  #next(): Token {
    const t = this.#peek();
    if (this.#pos < this.#tokens.length - 1) this.#pos++;
    return t;
  }

  #expect(kind: Token['kind'], what: string): Token {
    const t = this.#peek();
    if (t.kind !== kind) throw this.#error(t.column, `expected ${what}, found ${describe(t)}`);
    return this.#next();
  }

  #error(column: number, problem: string, code?: Parameters<typeof syntaxError>[3]): Error {
    return syntaxError(this.#source, column, problem, code);
  }

  #expression(minBp: number): Expr {
    let left = this.#prefix();
    for (;;) {
      const t = this.#peek();
      const bp = this.#infixBp(t, left);
      if (bp <= minBp) return left;
      left = this.#infix(left, t, bp);
    }
  }

  #infixBp(t: Token, left: Expr): number {
    if (t.kind === 'op') {
      if (COMPARE_OPS.has(t.text)) return BP.compare;
      return t.text === '+' || t.text === '-' ? BP.sum : BP.product;
    }
    if (t.kind === 'ident' && t.text === 'and') return BP.and;
    if (t.kind === 'ident' && t.text === 'or') return BP.or;
    const implicit = left.kind === 'number' && ((t.kind === 'ident' && !KEYWORDS.has(t.text)) || t.kind === '(');
    return implicit ? BP.product : 0;
  }

  #infix(left: Expr, t: Token, bp: number): Expr {
    if (t.kind === 'ident' && (t.text === 'and' || t.text === 'or')) {
      this.#next();
      return { kind: 'logic', op: t.text, left, right: this.#expression(bp), column: left.column };
    }
    if (t.kind === 'op' && COMPARE_OPS.has(t.text)) {
      this.#next();
      const right = this.#expression(bp);
      const after = this.#peek();
      if (after.kind === 'op' && COMPARE_OPS.has(after.text)) throw this.#error(after.column, 'comparisons cannot be chained; join them with "and"');
      return { kind: 'compare', op: t.text as CompareOp, left, right, column: left.column };
    }
    if (t.kind === 'op') {
      this.#next();
      return { kind: 'arith', op: t.text as ArithOp, left, right: this.#expression(bp), column: left.column };
    }
    return { kind: 'arith', op: '*', left, right: this.#expression(bp), column: left.column };
  }

  #prefix(): Expr {
    const t = this.#next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value, column: t.column };
      case '(': {
        const inner = this.#expression(0);
        this.#expect(')', '")"');
        return inner;
      }
      case 'op':
        if (t.text === '-') return { kind: 'neg', operand: this.#expression(BP.unary), column: t.column };
        throw this.#error(t.column, `expected a number, a function or "(", found "${t.text}"`);
      case 'ident':
        return this.#identifier(t);
      default:
        throw this.#error(t.column, `expected a number, a function or "(", found ${describe(t)}`);
    }
  }

  #identifier(t: Token): Expr {
    const name = t.text;
    if (name === 'not') return { kind: 'not', operand: this.#expression(BP.not), column: t.column };
    if (name === 'and' || name === 'or') throw this.#error(t.column, `"${name}" needs a condition on its left`);
    if (name === 'baseline') return { kind: 'ref', name, field: this.#baselineField(), column: t.column, call: -1 };
    if (name === 'sigma' || name === 'threshold') return { kind: 'ref', name, field: { kind: 'value' }, column: t.column, call: -1 };
    if (this.#peek().kind !== '(') {
      if (statFunction(name) !== undefined || name in MATH_FUNCTIONS) throw this.#error(this.#peek().column, `"${name}" is a function: write ${name}(…)`);
      throw this.#error(t.column, `unknown name "${name}" (expected a function call, a number, baseline, sigma or threshold)`);
    }
    this.#next();
    if (name === 'max' || name === 'min' || name === 'abs') return this.#math(name, t);
    const spec = statFunction(name);
    if (spec === undefined) throw this.#error(t.column, `unknown function "${name}"${suggest(name)}`, 'DET_ERR_UNKNOWN_FUNCTION');
    return this.#stat(name, spec, t.column);
  }

  #baselineField(): BaselineField {
    if (this.#peek().kind !== '.') return { kind: 'value' };
    this.#next();
    const f = this.#expect('ident', 'a baseline field (mean, sd, p01 … p99)');
    if (f.text === 'mean' || f.text === 'sd') return { kind: f.text };
    const q = quantileOf(f.text);
    if (q === undefined) throw this.#error(f.column, `unknown baseline field "${f.text}" (expected mean, sd or a percentile such as p01, p99)`);
    return { kind: 'quantile', q };
  }

  #math(fn: 'max' | 'min' | 'abs', t: Token): Expr {
    const args: Expr[] = [this.#expression(0)];
    while (this.#peek().kind === ',') {
      this.#next();
      args.push(this.#expression(0));
    }
    this.#expect(')', '")" or ","');
    const { minArgs, maxArgs } = MATH_FUNCTIONS[fn];
    if (args.length < minArgs || args.length > maxArgs) {
      const wanted = minArgs === maxArgs ? `${minArgs}` : `${minArgs} to ${maxArgs}`;
      throw this.#error(t.column, `${fn}() takes ${wanted} argument${maxArgs === 1 ? '' : 's'}, got ${args.length}`, 'DET_ERR_BAD_ARGUMENT');
    }
    return { kind: 'math', fn, args, column: t.column };
  }

  #stat(fn: string, spec: StatFunctionSpec, column: number): StatNode {
    let argument: SignalRef;
    let subject: Subject | undefined;
    if (spec.argument === 'subject') {
      subject = this.#subject(spec);
      argument = subject.signal;
    } else {
      argument = this.#signal(spec, fn);
    }
    const params = this.#params(spec, fn);
    this.#expect(')', spec.params.length > 0 ? '")" or ","' : '")"');
    const argText = subject === undefined ? signalText(argument) : subjectText(subject);
    const text = `${fn}(${[argText, ...params.map(String)].join(', ')})`;
    return { kind: 'stat', fn, argument, subject, params, text, column, index: this.#calls++ };
  }

  #signal(spec: StatFunctionSpec, fn: string): SignalRef {
    const t = this.#next();
    let ref: SignalRef;
    if (t.kind === 'string') ref = { kind: 'signal', name: t.text };
    else if (t.kind === 'ident' && this.#peek().kind === ':') ref = this.#namespaced(t);
    else if (t.kind === 'ident') ref = signalRef(t.text);
    else throw this.#error(t.column, `expected a signal name, found ${describe(t)}`);
    if (spec.argument === 'api_key' && ref.kind !== 'api_key') throw this.#error(t.column, `${fn}() is judged per API key: write ${fn}(api_key)`, 'DET_ERR_UNKNOWN_SIGNAL');
    if (spec.argument !== 'api_key' && ref.kind === 'api_key') throw this.#error(t.column, `api_key is only an argument of the per-key functions (prada, unique_rate, coverage, boundary, volume)`, 'DET_ERR_UNKNOWN_SIGNAL');
    if (spec.argument === 'distribution' && ref.kind === 'fingerprint') throw this.#error(t.column, `${fn}() compares a distribution with the baseline histogram; input_fingerprint is a hash (use entropy)`, 'DET_ERR_UNKNOWN_SIGNAL');
    return ref;
  }

  #namespaced(ns: Token): SignalRef {
    this.#next(); // ':'
    const t = this.#next();
    if (ns.text !== 'feature') throw this.#error(ns.column, `unknown signal namespace "${ns.text}:" (only feature:NAME or feature:INDEX)`, 'DET_ERR_UNKNOWN_SIGNAL');
    if (t.kind === 'number' && Number.isInteger(t.value) && t.value >= 0 && !t.text.includes('%')) return { kind: 'feature', name: undefined, index: t.value };
    if (t.kind === 'ident' || t.kind === 'string') return { kind: 'feature', name: t.text, index: undefined };
    throw this.#error(t.column, `expected a feature name or a 0-based index after "feature:", found ${describe(t)}`, 'DET_ERR_UNKNOWN_SIGNAL');
  }

  #subject(spec: StatFunctionSpec): Subject {
    const t = this.#peek();
    let subject: Subject;
    if (t.kind === 'ident' && this.#peek(1).kind === '(') {
      this.#next();
      this.#next();
      const inner = statFunction(t.text);
      if (inner === undefined || inner.argument !== 'signal' || inner.stat === undefined || !inner.hasBaseline) {
        throw this.#error(t.column, `${spec.name}() follows rate, mean, count, entropy or pNN of a signal, not ${t.text}()`, 'DET_ERR_UNKNOWN_SIGNAL');
      }
      const signal = this.#signal(inner, t.text);
      this.#expect(')', '")"');
      subject = inner.stat === 'quantile' ? { signal, stat: 'quantile', q: quantileOf(t.text) as number } : { signal, stat: inner.stat };
    } else if (t.kind === 'ident') {
      this.#next();
      subject = subjectOfName(t.text);
      if (subject.signal.kind === 'api_key') throw this.#error(t.column, `api_key is only an argument of the per-key functions`, 'DET_ERR_UNKNOWN_SIGNAL');
    } else {
      throw this.#error(t.column, `expected a statistic such as error_rate, latency_p99 or rate(x), found ${describe(t)}`);
    }
    if (spec.follows !== undefined && !spec.follows.includes(subject.stat)) {
      throw this.#error(t.column, `${spec.name}() follows ${spec.follows.join(' or ')} statistics, not ${subject.stat}`, 'DET_ERR_UNKNOWN_SIGNAL');
    }
    return subject;
  }

  #params(spec: StatFunctionSpec, fn: string): number[] {
    const params: number[] = [];
    while (this.#peek().kind === ',') {
      this.#next();
      const sign = this.#peek().kind === 'op' && this.#peek().text === '-' ? (this.#next(), -1) : 1;
      const t = this.#expect('number', 'a number');
      const p = spec.params[params.length];
      if (p === undefined) throw this.#error(t.column, `${fn}() takes ${spec.params.length === 0 ? 'no parameters' : `at most ${spec.params.length} parameter(s) (${spec.params.map((s) => s.name).join(', ')})`}`, 'DET_ERR_BAD_ARGUMENT');
      const v = sign * t.value;
      if (!(v >= p.min && v <= p.max)) throw this.#error(t.column, `${fn}() parameter ${p.name} must be in [${p.min}, ${p.max}], got ${v}`, 'DET_ERR_BAD_ARGUMENT');
      params.push(v);
    }
    return params;
  }
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the expression';
  if (t.kind === 'string') return `"${t.text}" (a string)`;
  return `"${t.text}"`;
}

function hintAfter(t: Token): string {
  return t.kind === ')' ? ' (unbalanced parenthesis)' : '';
}

function suggest(name: string): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of functionNames()) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean ${best}?)`;
}

/**
 * Parses `text` into a syntax tree. Throws a DET error (DET_ERR_RULE_PARSE,
 * DET_ERR_UNKNOWN_FUNCTION, DET_ERR_UNKNOWN_SIGNAL, DET_ERR_BAD_ARGUMENT) naming `rule` and
 * the 1-based column.
 *
 * @example
 * parseExpression('rate(prompt_injection) > 0.03', 'injection').kind; // 'compare'
 */
export function parseExpression(text: string, rule: string): Expr {
  return new Parser({ rule, text }).parse();
}
