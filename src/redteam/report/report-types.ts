/**
 * @module redteam/report/report-types
 * The `report.json` of `bulwark redteam run` (format `bulwark.redteam-report/v1`,
 * documented field by field in docs/redteam.md, "report.json"): per model its source,
 * dataset, clean accuracy, integrity check, and per attack the threat model tested and one
 * point per ε of the security curve with success rates and their 95% Wilson intervals,
 * overall and per class, robust accuracy, perturbation sizes, queries and wall time; then
 * the gates and the verdict. JSON keys are snake_case, as in `bulwark attack` output.
 * {@link readReport} validates what a baseline must hold.
 */
import { z } from 'zod';
import { formatIssues } from '../zod-issues.js';
import { suiteErrors } from '../suite/errors.js';
import type { ThreatModel } from '../threat-model.js';

/** The format id every report carries. */
export const REPORT_FORMAT = 'bulwark.redteam-report/v1';

/** A 95% Wilson score interval, [low, high]. */
export type Interval = readonly [number, number];

/** Mean, median and max of a per-sample figure (null without samples). */
export interface Stats {
  readonly mean: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

/** One class's share of successful attacks. */
export interface ClassRate {
  readonly class: number;
  readonly samples: number;
  readonly eligible: number;
  readonly successes: number;
  readonly success_rate: number | null;
  readonly ci95: Interval | null;
}

/** One ε of an attack's security curve (ε null: no budget, the minimal attacks' own result). */
export interface CurvePoint {
  readonly eps: number | null;
  readonly samples: number;
  /** Samples the attack had to change: correctly classified (and not already the target). */
  readonly eligible: number;
  readonly successes: number;
  /** successes / eligible: the adversarial success rate. */
  readonly success_rate: number | null;
  readonly success_rate_ci95: Interval | null;
  /** Share of all samples classified correctly and not broken within ε. */
  readonly robust_accuracy: number;
  readonly robust_accuracy_ci95: Interval;
  readonly per_class: readonly ClassRate[];
  /** Successful samples by true class (rows) and adversarial class (columns). */
  readonly success_matrix: readonly (readonly number[])[];
  /** The threat model's norm of the successful perturbations, and L0/L2/L∞ for reference. */
  readonly perturbation: { readonly norm: Stats; readonly l0: Stats; readonly l2: Stats; readonly linf: Stats };
  readonly queries: Stats & { readonly total: number };
  readonly wall_time_seconds: number;
}

/** One attack on one model. */
export interface AttackReport {
  readonly id: string;
  readonly attack: { readonly id: string; readonly name: string; readonly knowledge: string; readonly budget: 'fixed' | 'minimal'; readonly references: readonly string[] };
  readonly params: Readonly<Record<string, unknown>>;
  readonly threat_model: ThreatModel;
  readonly threat_model_text: string;
  /** The ε gates and SLIs read (the threat model's; null: no budget). */
  readonly gate_eps: number | null;
  readonly points: readonly CurvePoint[];
  readonly wall_time_seconds: number;
}

/** One finding of the data-integrity check. */
export interface IntegrityFinding {
  readonly kind: 'manifest_missing' | 'file_removed' | 'file_changed' | 'rows_changed';
  readonly path?: string;
  readonly detail: string;
}

/** The provenance check of a registered version's dataset manifest against its LKG's. */
export interface IntegrityReport {
  readonly checked: boolean;
  readonly violations: number;
  readonly lkg_version: string | null;
  readonly findings: readonly IntegrityFinding[];
  readonly note?: string;
}

/** One model of the suite. */
export interface ModelReport {
  readonly id: string;
  readonly source: { readonly kind: 'file' | 'url' | 'trained'; readonly path?: string; readonly url?: string; readonly sha256?: string; readonly task?: string };
  readonly registry: { readonly model: string; readonly version: string } | null;
  readonly dataset: { readonly id: string; readonly source: string; readonly samples: number; readonly features: number; readonly classes: number; readonly labels: 'given' | 'predicted' };
  readonly clean: { readonly accuracy: number; readonly correct: number; readonly samples: number; readonly ci95: Interval };
  readonly integrity: IntegrityReport;
  readonly attacks: readonly AttackReport[];
}

/** One gate evaluated for one model (and attack). */
export interface GateResult {
  readonly id: string;
  readonly model: string;
  readonly attack: string | null;
  readonly eps: number | null;
  readonly metric: string;
  readonly rule: 'min' | 'max' | 'maxIncrease' | 'maxDecrease';
  readonly threshold: number;
  readonly value: number | null;
  readonly baseline: number | null;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly message: string;
}

/** The whole report. */
export interface RedteamReport {
  readonly format: typeof REPORT_FORMAT;
  readonly suite: { readonly name: string; readonly file: string; readonly sha256: string };
  readonly generated_at: string;
  readonly bulwark_version: string;
  readonly seed: number;
  readonly wall_time_seconds: number;
  readonly baseline: { readonly source: 'file' | 'registry'; readonly ref: string; readonly generated_at: string | null } | null;
  readonly models: readonly ModelReport[];
  readonly gates: readonly GateResult[];
  readonly summary: { readonly gates: number; readonly passed: number; readonly failed: number; readonly skipped: number };
  readonly passed: boolean;
}

const stats = z.object({ mean: z.number().nullable(), median: z.number().nullable(), max: z.number().nullable() }).passthrough();
const pointSchema = z
  .object({
    eps: z.number().nullable(),
    success_rate: z.number().nullable(),
    robust_accuracy: z.number(),
    perturbation: z.object({ norm: stats }).passthrough(),
    queries: stats,
  })
  .passthrough();
const baselineSchema = z
  .object({
    format: z.literal(REPORT_FORMAT),
    generated_at: z.string(),
    models: z.array(
      z
        .object({
          id: z.string(),
          registry: z.object({ model: z.string(), version: z.string() }).nullable(),
          clean: z.object({ accuracy: z.number() }).passthrough(),
          integrity: z.object({ violations: z.number() }).passthrough(),
          attacks: z.array(z.object({ id: z.string(), gate_eps: z.number().nullable(), points: z.array(pointSchema) }).passthrough()),
        })
        .passthrough(),
    ),
  })
  .passthrough();

/**
 * Validates a report read as a baseline (the fields gates compare). Throws
 * RTM_ERR_REPORT_BASELINE naming `source` and the first bad field.
 *
 * @example
 * const baseline = readReport(JSON.parse(text), 'previous/report.json');
 */
export function readReport(value: unknown, source: string): RedteamReport {
  const parsed = baselineSchema.safeParse(value);
  if (!parsed.success) {
    const problems = formatIssues(parsed.error.issues);
    throw suiteErrors.error('RTM_ERR_REPORT_BASELINE', `${source}: not a ${REPORT_FORMAT} report: ${problems[0] ?? 'invalid'}`, { source, ...(problems.length > 1 ? { problems } : {}) });
  }
  return parsed.data as unknown as RedteamReport;
}
