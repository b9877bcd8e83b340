/**
 * @module shared/math/psi
 * Population stability index between a baseline ("expected") and a live ("actual")
 * distribution over the same bins:
 *   PSI = Σᵢ (aᵢ − eᵢ)·ln(aᵢ / eᵢ),  eᵢ, aᵢ the bins' proportions.
 * Rules of thumb: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift.
 *
 * Empty bins: a proportion that is exactly 0 is replaced by `epsilon` (default 1e-4) before the
 * sum, on both sides, and the proportions are not renormalised; this is the usual industry
 * convention and keeps one empty bin from making PSI infinite. An empty bin then contributes
 * (p − ε)·ln(p/ε), e.g. 0.1·ln(1000) ≈ 0.69 for a 10% bin that emptied out, so the choice of
 * epsilon matters for sparse histograms: state it when comparing PSI values.
 */
import { binCounts, quantileBinEdges } from './histogram.js';
import type { Unmeasurable } from './outcome.js';
import { unmeasurable } from './outcome.js';
import { at, checkArray, checkOpenInterval, checkSameLength } from './validate.js';

/** Replacement for an empty bin's proportion. */
export const PSI_DEFAULT_EPSILON = 1e-4;

export interface PsiOptions {
  /** Proportion used for an empty bin, in (0, 1). Default {@link PSI_DEFAULT_EPSILON}. */
  readonly epsilon?: number;
}

export interface PsiValue {
  readonly ok: true;
  readonly psi: number;
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += at(values, i);
  return s;
}

/**
 * PSI from two histograms over the same bins (counts or proportions; each is normalised by its
 * own total). `{ ok: false, reason: 'zero-total' }` when either histogram is all zeros. Throws a
 * `RangeError` for negative or non-finite entries, mismatched lengths, no bins, or a bad epsilon.
 *
 * @example
 * psi([25, 25, 25, 25], [10, 20, 30, 40]); // { ok: true, psi: 0.22821740957339182 }
 * psi([50, 50], [100, 0]);                 // { ok: true, psi: 4.60431846666895 } (empty bin → 1e-4)
 */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, options: PsiOptions = {}): PsiValue | Unmeasurable {
  const epsilon = options.epsilon ?? PSI_DEFAULT_EPSILON;
  checkOpenInterval('psi', 'options.epsilon', epsilon, 0, 1);
  checkArray('psi', 'expected', expected, true);
  checkArray('psi', 'actual', actual, true);
  checkSameLength('psi', 'expected', expected, 'actual', actual);
  if (expected.length === 0) throw new RangeError('psi: expected and actual must have at least one bin');
  const te = sum(expected);
  const ta = sum(actual);
  if (te === 0) return unmeasurable('zero-total', 'psi: expected histogram has no observations');
  if (ta === 0) return unmeasurable('zero-total', 'psi: actual histogram has no observations');
  let total = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = at(expected, i) / te || epsilon;
    const a = at(actual, i) / ta || epsilon;
    total += (a - e) * Math.log(a / e);
  }
  return { ok: true, psi: total };
}

export interface PsiFromSamplesOptions extends PsiOptions {
  /** Number of quantile bins of the baseline, >= 2. Default 10 (deciles). */
  readonly bins?: number;
}

export interface PsiSamplesValue extends PsiValue {
  /** The interior edges used (ties in the baseline can merge bins). */
  readonly edges: readonly number[];
}

/**
 * PSI of `actual` against `baseline` with bins at the baseline's type-7 quantiles
 * ({@link quantileBinEdges}). `{ ok: false, reason: 'empty' }` when either sample is empty.
 *
 * @example
 * psiFromSamples([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15], { bins: 4 });
 * // { ok: true, psi: 4.410944661706635, edges: [3.25, 5.5, 7.75] }
 */
export function psiFromSamples(
  baseline: ArrayLike<number>,
  actual: ArrayLike<number>,
  options: PsiFromSamplesOptions = {},
): PsiSamplesValue | Unmeasurable {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`psiFromSamples: options.bins must be an integer >= 2, got ${bins}`);
  checkArray('psiFromSamples', 'baseline', baseline);
  checkArray('psiFromSamples', 'actual', actual);
  if (baseline.length === 0) return unmeasurable('empty', 'psiFromSamples: baseline sample is empty');
  if (actual.length === 0) return unmeasurable('empty', 'psiFromSamples: actual sample is empty');
  const edges = quantileBinEdges(baseline, bins);
  const result = psi(binCounts(edges, baseline), binCounts(edges, actual), options);
  return result.ok ? { ok: true, psi: result.psi, edges } : result;
}
