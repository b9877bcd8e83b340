/**
 * @module detect/rules/functions
 * The functions of the rule language, registered under stable names: what each takes,
 * whether it is judged per model version or per API key, whether `baseline`/`sigma` mean
 * something next to it, and how it reads when used bare (`cusum(error_rate)`). The parser
 * and analyser validate calls against this table; statistics.ts computes them.
 */
import { DETECT_DEFAULTS } from '../defaults.js';
import type { SignalRef, Statistic, Subject } from './ast.js';

/** What a function's first argument must be. */
export type ArgumentKind =
  /** A signal (or `feature:NAME`, `input_fingerprint`). */
  | 'signal'
  /** A signal or feature whose distribution the baseline's histogram describes. */
  | 'distribution'
  /** A window statistic to follow: `rate(x)`, `p99(x)` or a name such as `error_rate`, `latency_p99`. */
  | 'subject'
  /** The literal `api_key`. */
  | 'api_key';

export interface ParamSpec {
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** One statistic function. */
export interface StatFunctionSpec {
  readonly name: string;
  readonly scope: 'series' | 'key';
  readonly argument: ArgumentKind;
  /** For `signal` arguments: the window statistic computed (and judged against the baseline). */
  readonly stat: Statistic | undefined;
  readonly params: readonly ParamSpec[];
  /** `baseline` and `sigma` may be compared with it. */
  readonly hasBaseline: boolean;
  /** How a bare call reads as a condition: `cusum(x)` is `cusum(x) > h`. */
  readonly bare?: { readonly op: '>' | '<'; readonly param: number };
  /** Subject statistics the function can follow (zscore, cusum). */
  readonly follows?: readonly Statistic[];
  /** The value depends on how many events the window holds (entropy, count): judged only once the window is full. */
  readonly sizeDependent?: boolean;
  /** One line for docs and errors. */
  readonly summary: string;
}

const NO_PARAMS: readonly ParamSpec[] = [];

const spec = (s: Omit<StatFunctionSpec, 'params'> & { params?: readonly ParamSpec[] }): StatFunctionSpec => Object.freeze({ ...s, params: s.params ?? NO_PARAMS });

/**
 * The statistic functions by name (quantiles `p01`…`p99`, `p999` are matched by pattern).
 *
 * @example
 * STAT_FUNCTIONS.get('rate')?.hasBaseline; // true
 */
export const STAT_FUNCTIONS: ReadonlyMap<string, StatFunctionSpec> = new Map(
  [
    spec({ name: 'rate', scope: 'series', argument: 'signal', stat: 'rate', hasBaseline: true, summary: 'share of the window\'s events where the signal is true (non-zero)' }),
    spec({ name: 'binom', scope: 'series', argument: 'signal', stat: 'rate', hasBaseline: false, summary: 'one-sided binomial p-value of the window\'s true count against the baseline rate' }),
    spec({ name: 'mean', scope: 'series', argument: 'signal', stat: 'mean', hasBaseline: true, summary: 'mean of the signal over the window' }),
    spec({ name: 'count', scope: 'series', argument: 'signal', stat: 'count', hasBaseline: true, sizeDependent: true, summary: 'events in the window that carry the signal' }),
    spec({ name: 'entropy', scope: 'series', argument: 'signal', stat: 'entropy', hasBaseline: true, sizeDependent: true, summary: 'Shannon entropy (bits) of the window\'s distinct values, e.g. of input_fingerprint' }),
    spec({ name: 'entropy_normalized', scope: 'series', argument: 'signal', stat: 'entropy_normalized', hasBaseline: true, summary: 'entropy / log2(n): 1 when all n values differ, 0 when all are equal' }),
    spec({ name: 'psi', scope: 'series', argument: 'distribution', stat: undefined, hasBaseline: false, summary: 'population stability index of the window against the baseline histogram' }),
    spec({ name: 'ks', scope: 'series', argument: 'distribution', stat: undefined, hasBaseline: false, summary: 'two-sample Kolmogorov–Smirnov p-value, window against baseline (on the baseline\'s bins)' }),
    spec({ name: 'zscore', scope: 'series', argument: 'subject', stat: undefined, hasBaseline: false, follows: ['rate', 'mean', 'quantile', 'count', 'entropy', 'entropy_normalized'], summary: '(window statistic − baseline) / sigma' }),
    spec({
      name: 'cusum', scope: 'series', argument: 'subject', stat: undefined, hasBaseline: false, follows: ['rate', 'mean'],
      params: [
        { name: 'h', default: DETECT_DEFAULTS.cusum.h, min: 0.1, max: 100 },
        { name: 'k', default: DETECT_DEFAULTS.cusum.k, min: 0, max: 10 },
      ],
      bare: { op: '>', param: 0 },
      summary: 'largest upper CUSUM over the window\'s 1 s buckets, in σ (bare: above h)',
    }),
    spec({ name: 'prada', scope: 'key', argument: 'api_key', stat: undefined, hasBaseline: false, summary: 'PRADA: Shapiro–Wilk W of the key\'s minimum query distances' }),
    spec({ name: 'unique_rate', scope: 'key', argument: 'api_key', stat: undefined, hasBaseline: false, summary: 'distinct inputs / queries over the key\'s recent queries' }),
    spec({ name: 'coverage', scope: 'key', argument: 'api_key', stat: undefined, hasBaseline: false, summary: 'distinct coarse input-space cells / queries over the key\'s recent queries' }),
    spec({ name: 'boundary', scope: 'key', argument: 'api_key', stat: undefined, hasBaseline: false, summary: 'share of the key\'s recent queries whose top-2 margin is small' }),
    spec({ name: 'volume', scope: 'key', argument: 'api_key', stat: undefined, hasBaseline: false, summary: 'the key\'s query count this period, in σ above its own history' }),
  ].map((s) => [s.name, s]),
);

const QUANTILE_FN = /^p(\d{2,3})$/;

/**
 * The quantile a `pNN` name stands for (p01 → 0.01, p999 → 0.999), or undefined.
 *
 * @example
 * quantileOf('p99'); // 0.99
 * quantileOf('p999'); // 0.999
 * quantileOf('rate'); // undefined
 */
export function quantileOf(name: string): number | undefined {
  const m = QUANTILE_FN.exec(name);
  if (m === null) return undefined;
  const digits = m[1] as string;
  const q = Number(digits) / (digits.length === 2 ? 100 : 1000);
  return q > 0 && q < 1 ? q : undefined;
}

const QUANTILE_SPEC: StatFunctionSpec = spec({ name: 'pNN', scope: 'series', argument: 'signal', stat: 'quantile', hasBaseline: true, summary: 'the window\'s NN-th percentile of the signal (p50, p95, p99, p999)' });

/**
 * The spec of statistic function `name`, or undefined (math functions are not here).
 *
 * @example
 * statFunction('p99')?.stat; // 'quantile'
 */
export function statFunction(name: string): StatFunctionSpec | undefined {
  return STAT_FUNCTIONS.get(name) ?? (quantileOf(name) === undefined ? undefined : QUANTILE_SPEC);
}

/**
 * Number-valued helpers: `max(a, b, …)`, `min(a, b, …)`, `abs(a)`.
 *
 * @example
 * MATH_FUNCTIONS.max.minArgs; // 2
 */
export const MATH_FUNCTIONS: Readonly<Record<'max' | 'min' | 'abs', { readonly minArgs: number; readonly maxArgs: number }>> = Object.freeze({
  max: { minArgs: 2, maxArgs: 16 },
  min: { minArgs: 2, maxArgs: 16 },
  abs: { minArgs: 1, maxArgs: 1 },
});

/**
 * Every function name, for "did you mean" hints.
 *
 * @example
 * functionNames().includes('prada'); // true
 */
export function functionNames(): string[] {
  return [...STAT_FUNCTIONS.keys(), 'p50', 'p95', 'p99', ...Object.keys(MATH_FUNCTIONS)];
}

/** Signal names that stand for another (`latency_p99` follows `latency_ms`). */
const SIGNAL_ALIASES: Readonly<Record<string, string>> = Object.freeze({ latency: 'latency_ms', upstream: 'upstream_ms' });

/**
 * A signal reference for a plain name (`input_fingerprint` and `api_key` are special).
 *
 * @example
 * signalRef('latency'); // { kind: 'signal', name: 'latency_ms' }
 */
export function signalRef(name: string): SignalRef {
  if (name === 'input_fingerprint') return { kind: 'fingerprint' };
  if (name === 'api_key') return { kind: 'api_key' };
  return { kind: 'signal', name: SIGNAL_ALIASES[name] ?? name };
}

/**
 * The subject a name such as `error_rate`, `latency_p99`, `latency_mean` stands for; a
 * plain signal name means its mean.
 *
 * @example
 * subjectOfName('error_rate'); // { signal: { kind: 'signal', name: 'error' }, stat: 'rate' }
 */
export function subjectOfName(name: string): Subject {
  const m = /^(.+?)_(rate|mean|count|entropy_normalized|entropy|p\d{2,3})$/.exec(name);
  if (m === null) return { signal: signalRef(name), stat: 'mean' };
  const base = signalRef(m[1] as string);
  const suffix = m[2] as string;
  const q = quantileOf(suffix);
  if (q !== undefined) return { signal: base, stat: 'quantile', q };
  return { signal: base, stat: suffix as Statistic };
}

/**
 * Levenshtein distance, for suggestions.
 *
 * @example
 * editDistance('rat', 'rate'); // 1
 */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}
