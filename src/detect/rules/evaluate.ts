/**
 * @module detect/rules/evaluate
 * Evaluates a compiled rule over its statistics' outcomes: pure, `(rule, outcomes,
 * threshold) → verdict + evidence`. Logic is three-valued (Kleene): a statistic that could
 * not be measured is "unknown", `unknown or true` is true, `unknown and false` is false, and
 * an unknown result is the verdict `inconclusive` — could not measure is not measured bad.
 * `observed`/`expected` come from the comparison that decided the verdict.
 */
import type { CompareNode, Expr } from './ast.js';
import type { CompiledExpression } from './analyze.js';
import { isBaseline } from './baseline-stats.js';
import { printExpr } from './print.js';
import type { InconclusiveReason, StatOutcome } from './statistics.js';

/** A rule's verdict for one evaluation (DESIGN §1). */
export type Verdict = 'ok' | 'anomalous' | 'inconclusive' | 'error';

/** The figures behind a verdict, keyed by statistic text (`rate(prompt_injection)`). */
export interface Evidence {
  readonly statistics: Readonly<Record<string, StatEvidence>>;
  /** The comparison that decided the verdict, as text. */
  readonly condition?: string;
  readonly threshold?: number;
}

export interface StatEvidence {
  readonly value?: number;
  readonly n: number;
  readonly reason?: InconclusiveReason;
  readonly detail?: string;
  readonly baseline?: { readonly expected: number; readonly sigma?: number; readonly source: 'windowed' | 'analytic' };
  readonly extra?: Readonly<Record<string, number>>;
}

export interface Evaluation {
  readonly verdict: Verdict;
  /** The measured side of the deciding comparison. */
  readonly observed?: number;
  /** The other side (the threshold it was compared with). */
  readonly expected?: number;
  /** Why inconclusive, or the error message. */
  readonly reason?: string;
  readonly evidence: Evidence;
}

interface Unknown {
  readonly unknown: true;
  readonly reason: string;
}

type Value = number | boolean | Unknown;

const isUnknown = (v: Value): v is Unknown => typeof v === 'object';

interface Scope {
  readonly outcomes: readonly StatOutcome[];
  readonly threshold: number | undefined;
  /** Each comparison's result and sides, in evaluation order. */
  readonly compares: { node: CompareNode; result: Value; left: Value; right: Value }[];
}

function ref(node: Extract<Expr, { kind: 'ref' }>, scope: Scope): Value {
  if (node.name === 'threshold') return scope.threshold ?? { unknown: true, reason: 'the rule sets no threshold' };
  const outcome = scope.outcomes[node.call];
  if (outcome === undefined || !outcome.ok) return { unknown: true, reason: outcome?.ok === false ? outcome.detail : 'no statistic' };
  const b = outcome.baseline;
  if (b === undefined || !isBaseline(b)) return { unknown: true, reason: b?.detail ?? 'no baseline' };
  const f = node.field;
  let v: number | undefined;
  if (node.name === 'sigma' || f.kind === 'sd') v = b.sigma;
  else if (f.kind === 'quantile') v = b.quantile(f.q);
  else v = b.expected;
  return v === undefined || Number.isNaN(v) ? { unknown: true, reason: `baseline ${node.name === 'sigma' ? 'sigma' : f.kind} is unknown` } : v;
}

function arith(op: '+' | '-' | '*' | '/', a: number, b: number): Value {
  const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  return Number.isNaN(v) ? { unknown: true, reason: 'arithmetic gave no number (0/0)' } : v;
}

function compare(op: CompareNode['op'], a: number, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    case '!=': return a !== b;
  }
}

function math(node: Extract<Expr, { kind: 'math' }>, scope: Scope): Value {
  const values = node.args.map((a) => evalNode(a, scope));
  const bad = values.find(isUnknown);
  if (bad !== undefined) return bad;
  const nums = values as number[];
  return node.fn === 'abs' ? Math.abs(nums[0] as number) : node.fn === 'max' ? Math.max(...nums) : Math.min(...nums);
}

function logic(node: Extract<Expr, { kind: 'logic' }>, scope: Scope): Value {
  const a = evalNode(node.left, scope);
  const b = evalNode(node.right, scope);
  if (node.op === 'and') {
    if (a === false || b === false) return false;
    return isUnknown(a) ? a : isUnknown(b) ? b : true;
  }
  if (a === true || b === true) return true;
  return isUnknown(a) ? a : isUnknown(b) ? b : false;
}

function evalNode(node: Expr, scope: Scope): Value {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return ref(node, scope);
    case 'stat': {
      const o = scope.outcomes[node.index];
      return o === undefined ? { unknown: true, reason: 'not computed' } : o.ok ? o.value : { unknown: true, reason: o.detail };
    }
    case 'math':
      return math(node, scope);
    case 'neg': {
      const v = evalNode(node.operand, scope);
      return isUnknown(v) ? v : -(v as number);
    }
    case 'arith': {
      const a = evalNode(node.left, scope);
      const b = evalNode(node.right, scope);
      return isUnknown(a) ? a : isUnknown(b) ? b : arith(node.op, a as number, b as number);
    }
    case 'compare': {
      const left = evalNode(node.left, scope);
      const right = evalNode(node.right, scope);
      const result = isUnknown(left) ? left : isUnknown(right) ? right : compare(node.op, left as number, right as number);
      scope.compares.push({ node, result, left, right });
      return result;
    }
    case 'not': {
      const v = evalNode(node.operand, scope);
      return isUnknown(v) ? v : !v;
    }
    case 'logic':
      return logic(node, scope);
  }
}

function hasStat(node: Expr): boolean {
  switch (node.kind) {
    case 'stat': return true;
    case 'math': return node.args.some(hasStat);
    case 'neg': case 'not': return hasStat(node.operand);
    case 'arith': case 'compare': case 'logic': return hasStat(node.left) || hasStat(node.right);
    default: return false;
  }
}

function evidenceOf(compiled: CompiledExpression, outcomes: readonly StatOutcome[]): Record<string, StatEvidence> {
  const statistics: Record<string, StatEvidence> = {};
  compiled.calls.forEach((call) => {
    const o = outcomes[call.index];
    if (o === undefined) return;
    if (!o.ok) {
      statistics[call.text] = { n: o.n, reason: o.reason, detail: o.detail };
      return;
    }
    const b = o.baseline !== undefined && isBaseline(o.baseline) ? { expected: o.baseline.expected, ...(o.baseline.sigma === undefined ? {} : { sigma: o.baseline.sigma }), source: o.baseline.source } : undefined;
    statistics[call.text] = { value: o.value, n: o.n, ...(b === undefined ? {} : { baseline: b }), ...(o.extra === undefined ? {} : { extra: o.extra }) };
  });
  return statistics;
}

/**
 * The verdict of `compiled` given its statistics' outcomes (indexed like `compiled.calls`).
 *
 * @example
 * evaluateExpression(compiled, [{ ok: true, value: 0.08, n: 1000, baseline }], undefined).verdict; // 'anomalous'
 */
export function evaluateExpression(compiled: CompiledExpression, outcomes: readonly StatOutcome[], threshold: number | undefined): Evaluation {
  const scope: Scope = { outcomes, threshold, compares: [] };
  const result = evalNode(compiled.root, scope);
  const statistics = evidenceOf(compiled, outcomes);
  const base = threshold === undefined ? { statistics } : { statistics, threshold };
  if (isUnknown(result)) return { verdict: 'inconclusive', reason: result.reason, evidence: base };
  const decisive = scope.compares.find((c) => c.result === result);
  if (decisive === undefined) return { verdict: result ? 'anomalous' : 'ok', evidence: base };
  const statLeft = hasStat(decisive.node.left) || !hasStat(decisive.node.right);
  const observed = statLeft ? decisive.left : decisive.right;
  const expected = statLeft ? decisive.right : decisive.left;
  return {
    verdict: result ? 'anomalous' : 'ok',
    ...(typeof observed === 'number' ? { observed } : {}),
    ...(typeof expected === 'number' ? { expected } : {}),
    evidence: { ...base, condition: compiled.conditions.get(decisive.node) ?? printExpr(decisive.node) },
  };
}
