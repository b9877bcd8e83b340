/**
 * @module shared/math/jensen-shannon
 * Jensen–Shannon divergence between two discrete distributions P and Q over the same categories
 * (counts or probabilities, each normalised by its own sum), with M = (P + Q)/2:
 *   JSD(P‖Q) = ½·KL(P‖M) + ½·KL(Q‖M)   (0·log 0 = 0),
 * and the Jensen–Shannon distance √JSD (a metric), as SciPy's `scipy.spatial.distance.jensenshannon`.
 * Symmetric; in [0, 1] in bits and [0, ln 2] in nats. The sum is taken term by term as
 * ½·Σ [pᵢ·log(2pᵢ/(pᵢ+qᵢ)) + qᵢ·log(2qᵢ/(pᵢ+qᵢ))], which stays >= 0 and has no cancellation
 * between large entropies. One pass, no allocation.
 */
import { checkUnit } from './entropy.js';
import type { InformationUnit } from './entropy.js';
import type { Unmeasurable } from './outcome.js';
import { unmeasurable } from './outcome.js';
import { at, checkArray, checkSameLength } from './validate.js';

export interface JensenShannonValue {
  readonly ok: true;
  /** JSD in the requested unit. */
  readonly divergence: number;
  /** √divergence. */
  readonly distance: number;
}

function total(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += at(values, i);
  return s;
}

/**
 * Jensen–Shannon divergence and distance. `{ ok: false, reason: 'zero-total' }` when either
 * distribution sums to 0; throws a `RangeError` for negative or non-finite entries or
 * mismatched lengths.
 *
 * @example
 * jensenShannon([1, 0], [0, 1]);           // { ok: true, divergence: 1, distance: 1 }
 * jensenShannon([0.5, 0.5], [0.9, 0.1]);   // { ok: true, divergence: 0.1467931024360521, distance: 0.38313587985994224 }
 */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, unit: InformationUnit = 'bits'): JensenShannonValue | Unmeasurable {
  checkArray('jensenShannon', 'p', p, true);
  checkArray('jensenShannon', 'q', q, true);
  checkSameLength('jensenShannon', 'p', p, 'q', q);
  checkUnit('jensenShannon', unit);
  const tp = total(p);
  const tq = total(q);
  if (tp === 0) return unmeasurable('zero-total', 'jensenShannon: p sums to 0');
  if (tq === 0) return unmeasurable('zero-total', 'jensenShannon: q sums to 0');
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = at(p, i) / tp;
    const qi = at(q, i) / tq;
    const m2 = pi + qi;
    if (pi > 0) s += pi * Math.log((2 * pi) / m2);
    if (qi > 0) s += qi * Math.log((2 * qi) / m2);
  }
  let divergence = Math.max(0, s / 2);
  if (unit === 'bits') divergence = Math.min(1, divergence / Math.LN2);
  else divergence = Math.min(Math.LN2, divergence);
  return { ok: true, divergence, distance: Math.sqrt(divergence) };
}
