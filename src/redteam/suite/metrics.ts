/**
 * @module redteam/suite/metrics
 * The figures of one point of a security curve, from an attack run's per-sample results:
 * adversarial success rate among the samples the attack had to change (overall and per
 * class, with 95% Wilson score intervals), robust accuracy, the true × adversarial class
 * matrix of successes, perturbation sizes of the successes and query counts. A
 * minimal-perturbation run gives every ε of its curve at once: a success counts at ε when
 * its perturbation, in the threat model's norm, is within ε. Pure.
 */
import type { Norm } from '../norms.js';
import { round } from '../results.js';
import type { SampleResult } from '../results.js';
import type { ClassRate, CurvePoint, Interval, Stats } from '../report/report-types.js';
import { SUITE_DEFAULTS } from './defaults.js';

/**
 * The 95% Wilson score interval of `successes` out of `trials`; null without trials.
 *
 * @example
 * wilson(8, 10); // [0.49, 0.943] (rounded)
 */
export function wilson(successes: number, trials: number, z: number = SUITE_DEFAULTS.wilsonZ): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return [round(Math.max(0, centre - half)), round(Math.min(1, centre + half))];
}

/**
 * Mean, median and max of `values` (null when empty), rounded to 7 significant digits.
 *
 * @example
 * stats([3, 1, 2]); // { mean: 2, median: 2, max: 3 }
 */
export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { mean: null, median: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { mean: round(values.reduce((a, b) => a + b, 0) / values.length), median: round(median), max: round(sorted.at(-1) as number) };
}

/** The perturbation of a result in `norm`. */
export function normOfResult(r: SampleResult, norm: Norm): number {
  return norm === 'inf' ? r.linf : norm === '2' ? r.l2 : r.l1;
}

/** What {@link curvePoint} needs besides the results. */
export interface PointOptions {
  /** ε of the point; null: the run's own successes (no budget beyond the run's). */
  readonly eps: number | null;
  readonly norm: Norm;
  readonly classes: number;
  readonly wallTimeSeconds: number;
  /** Float32 rounding allowance of sample `index`'s norm (see roundingSlack in norms.ts). */
  readonly slack?: (index: number) => number;
}

/** The attack met its goal on `r` (whatever the perturbation). */
function goalMet(r: SampleResult): boolean {
  return r.target === undefined ? r.adv_pred !== r.label : r.adv_pred === r.target;
}

/**
 * One curve point.
 *
 * @example
 * const point = curvePoint(run.results, { eps: 0.1, norm: 'inf', classes: 10, wallTimeSeconds: 1.2 });
 * point.success_rate; // 0.52
 */
export function curvePoint(results: readonly SampleResult[], o: PointOptions): CurvePoint {
  const within = (r: SampleResult): boolean => o.eps === null || normOfResult(r, o.norm) <= o.eps * (1 + 1e-5) + (o.slack?.(r.index) ?? 0);
  const success = (r: SampleResult): boolean => r.success && goalMet(r) && within(r);
  const eligible = results.filter((r) => r.clean_pred === r.label && (r.target === undefined || r.target !== r.label));
  const won = eligible.filter(success);
  const robust = results.filter((r) => r.clean_pred === r.label && !success(r)).length;
  const matrix = Array.from({ length: o.classes }, () => new Array<number>(o.classes).fill(0));
  for (const r of won) {
    const row = matrix[r.label];
    if (row !== undefined && r.adv_pred >= 0 && r.adv_pred < o.classes) row[r.adv_pred] = (row[r.adv_pred] as number) + 1;
  }
  const queries = results.map((r) => r.queries);
  return {
    eps: o.eps,
    samples: results.length,
    eligible: eligible.length,
    successes: won.length,
    success_rate: eligible.length === 0 ? null : round(won.length / eligible.length),
    success_rate_ci95: wilson(won.length, eligible.length),
    robust_accuracy: results.length === 0 ? 0 : round(robust / results.length),
    robust_accuracy_ci95: wilson(robust, results.length) ?? [0, 1],
    per_class: perClass(results, eligible, won, o.classes),
    success_matrix: matrix,
    perturbation: {
      norm: stats(won.map((r) => normOfResult(r, o.norm))),
      l0: stats(won.map((r) => r.l0)),
      l2: stats(won.map((r) => r.l2)),
      linf: stats(won.map((r) => r.linf)),
    },
    queries: { ...stats(queries), total: queries.reduce((a, b) => a + b, 0) },
    wall_time_seconds: round(o.wallTimeSeconds),
  };
}

function perClass(results: readonly SampleResult[], eligible: readonly SampleResult[], won: readonly SampleResult[], classes: number): ClassRate[] {
  return Array.from({ length: classes }, (_, c) => {
    const e = eligible.filter((r) => r.label === c).length;
    const s = won.filter((r) => r.label === c).length;
    return { class: c, samples: results.filter((r) => r.label === c).length, eligible: e, successes: s, success_rate: e === 0 ? null : round(s / e), ci95: wilson(s, e) };
  });
}
