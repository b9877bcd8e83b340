/**
 * @module detect/rules/ast
 * The syntax tree of a rule's `when` expression, as the parser builds it and the analyser
 * binds it. Plain readonly data; every node carries the 1-based column of its first
 * character so that errors can point at it.
 */

/** What a statistic is computed over. */
export type SignalRef =
  /** A signal an inspector or the gateway sets (`prompt_injection`, `latency_ms`, `error`). */
  | { readonly kind: 'signal'; readonly name: string }
  /** An input feature by name (`feature:amount`) or 0-based index (`feature:3`). */
  | { readonly kind: 'feature'; readonly name: string | undefined; readonly index: number | undefined }
  /** `input_fingerprint`: the signal when set, else a quantised hash of the features. */
  | { readonly kind: 'fingerprint' }
  /** `api_key`: the per-key functions (PRADA and the query patterns). */
  | { readonly kind: 'api_key' };

/** The window statistic of a signal that a baseline can describe. */
export type Statistic = 'rate' | 'mean' | 'quantile' | 'count' | 'entropy' | 'entropy_normalized';

/** A window statistic of one signal (`p99` of `latency_ms`); `q` for quantiles. */
export interface Subject {
  readonly signal: SignalRef;
  readonly stat: Statistic;
  readonly q?: number;
}

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';

/** `baseline` (value), `baseline.mean`, `baseline.sd`, `baseline.pNN` (quantile q). */
export type BaselineField = { readonly kind: 'value' } | { readonly kind: 'mean' } | { readonly kind: 'sd' } | { readonly kind: 'quantile'; readonly q: number };

export interface NumberNode {
  readonly kind: 'number';
  readonly value: number;
  readonly column: number;
}

/** `baseline…`, `sigma` or `threshold`; `call` is the bound statistic (−1 before analysis). */
export interface RefNode {
  readonly kind: 'ref';
  readonly name: 'baseline' | 'sigma' | 'threshold';
  readonly field: BaselineField;
  readonly column: number;
  readonly call: number;
}

/** A statistic over a signal, e.g. `rate(prompt_injection)`; `index` numbers it within the rule. */
export interface StatNode {
  readonly kind: 'stat';
  readonly fn: string;
  readonly argument: SignalRef;
  /** The followed statistic, for zscore and cusum. */
  readonly subject: Subject | undefined;
  readonly params: readonly number[];
  /** Canonical text, e.g. `p99(latency_ms)`; keys the evidence and windowed baselines. */
  readonly text: string;
  readonly column: number;
  readonly index: number;
}

/** `max(…)`, `min(…)`, `abs(…)` over numbers. */
export interface MathNode {
  readonly kind: 'math';
  readonly fn: 'max' | 'min' | 'abs';
  readonly args: readonly Expr[];
  readonly column: number;
}

export interface NegNode {
  readonly kind: 'neg';
  readonly operand: Expr;
  readonly column: number;
}

export interface NotNode {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly column: number;
}

export interface ArithNode {
  readonly kind: 'arith';
  readonly op: ArithOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly column: number;
}

export interface CompareNode {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly column: number;
}

export interface LogicNode {
  readonly kind: 'logic';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
  readonly column: number;
}

export type Expr = NumberNode | RefNode | StatNode | MathNode | NegNode | NotNode | ArithNode | CompareNode | LogicNode;

/**
 * Canonical text of a signal reference.
 *
 * @example
 * signalText({ kind: 'feature', name: 'amount', index: undefined }); // 'feature:amount'
 */
export function signalText(ref: SignalRef): string {
  switch (ref.kind) {
    case 'signal':
      return ref.name;
    case 'feature':
      return ref.name === undefined ? `feature:${ref.index}` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref.name) ? `feature:${ref.name}` : `feature:${JSON.stringify(ref.name)}`;
    case 'fingerprint':
      return 'input_fingerprint';
    case 'api_key':
      return 'api_key';
  }
}

/**
 * Canonical text of a subject: `rate(error)`, `mean(latency_ms)`, `p99(latency_ms)`.
 *
 * @example
 * subjectText({ signal: { kind: 'signal', name: 'latency_ms' }, stat: 'quantile', q: 0.99 }); // 'p99(latency_ms)'
 */
export function subjectText(subject: Subject): string {
  const fn = subject.stat === 'quantile' ? quantileName(subject.q ?? 0.5) : subject.stat;
  return `${fn}(${signalText(subject.signal)})`;
}

/**
 * `p99` for 0.99, `p01` for 0.01, `p999` for 0.999.
 *
 * @example
 * quantileName(0.99); // 'p99'
 * quantileName(0.999); // 'p999'
 */
export function quantileName(q: number): string {
  const pct = Math.round(q * 1000) / 10;
  return Number.isInteger(pct) ? `p${String(pct).padStart(2, '0')}` : `p${String(Math.round(q * 1000)).padStart(3, '0')}`;
}
