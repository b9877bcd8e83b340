/**
 * @module detect/rules/baseline-stats
 * What a version's baseline says about one window statistic: its expected value, its
 * standard deviation over windows (`sigma`) and its quantiles (`baseline.p01`). When the
 * profile recorded the statistic over windows (`signals.<s>.windowed["entropy(x)"]`), those
 * are used as measured. Otherwise they are derived from the signal's baseline and the
 * window's event count n: for a rate p, σ = √(p(1 − p)/n); for a mean μ, σ = sd/√n; for a
 * quantile x_q, σ = √(q(1 − q)/n)·dx/dq (density from the baseline sketch); quantiles of
 * the statistic are then μ + z_q·σ (normal approximation). Entropy and count have no such
 * formula: they need the windowed record.
 */
import type { BaselineProfile, SignalBaseline } from '../baseline.js';
import type { QuantileSketchState } from '../../shared/math/index.js';
import { normalQuantile, QuantileSketch } from '../../shared/math/index.js';
import type { SignalRef, Subject } from './ast.js';

/** The baseline of one window statistic. */
export interface SubjectBaseline {
  /** The expected value (`baseline`). */
  readonly expected: number;
  /** Standard deviation of the statistic over windows (`sigma`); undefined when unknown. */
  readonly sigma: number | undefined;
  /** `windowed` (measured over the baseline's windows) or `analytic` (derived for n events). */
  readonly source: 'windowed' | 'analytic';
  /** Window length the windowed record was measured over. */
  readonly windowMs?: number;
  /** `baseline.pNN`: the statistic's q-quantile over windows. */
  quantile(q: number): number | undefined;
}

/** Why there is no baseline for a statistic. */
export interface NoBaseline {
  readonly ok: false;
  readonly reason: 'no-baseline';
  readonly detail: string;
}

const SKETCHES = new WeakMap<QuantileSketchState, QuantileSketch>();

/**
 * A restored sketch, cached by the (immutable) state object.
 *
 * @example
 * sketchOf(profile.signals['latency_ms'].sketch).quantile(0.99);
 */
export function sketchOf(state: QuantileSketchState): QuantileSketch {
  let s = SKETCHES.get(state);
  if (s === undefined) {
    s = QuantileSketch.restore(state);
    SKETCHES.set(state, s);
  }
  return s;
}

/**
 * The profile key of a signal: `input_fingerprint` for the fingerprint.
 *
 * @example
 * baselineSignalName({ kind: 'fingerprint' }); // 'input_fingerprint'
 */
export function baselineSignalName(ref: SignalRef): string | undefined {
  return ref.kind === 'signal' ? ref.name : ref.kind === 'fingerprint' ? 'input_fingerprint' : undefined;
}

const noBaseline = (detail: string): NoBaseline => ({ ok: false, reason: 'no-baseline', detail });

function fromWindowed(entry: { windowMs: number; sketch: QuantileSketchState; moments: { count: number; mean: number; m2: number } }): SubjectBaseline {
  const sketch = sketchOf(entry.sketch);
  const { count, mean, m2 } = entry.moments;
  return { expected: mean, sigma: count > 1 ? Math.sqrt(m2 / (count - 1)) : undefined, source: 'windowed', windowMs: entry.windowMs, quantile: (q) => sketch.quantile(q) };
}

function normal(expected: number, sigma: number | undefined, lo = Number.NEGATIVE_INFINITY, hi = Number.POSITIVE_INFINITY): SubjectBaseline {
  return {
    expected,
    sigma,
    source: 'analytic',
    quantile: (q) => (sigma === undefined ? undefined : Math.min(hi, Math.max(lo, expected + normalQuantile(q) * sigma))),
  };
}

/**
 * The baseline rate of a boolean signal: flagged / count (or the mean of 0/1 values).
 *
 * @example
 * baselineRate(profile.signals['prompt_injection']); // 0.01
 */
export function baselineRate(sig: SignalBaseline): number | undefined {
  if (sig.count <= 0) return undefined;
  if (sig.flagged !== undefined) return sig.flagged / sig.count;
  return sig.moments.count > 0 ? sig.moments.mean : undefined;
}

function analytic(sig: SignalBaseline, subject: Subject, n: number): SubjectBaseline | NoBaseline {
  const sd = sig.moments.count > 1 ? Math.sqrt(sig.moments.m2 / (sig.moments.count - 1)) : undefined;
  switch (subject.stat) {
    case 'rate': {
      const p = baselineRate(sig);
      if (p === undefined) return noBaseline('the baseline has no events for this signal');
      return normal(p, n > 0 ? Math.sqrt((p * (1 - p)) / n) : undefined, 0, 1);
    }
    case 'mean':
      if (sig.moments.count === 0) return noBaseline('the baseline has no values for this signal');
      return normal(sig.moments.mean, sd === undefined || n <= 0 ? undefined : sd / Math.sqrt(n));
    case 'quantile':
      return quantileBaseline(sig, subject.q ?? 0.5, n);
    default:
      return noBaseline(`${subject.stat} over windows is not in the baseline profile (record it with the windowed statistics)`);
  }
}

function quantileBaseline(sig: SignalBaseline, q: number, n: number): SubjectBaseline | NoBaseline {
  if (sig.sketch.count === 0) return noBaseline('the baseline sketch of this signal is empty');
  const sketch = sketchOf(sig.sketch);
  const x = sketch.quantile(q) as number;
  const h = Math.min(0.01, q / 2, (1 - q) / 2);
  const slope = ((sketch.quantile(q + h) as number) - (sketch.quantile(q - h) as number)) / (2 * h);
  return normal(x, n > 0 ? Math.sqrt((q * (1 - q)) / n) * slope : undefined);
}

function featureBaseline(profile: BaselineProfile, ref: Extract<SignalRef, { kind: 'feature' }>, subject: Subject, n: number): SubjectBaseline | NoBaseline {
  const f = profile.features;
  const j = f === undefined ? -1 : ref.index ?? f.names.indexOf(ref.name ?? '');
  if (f === undefined || j < 0 || j >= f.names.length) return noBaseline('the baseline has no such feature');
  if (subject.stat !== 'mean') return noBaseline(`the baseline keeps only the mean and variance of features, not their ${subject.stat}`);
  const variance = f.covariance[j * f.names.length + j] ?? Number.NaN;
  return normal(f.mean[j] as number, n > 0 && variance >= 0 ? Math.sqrt(variance / n) : undefined);
}

/**
 * The baseline of `subject` (canonical text `text`, as keyed in `windowed`) for a window of
 * n events; `{ ok: false }` when the profile cannot say.
 *
 * @example
 * subjectBaseline(profile, { signal: { kind: 'signal', name: 'prompt_injection' }, stat: 'rate' }, 'rate(prompt_injection)', 1000);
 * // { expected: 0.01, sigma: 0.00315, source: 'analytic', … }
 */
export function subjectBaseline(profile: BaselineProfile | undefined, subject: Subject, text: string, n: number): SubjectBaseline | NoBaseline {
  if (profile === undefined) return noBaseline('no baseline profile is loaded for this model version');
  if (subject.signal.kind === 'feature') return featureBaseline(profile, subject.signal, subject, n);
  const name = baselineSignalName(subject.signal);
  const sig = name === undefined ? undefined : profile.signals[name];
  if (sig === undefined) return noBaseline(`the baseline profile has no signal "${name ?? '?'}"`);
  const windowed = sig.windowed?.[text] ?? sig.windowed?.[subject.stat];
  if (windowed !== undefined) return fromWindowed(windowed);
  return analytic(sig, subject, n);
}

/**
 * True when `b` is a usable baseline (not a NoBaseline).
 *
 * @example
 * const b = subjectBaseline(profile, subject, text, n); if (isBaseline(b)) b.expected;
 */
export function isBaseline(b: SubjectBaseline | NoBaseline): b is SubjectBaseline {
  return !('ok' in b);
}
