/**
 * @module detect/rules/statistics
 * Computes one statistic of a rule from its window tracker and the version's baseline:
 * pure reads, no mutation. A statistic that cannot be measured (too few events, no
 * baseline, a math function's `{ ok: false }`) is an `{ ok: false }` outcome with a
 * reason, which the evaluator turns into `inconclusive` — never a NaN.
 */
import type { BaselineProfile } from '../baseline.js';
import { DETECT_DEFAULTS } from '../defaults.js';
import { binomialTest, Cusum, kolmogorovSf, psi } from '../../shared/math/index.js';
import type { HistogramTracker, ScalarTracker, Tracker } from '../windows/trackers.js';
import type { StatNode, Subject } from './ast.js';
import { subjectText } from './ast.js';
import { baselineRate, baselineSignalName, isBaseline, subjectBaseline } from './baseline-stats.js';
import type { NoBaseline, SubjectBaseline } from './baseline-stats.js';
import { statFunction } from './functions.js';

/** Why a statistic has no value. */
export type InconclusiveReason = 'below-min-events' | 'warming-up' | 'no-baseline' | 'no-data' | 'unmeasurable' | 'unknown-feature';

export type StatOutcome =
  | {
      readonly ok: true;
      readonly value: number;
      /** Events (or queries) the value is computed over. */
      readonly n: number;
      /** The statistic's baseline, for `baseline`/`sigma` refs. */
      readonly baseline?: SubjectBaseline | NoBaseline;
      /** Further figures for the evidence (binomial k, CUSUM shift start, PRADA distances…). */
      readonly extra?: Readonly<Record<string, number>>;
    }
  | { readonly ok: false; readonly reason: InconclusiveReason; readonly detail: string; readonly n: number };

/** What statistics read besides their tracker. */
export interface StatContext {
  readonly baseline: BaselineProfile | undefined;
  readonly minEvents: number;
  /** The series has been observed for a whole window (size-dependent statistics wait for it). Default true. */
  readonly windowFull?: boolean;
}

const fail = (reason: InconclusiveReason, detail: string, n: number): StatOutcome => ({ ok: false, reason, detail, n });

/**
 * The subject a series function measures (its own for rate/mean/…, the followed one for zscore/cusum).
 *
 * @example
 * subjectOfCall(parsed('p99(latency_ms)')); // { signal: latency_ms, stat: 'quantile', q: 0.99 }
 */
export function subjectOfCall(node: StatNode): Subject | undefined {
  if (node.subject !== undefined) return node.subject;
  const spec = statFunction(node.fn);
  if (spec?.stat === undefined) return undefined;
  return spec.stat === 'quantile' ? { signal: node.argument, stat: 'quantile', q: quantileOfFn(node.fn) } : { signal: node.argument, stat: spec.stat };
}

function quantileOfFn(fn: string): number {
  const digits = fn.slice(1);
  return Number(digits) / (digits.length === 2 ? 100 : 1000);
}

/** The window value of `subject` from its tracker; the count it is over. */
function subjectValue(subject: Subject, tracker: Tracker): { value: number | undefined; n: number } {
  if (tracker.kind === 'scalar') {
    const r = tracker.ring;
    const n = r.count;
    if (subject.stat === 'count') return { value: n, n };
    if (n === 0) return { value: undefined, n };
    return { value: subject.stat === 'rate' ? r.trues / n : r.sum / n, n };
  }
  if (tracker.kind === 'quantile') return { value: tracker.scale?.quantile(tracker.ring.totals, tracker.ring.total, subject.q ?? 0.5), n: tracker.ring.total };
  if (tracker.kind === 'distinct') {
    const r = tracker.ring;
    const h = r.entropyBits();
    const n = r.total;
    if (h === undefined || subject.stat === 'entropy') return { value: h, n };
    return { value: n > 1 ? Math.min(1, h / Math.log2(n)) : 0, n };
  }
  return { value: undefined, n: tracker.ring.total };
}

function plain(node: StatNode, subject: Subject, tracker: Tracker, ctx: StatContext): StatOutcome {
  const { value, n } = subjectValue(subject, tracker);
  if ((subject.stat === 'count' || subject.stat === 'entropy') && ctx.windowFull === false) return fail('warming-up', 'the window is not yet full: a size-dependent statistic waits for one window length of traffic', n);
  if (subject.stat !== 'count' && n < ctx.minEvents) return fail('below-min-events', `${n} events in the window, fewer than minEvents ${ctx.minEvents}`, n);
  if (value === undefined) return fail('no-data', 'the window is empty', n);
  return { ok: true, value, n, baseline: subjectBaseline(ctx.baseline, subject, node.text, n) };
}

function binom(node: StatNode, tracker: ScalarTracker, ctx: StatContext): StatOutcome {
  const r = tracker.ring;
  const n = r.count;
  if (n < ctx.minEvents) return fail('below-min-events', `${n} events in the window, fewer than minEvents ${ctx.minEvents}`, n);
  const name = baselineSignalName(node.argument);
  const sig = name === undefined ? undefined : ctx.baseline?.signals[name];
  const p = sig === undefined ? undefined : baselineRate(sig);
  if (p === undefined) return fail('no-baseline', `no baseline rate for ${name ?? 'this signal'}`, n);
  const k = Math.round(r.trues);
  return { ok: true, value: binomialTest(k, n, p, 'greater').pValue, n, extra: { k, p } };
}

function zscore(node: StatNode, subject: Subject, tracker: Tracker, ctx: StatContext): StatOutcome {
  const inner = plain(node, subject, tracker, ctx);
  if (!inner.ok) return inner;
  const b = subjectBaseline(ctx.baseline, subject, subjectText(subject), inner.n);
  if (!isBaseline(b)) return fail('no-baseline', b.detail, inner.n);
  if (b.sigma === undefined || !(b.sigma > 0)) return fail('unmeasurable', 'the baseline standard deviation of this statistic is 0 or unknown', inner.n);
  return { ok: true, value: (inner.value - b.expected) / b.sigma, n: inner.n, extra: { observed: inner.value, expected: b.expected, sigma: b.sigma } };
}

function cusum(node: StatNode, subject: Subject, tracker: ScalarTracker, ctx: StatContext): StatOutcome {
  const r = tracker.ring;
  if (r.count < ctx.minEvents) return fail('below-min-events', `${r.count} events in the window, fewer than minEvents ${ctx.minEvents}`, r.count);
  const b = subjectBaseline(ctx.baseline, subject, subjectText(subject), 1);
  if (!isBaseline(b)) return fail('no-baseline', b.detail, r.count);
  const sig = ctx.baseline?.signals[baselineSignalName(subject.signal) ?? ''];
  // σ of one event's value: √(p(1−p)) for a rate (p smoothed away from 0 and 1), the sd for a mean.
  const p = subject.stat === 'rate' ? ((sig?.flagged ?? b.expected * (sig?.count ?? 0)) + 0.5) / ((sig?.count ?? 0) + 1) : 0;
  const m = sig?.moments;
  const unit = subject.stat === 'rate' ? Math.sqrt(p * (1 - p)) : m !== undefined && m.count > 1 ? Math.sqrt(m.m2 / (m.count - 1)) : 0;
  if (!(unit > 0)) return fail('unmeasurable', 'the baseline standard deviation is 0 or unknown', r.count);
  const h = node.params[0] ?? DETECT_DEFAULTS.cusum.h;
  const c = new Cusum({ target: 0, sigma: 1, k: node.params[1] ?? DETECT_DEFAULTS.cusum.k, h, sides: 'upper', resetOnAlarm: false });
  const D = DETECT_DEFAULTS.cusum;
  const groupEvents = subject.stat === 'rate' ? Math.max(D.minGroupEvents, D.minExpected / Math.min(p, 1 - p)) : D.minGroupEvents;
  let max = 0;
  let startSec = Number.NaN;
  const starts: number[] = [];
  let n = 0;
  let x = 0;
  for (const bucket of r.buckets()) {
    if (bucket.count === 0) continue;
    if (n === 0) starts.push(bucket.sec);
    n += bucket.count;
    x += subject.stat === 'rate' ? bucket.trues : bucket.sum;
    if (n < groupEvents) continue; // group buckets until the normal approximation holds
    c.update((x / n - b.expected) / (unit / Math.sqrt(n)));
    n = x = 0;
    const s = c.state;
    if (s.upper > max) {
      max = s.upper;
      startSec = starts[starts.length - s.upperRun] ?? Number.NaN;
    }
  }
  const extra: Record<string, number> = { expected: b.expected, h };
  const shift = Number.isNaN(startSec) ? undefined : r.bucketFirstMs(startSec);
  if (shift !== undefined) extra['shiftStartMs'] = shift;
  return { ok: true, value: max, n: r.count, extra };
}

function distribution(node: StatNode, tracker: HistogramTracker, ctx: StatContext): StatOutcome {
  const r = tracker.ring;
  const n = r.total;
  if (n < ctx.minEvents) return fail('below-min-events', `${n} events in the window, fewer than minEvents ${ctx.minEvents}`, n);
  const expected = baselineHistogram(ctx.baseline, node);
  if (expected === undefined) return fail('no-baseline', 'the baseline has no histogram for this signal', n);
  if (node.fn === 'psi') {
    const v = psi(expected.counts, r.totals);
    return v.ok ? { ok: true, value: v.psi, n } : fail('unmeasurable', v.detail, n);
  }
  return binnedKs(expected.counts, r.totals, n);
}

function binnedKs(expected: readonly number[], actual: Float64Array, n: number): StatOutcome {
  let total = 0;
  for (const c of expected) total += c;
  if (total === 0) return fail('unmeasurable', 'the baseline histogram is empty', n);
  let fe = 0;
  let fa = 0;
  let d = 0;
  for (let i = 0; i < actual.length; i++) {
    fe += (expected[i] ?? 0) / total;
    fa += (actual[i] as number) / n;
    d = Math.max(d, Math.abs(fe - fa));
  }
  const en = Math.max(1, Math.round((n * total) / (n + total)));
  return { ok: true, value: kolmogorovSf(en, Math.min(1, d)), n, extra: { d } };
}

/**
 * The baseline histogram (edges and counts) behind psi/ks of `node`'s argument.
 *
 * @example
 * baselineHistogram(profile, { argument: { kind: 'feature', name: 'amount', index: undefined } })?.edges;
 */
export function baselineHistogram(profile: BaselineProfile | undefined, node: Pick<StatNode, 'argument'>): { readonly edges: readonly number[]; readonly counts: readonly number[] } | undefined {
  if (profile === undefined) return undefined;
  const ref = node.argument;
  if (ref.kind === 'feature') {
    const f = profile.features;
    const j = f === undefined ? -1 : ref.index ?? f.names.indexOf(ref.name ?? '');
    return j < 0 ? undefined : f?.histograms[j];
  }
  const name = baselineSignalName(ref);
  return name === undefined ? undefined : profile.signals[name]?.histogram;
}

/**
 * The outcome of a per-version statistic; `tracker` is undefined when the engine could not
 * build it (an unknown feature name, no baseline histogram).
 *
 * @example
 * computeSeriesStat(node, series.trackerFor(node), { baseline, minEvents: 100 });
 */
export function computeSeriesStat(node: StatNode, tracker: Tracker | undefined, ctx: StatContext): StatOutcome {
  if (tracker === undefined) {
    const ref = node.argument;
    if (ref.kind === 'feature' && ctx.baseline !== undefined) return fail('unknown-feature', `no feature ${ref.name ?? ref.index} in the baseline or the feature names`, 0);
    return fail('no-baseline', 'needs the baseline profile of this version', 0);
  }
  const subject = subjectOfCall(node);
  if (node.fn === 'psi' || node.fn === 'ks') return distribution(node, tracker as HistogramTracker, ctx);
  if (subject === undefined) return fail('unmeasurable', `${node.fn} is not a per-version statistic`, 0);
  if (node.fn === 'binom') return binom(node, tracker as ScalarTracker, ctx);
  if (node.fn === 'zscore') return zscore(node, subject, tracker, ctx);
  if (node.fn === 'cusum') return cusum(node, subject, tracker as ScalarTracker, ctx);
  return plain(node, subject, tracker, ctx);
}
