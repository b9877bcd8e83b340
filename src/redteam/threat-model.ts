/**
 * @module redteam/threat-model
 * The threat model an attack run tests: the attacker's goal (untargeted, targeted), what
 * they know (white-box gradients, score-based outputs, decision-only labels), the
 * perturbation norm and budget ε, the query budget per sample, the input domain (clip) and
 * the feature constraints. Validated with errors that name the bad field; every attack
 * declares which threat models it covers ({@link AttackCoverage}) and the runner refuses
 * one outside them. Pure.
 */
import { z } from 'zod';
import { constraintsSchema } from './constraints.js';
import type { ConstraintSpec } from './constraints.js';
import { redteamErrors } from './errors.js';
import { NORMS } from './norms.js';
import type { Norm } from './norms.js';
import { formatIssues } from './zod-issues.js';

/** What the attacker wants: any wrong class, or one chosen class. */
export const GOALS = ['untargeted', 'targeted'] as const;
export type Goal = (typeof GOALS)[number];

/** What the attacker can see, from most to least. */
export const KNOWLEDGE = ['white-box', 'score-based', 'decision-only'] as const;
export type Knowledge = (typeof KNOWLEDGE)[number];

/** A validated threat model. */
export interface ThreatModel {
  readonly goal: Goal;
  readonly knowledge: Knowledge;
  readonly norm: Norm;
  /** Perturbation budget in input units; absent = unbounded (minimal-perturbation attacks). */
  readonly eps?: number;
  /** Model queries allowed per sample (forward or gradient); absent = unlimited. */
  readonly maxQueries?: number;
  /** Every input feature stays within [min, max]. */
  readonly clip?: readonly [number, number];
  readonly constraints?: ConstraintSpec;
}

/** What an attack covers; the runner refuses threat models outside it. */
export interface AttackCoverage {
  /** The least knowledge the attack needs (a white-box attacker can run any attack). */
  readonly knowledge: Knowledge;
  readonly goals: readonly Goal[];
  readonly norms: readonly Norm[];
  /**
   * `fixed`: the attack spends a given budget ε (required) and never leaves the ε-ball;
   * `minimal`: it searches the smallest perturbation (ε optional: when given, a result
   * outside it does not count as a success).
   */
  readonly budget: 'fixed' | 'minimal';
}

const normSchema = z.preprocess((v) => {
  if (typeof v === 'number') return v === Number.POSITIVE_INFINITY ? 'inf' : String(v);
  if (typeof v === 'string' && ['linf', 'infinity', 'l_inf', 'max'].includes(v.toLowerCase())) return 'inf';
  if (typeof v === 'string' && /^l[12]$/i.test(v)) return v.slice(1);
  return v;
}, z.enum(NORMS, { error: () => 'expected inf, 2 or 1' }));

/** The threat model as users write it (YAML suites, the CLI). */
export const threatModelSchema = z
  .object({
    goal: z.enum(GOALS).default('untargeted'),
    knowledge: z.enum(KNOWLEDGE).default('white-box'),
    norm: normSchema.default('inf'),
    eps: z.number().positive().finite().optional().describe('perturbation budget in input units'),
    maxQueries: z.number().int().positive().optional().describe('model queries per sample'),
    clip: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([lo, hi]) => lo < hi, { message: 'min must be below max' })
      .optional(),
    constraints: constraintsSchema.optional(),
  })
  .strict();

/** The input of {@link parseThreatModel}: fields may be omitted (defaults: untargeted, white-box, inf). */
export type ThreatModelInput = z.input<typeof threatModelSchema>;

/**
 * Validates a threat model. Throws RTM_ERR_THREAT_MODEL naming each bad field (the first
 * in the message, all of them in `details.problems`).
 *
 * @example
 * parseThreatModel({ norm: 2, eps: 1.5, clip: [0, 1] }); // { goal: 'untargeted', knowledge: 'white-box', norm: '2', eps: 1.5, clip: [0, 1] }
 */
export function parseThreatModel(input: unknown): ThreatModel {
  const parsed = threatModelSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = formatIssues(parsed.error.issues);
    throw redteamErrors.error('RTM_ERR_THREAT_MODEL', `threat model: ${problems[0] ?? 'invalid'}`, problems.length > 1 ? { problems: problems.map((p) => `threat model: ${p}`) } : {});
  }
  const t = parsed.data;
  return Object.freeze({
    goal: t.goal,
    knowledge: t.knowledge,
    norm: t.norm,
    ...(t.eps === undefined ? {} : { eps: t.eps }),
    ...(t.maxQueries === undefined ? {} : { maxQueries: t.maxQueries }),
    ...(t.clip === undefined ? {} : { clip: Object.freeze([t.clip[0], t.clip[1]] as const) }),
    ...(t.constraints === undefined ? {} : { constraints: t.constraints }),
  });
}

const RANK: Readonly<Record<Knowledge, number>> = { 'white-box': 2, 'score-based': 1, 'decision-only': 0 };

/**
 * True when an attacker with knowledge `granted` can run an attack that needs `needed`.
 *
 * @example
 * grantsKnowledge('white-box', 'score-based'); // true
 * grantsKnowledge('decision-only', 'white-box'); // false
 */
export function grantsKnowledge(granted: Knowledge, needed: Knowledge): boolean {
  return RANK[granted] >= RANK[needed];
}

/**
 * Why `coverage` does not cover `threat`, or undefined when it does.
 *
 * @example
 * coverageGap({ knowledge: 'white-box', goals: ['untargeted'], norms: ['2'], budget: 'minimal' }, parseThreatModel({ goal: 'targeted' }));
 * // 'goal targeted is not covered (covers: untargeted)'
 */
export function coverageGap(coverage: AttackCoverage, threat: ThreatModel): string | undefined {
  if (!grantsKnowledge(threat.knowledge, coverage.knowledge)) return `it needs ${coverage.knowledge} access, the threat model grants ${threat.knowledge}`;
  if (!coverage.goals.includes(threat.goal)) return `goal ${threat.goal} is not covered (covers: ${coverage.goals.join(', ')})`;
  if (!coverage.norms.includes(threat.norm)) return `norm ${normLabel(threat.norm)} is not covered (covers: ${coverage.norms.map(normLabel).join(', ')})`;
  if (coverage.budget === 'fixed' && threat.eps === undefined) return 'it spends a fixed budget: give eps';
  return undefined;
}

/**
 * `L∞`, `L2` or `L1`.
 *
 * @example
 * normLabel('inf'); // 'L∞'
 */
export function normLabel(norm: Norm): string {
  return norm === 'inf' ? 'L∞' : `L${norm}`;
}

/**
 * One line describing a threat model, for reports.
 *
 * @example
 * describeThreatModel(parseThreatModel({ eps: 0.1, clip: [0, 1] })); // 'untargeted, white-box, L∞ ε=0.1, clip [0, 1]'
 */
export function describeThreatModel(t: ThreatModel): string {
  const parts = [t.goal, t.knowledge, `${normLabel(t.norm)} ${t.eps === undefined ? 'unbounded' : `ε=${t.eps}`}`];
  if (t.maxQueries !== undefined) parts.push(`≤ ${t.maxQueries} queries per sample`);
  if (t.clip !== undefined) parts.push(`clip [${t.clip[0]}, ${t.clip[1]}]`);
  const rules = (t.constraints?.features?.length ?? 0) + (t.constraints?.oneHot?.length ?? 0);
  if (rules > 0) parts.push(`${rules} feature constraint${rules === 1 ? '' : 's'}`);
  return parts.join(', ');
}
