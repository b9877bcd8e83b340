/**
 * @module redteam/results
 * What an attack run reports: one {@link SampleResult} per sample (the JSON Lines record
 * of `bulwark attack --out`, snake_case as written) and the {@link AttackSummary} over
 * them. Pure.
 */

/** One sample's outcome: a line of the `--out` JSON Lines file. */
export interface SampleResult {
  /** Position in the input file (0-based). */
  readonly index: number;
  /** The label attacked (given, or the clean prediction). */
  readonly label: number;
  /** The target class (targeted threat models only). */
  readonly target?: number;
  readonly clean_pred: number;
  readonly adv_pred: number;
  /** The goal is met (untargeted: adv_pred ≠ label; targeted: adv_pred = target) within the budget. */
  readonly success: boolean;
  /** Features changed. */
  readonly l0: number;
  readonly l1: number;
  readonly l2: number;
  readonly linf: number;
  /** Model evaluations of this sample by the attack (forward and gradient). */
  readonly queries: number;
  /** Of which gradient evaluations. */
  readonly gradient_queries: number;
}

/** Count, mean, median and max of a per-sample figure. */
export interface Distribution {
  readonly mean: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

/** The figures over all samples of a run. */
export interface AttackSummary {
  readonly samples: number;
  /** Share with clean_pred = label (1 when the labels are the predictions). */
  readonly clean_accuracy: number;
  /** Share of samples where the attack succeeded. */
  readonly success_rate: number;
  /** Samples the attack had to change: clean_pred = label (and label ≠ target when targeted). */
  readonly eligible: number;
  /** Success rate among the eligible samples (the usual "attack success rate"); null without any. */
  readonly success_rate_eligible: number | null;
  /** Share with adv_pred = label. */
  readonly robust_accuracy: number;
  /** Perturbation norms over the successful samples. */
  readonly l0: Distribution;
  readonly l2: Distribution;
  readonly linf: Distribution;
  readonly queries: Distribution & { readonly total: number };
  readonly gradient_queries: { readonly total: number };
}

function distribution(values: number[]): Distribution {
  if (values.length === 0) return { mean: null, median: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { mean: round(values.reduce((a, b) => a + b, 0) / values.length), median: round(median), max: round(sorted.at(-1) as number) };
}

/**
 * Seven significant digits: enough for any float32 input, short in JSON.
 *
 * @example
 * round(0.1000000014901161); // 0.1
 */
export function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(7)) : v;
}

/**
 * Summarises per-sample results.
 *
 * @example
 * summarize(results).success_rate; // 0.83
 */
export function summarize(results: readonly SampleResult[]): AttackSummary {
  const n = results.length;
  const share = (count: number): number => (n === 0 ? 0 : round(count / n));
  const eligible = results.filter((r) => r.clean_pred === r.label && (r.target === undefined || r.target !== r.label));
  const successes = results.filter((r) => r.success);
  const queries = results.map((r) => r.queries);
  return {
    samples: n,
    clean_accuracy: share(results.filter((r) => r.clean_pred === r.label).length),
    success_rate: share(successes.length),
    eligible: eligible.length,
    success_rate_eligible: eligible.length === 0 ? null : round(eligible.filter((r) => r.success).length / eligible.length),
    robust_accuracy: share(results.filter((r) => r.adv_pred === r.label).length),
    l0: distribution(successes.map((r) => r.l0)),
    l2: distribution(successes.map((r) => r.l2)),
    linf: distribution(successes.map((r) => r.linf)),
    queries: { ...distribution(queries), total: queries.reduce((a, b) => a + b, 0) },
    gradient_queries: { total: results.reduce((a, r) => a + r.gradient_queries, 0) },
  };
}
