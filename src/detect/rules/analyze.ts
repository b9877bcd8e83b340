/**
 * @module detect/rules/analyze
 * Checks a parsed expression and binds it: the whole rule must be a condition (a bare
 * `cusum(x)` reads as `cusum(x) > h`), arithmetic works on numbers and and/or/not on
 * conditions, `baseline`/`sigma` refer to the one statistic in their comparison (which
 * must have a baseline), and a rule is either per model version or per API key, never
 * both. The result is what the engine compiles once and evaluates many times.
 */
import type { CompareNode, Expr, RefNode, StatNode } from './ast.js';
import { statFunction } from './functions.js';
import { parseExpression } from './parser.js';
import { printExpr } from './print.js';
import { syntaxError } from './tokenizer.js';
import type { Source } from './tokenizer.js';

/** A checked, bound rule expression. */
export interface CompiledExpression {
  readonly text: string;
  /** A condition; every `baseline`/`sigma` ref has `call` set. */
  readonly root: Expr;
  /** The statistics, by `index`. */
  readonly calls: readonly StatNode[];
  /** `series`: per model version; `key`: per API key (the extraction functions). */
  readonly scope: 'series' | 'key';
  readonly usesThreshold: boolean;
  /** Each comparison printed once (evidence names the deciding one without printing per evaluation). */
  readonly conditions: ReadonlyMap<CompareNode, string>;
}

type Kind = 'number' | 'condition';

function wrapBare(root: Expr): Expr {
  if (root.kind !== 'stat') return root;
  const spec = statFunction(root.fn);
  if (spec?.bare === undefined) return root;
  const param = spec.params[spec.bare.param];
  const value = root.params[spec.bare.param] ?? param?.default ?? 0;
  return { kind: 'compare', op: spec.bare.op, left: root, right: { kind: 'number', value, column: root.column }, column: root.column };
}

function kindOf(node: Expr, source: Source): Kind {
  switch (node.kind) {
    case 'number':
    case 'ref':
    case 'stat':
      return 'number';
    case 'math':
      node.args.forEach((a) => expectKind(a, 'number', source));
      return 'number';
    case 'neg':
      expectKind(node.operand, 'number', source);
      return 'number';
    case 'arith':
      expectKind(node.left, 'number', source);
      expectKind(node.right, 'number', source);
      return 'number';
    case 'compare':
      expectKind(node.left, 'number', source);
      expectKind(node.right, 'number', source);
      return 'condition';
    case 'not':
      expectKind(node.operand, 'condition', source);
      return 'condition';
    case 'logic':
      expectKind(node.left, 'condition', source);
      expectKind(node.right, 'condition', source);
      return 'condition';
  }
}

function expectKind(node: Expr, want: Kind, source: Source): void {
  const got = kindOf(node, source);
  if (got === want) return;
  const problem = want === 'number' ? 'a condition cannot be used as a number here' : 'expected a condition (a comparison such as x > 0.1), found a number';
  throw syntaxError(source, node.column, problem, 'DET_ERR_TYPE');
}

function collect(node: Expr, stats: StatNode[], refs: RefNode[]): void {
  switch (node.kind) {
    case 'stat':
      stats.push(node);
      return;
    case 'ref':
      refs.push(node);
      return;
    case 'math':
      node.args.forEach((a) => collect(a, stats, refs));
      return;
    case 'neg':
    case 'not':
      collect(node.operand, stats, refs);
      return;
    case 'arith':
    case 'compare':
    case 'logic':
      collect(node.left, stats, refs);
      collect(node.right, stats, refs);
      return;
    default:
      return;
  }
}

function collectCompares(node: Expr, out: Map<CompareNode, string>): void {
  if (node.kind === 'compare') out.set(node, printExpr(node));
  else if (node.kind === 'not') collectCompares(node.operand, out);
  else if (node.kind === 'logic') {
    collectCompares(node.left, out);
    collectCompares(node.right, out);
  }
}

/** The statistic the baseline refs of `cmp` refer to, or −1 when it has none. */
function subjectOf(cmp: CompareNode, source: Source): number {
  const stats: StatNode[] = [];
  const refs: RefNode[] = [];
  collect(cmp, stats, refs);
  const baselineRefs = refs.filter((r) => r.name !== 'threshold');
  const first = baselineRefs[0];
  if (first === undefined) return -1;
  const distinct = new Set(stats.map((s) => s.text));
  if (distinct.size !== 1) {
    const why = distinct.size === 0 ? 'there is no statistic in this comparison' : `it is ambiguous between ${[...distinct].join(' and ')}`;
    throw syntaxError(source, first.column, `"${first.name}" refers to the statistic it is compared with, but ${why}`, 'DET_ERR_BASELINE_REF');
  }
  const stat = stats[0] as StatNode;
  if (statFunction(stat.fn)?.hasBaseline !== true) {
    throw syntaxError(source, first.column, `${stat.fn}() has no baseline to refer to (it already judges against the baseline or has none)`, 'DET_ERR_BASELINE_REF');
  }
  return stat.index;
}

function bind(node: Expr, call: number, source: Source): Expr {
  switch (node.kind) {
    case 'ref':
      return node.name === 'threshold' ? node : { ...node, call };
    case 'math':
      return { ...node, args: node.args.map((a) => bind(a, call, source)) };
    case 'neg':
    case 'not':
      return { ...node, operand: bind(node.operand, call, source) };
    case 'compare': {
      const subject = subjectOf(node, source);
      return { ...node, left: bind(node.left, subject, source), right: bind(node.right, subject, source) };
    }
    case 'arith':
    case 'logic':
      return { ...node, left: bind(node.left, call, source), right: bind(node.right, call, source) };
    default:
      return node;
  }
}

/**
 * Checks and binds a parsed expression. Throws DET_ERR_TYPE, DET_ERR_BASELINE_REF or
 * DET_ERR_BAD_ARGUMENT naming the rule and the column.
 *
 * @example
 * analyzeExpression(parseExpression('rate(x) > baseline + 3 sigma', 'r'), { rule: 'r', text: '…' }).calls.length; // 1
 */
export function analyzeExpression(parsed: Expr, source: Source): CompiledExpression {
  const root = wrapBare(parsed);
  if (kindOf(root, source) !== 'condition') {
    const hint = root.kind === 'stat' ? `: compare it, e.g. ${root.text} > 0.1` : '';
    throw syntaxError(source, root.column, `the rule must be a condition${hint}`, 'DET_ERR_TYPE');
  }
  const bound = bind(root, -1, source);
  const stats: StatNode[] = [];
  const refs: RefNode[] = [];
  collect(bound, stats, refs);
  if (stats.length === 0) throw syntaxError(source, 1, 'the rule measures nothing: it needs at least one statistic such as rate(x)', 'DET_ERR_BAD_ARGUMENT');
  const scopes = new Set(stats.map((s) => statFunction(s.fn)?.scope));
  if (scopes.size > 1) {
    const keyed = stats.find((s) => statFunction(s.fn)?.scope === 'key') as StatNode;
    throw syntaxError(source, keyed.column, 'a rule cannot mix per-key statistics (prada, …) with per-version ones: split it into two rules', 'DET_ERR_BAD_ARGUMENT');
  }
  const calls = [...stats].sort((a, b) => a.index - b.index);
  const conditions = new Map<CompareNode, string>();
  collectCompares(bound, conditions);
  return Object.freeze({
    conditions,
    text: source.text,
    root: bound,
    calls,
    scope: scopes.has('key') ? 'key' : 'series',
    usesThreshold: refs.some((r) => r.name === 'threshold'),
  });
}

/**
 * Parses and checks a rule expression; `threshold` is the rule's (knob-applied) threshold.
 * Throws the DET error of the first problem, naming the rule and the column.
 *
 * @example
 * compileExpression('entropy(input_fingerprint) < baseline.p01', 'entropy-collapse').scope; // 'series'
 */
export function compileExpression(text: string, rule: string, threshold?: number): CompiledExpression {
  const source = { rule, text };
  const compiled = analyzeExpression(parseExpression(text, rule), source);
  if (compiled.usesThreshold && threshold === undefined) {
    const column = text.indexOf('threshold') + 1;
    throw syntaxError(source, column, 'the expression refers to `threshold` but the rule sets none', 'DET_ERR_NO_THRESHOLD');
  }
  return compiled;
}
