/**
 * @module redteam/attack
 * The attack interface. An attack is a definition registered under a stable id: the
 * threat models it covers, a zod schema of its parameters (errors name the bad one), an
 * optional fixed query cost, and `run`, which turns one batch of originals into
 * adversarial examples using only the oracle its knowledge allows and the context's
 * projection. White-box attacks get a {@link GradientOracle}; black-box attacks declare
 * `score-based` or `decision-only` and get the narrower views, so they run on any
 * `Model` (docs/redteam.md, "Writing an attack").
 */
import type { z } from 'zod';
import type { Rng } from '../models/train/index.js';
import { redteamErrors } from './errors.js';
import type { DecisionOracle, GradientOracle, ScoreOracle } from './oracle.js';
import type { AttackCoverage, Knowledge, ThreatModel } from './threat-model.js';
import { formatIssues } from './zod-issues.js';

/** One batch of originals. */
export interface AttackBatch {
  /** Originals, `rows × features`, row-major. Never written. */
  readonly x0: Float32Array;
  readonly rows: number;
  /** Features per sample (the flattened sample size). */
  readonly features: number;
  /** One sample's shape as the model takes it (no batch dimension). */
  readonly sampleShape: readonly number[];
  /** Position of each batch row in the whole input. */
  readonly indices: Int32Array;
}

/** The oracle view an attack of knowledge `K` receives. */
export type OracleFor<K extends Knowledge> = K extends 'white-box' ? GradientOracle : K extends 'score-based' ? ScoreOracle : DecisionOracle;

/** Everything `run` works with. */
export interface AttackContext<P, O extends DecisionOracle = DecisionOracle> {
  readonly params: P;
  readonly threat: ThreatModel;
  readonly batch: AttackBatch;
  /** True labels per batch row (given, or the model's clean predictions). */
  readonly labels: Int32Array;
  /** Target class per batch row under a targeted threat model, else undefined. */
  readonly targets: Int32Array | undefined;
  readonly oracle: O;
  /** The output: starts as a copy of `x0`; the attack leaves its adversarial examples here. */
  readonly adv: Float32Array;
  /**
   * Projects rows of `x` in place onto the feasible set: the ε-ball (fixed-budget attacks
   * only), the clip range and the feature constraints. Row r of `x` is batch row
   * `rows[r]` (default r). Call it after every step.
   */
  project(x: Float32Array, rows?: Int32Array): void;
  /** A seeded stream for batch row `row`, the same for a sample whatever the batching. */
  rng(row: number): Rng;
}

/** A parameter as documented (from the schema's descriptions). */
export interface ParameterInfo {
  readonly name: string;
  readonly description: string;
}

/** What an attack module defines; see {@link defineAttack}. */
export interface AttackDefinition<S extends z.ZodObject, K extends Knowledge> {
  /** Stable id (`bulwark attack ID`). */
  readonly id: string;
  readonly name: string;
  /** One sentence for `--help` and the docs. */
  readonly summary: string;
  /** The papers it implements. */
  readonly references: readonly string[];
  readonly covers: AttackCoverage & { readonly knowledge: K };
  /** Strict object schema; every field optional or defaulted; `.describe()` documents it. */
  readonly params: S;
  /** Fills defaults that depend on the threat model (e.g. the step size from ε). */
  settle?(params: z.output<S>, threat: ThreatModel): z.output<S>;
  /** Queries per sample for attacks with a fixed schedule; checked against the budget before running. */
  queryCost?(params: z.output<S>, threat: ThreatModel, classes: number): number;
  run(ctx: AttackContext<z.output<S>, OracleFor<K>>): Promise<void>;
}

/** A registered attack with its parameter types erased (what the runner and the CLI hold). */
export interface Attack {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly references: readonly string[];
  readonly covers: AttackCoverage;
  readonly parameters: readonly ParameterInfo[];
  /** Validates raw parameters (undefined values are dropped); throws RTM_ERR_BAD_PARAMETER. */
  parseParams(raw: Readonly<Record<string, unknown>>, threat: ThreatModel): Record<string, unknown>;
  queryCost(params: Record<string, unknown>, threat: ThreatModel, classes: number): number | undefined;
  run(ctx: AttackContext<Record<string, unknown>, GradientOracle>): Promise<void>;
}

/**
 * Registers an attack definition: wraps its schema so that errors name the attack and the
 * parameter, and erases the parameter type for the registry.
 *
 * @example
 * export const fgsm = defineAttack({ id: 'fgsm', name: 'FGSM', summary: '…', references: [], covers, params: z.object({}).strict(), run: async (ctx) => { … } });
 */
export function defineAttack<S extends z.ZodObject, K extends Knowledge>(def: AttackDefinition<S, K>): Attack {
  const shape = def.params.shape as Record<string, z.ZodType>;
  return Object.freeze({
    id: def.id,
    name: def.name,
    summary: def.summary,
    references: def.references,
    covers: def.covers,
    parameters: Object.entries(shape).map(([name, field]) => ({ name, description: field.description ?? '' })),
    parseParams(raw: Readonly<Record<string, unknown>>, threat: ThreatModel): Record<string, unknown> {
      const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
      const parsed = def.params.safeParse(given);
      if (!parsed.success) {
        const problems = formatIssues(parsed.error.issues).map((p) => (p.includes('unknown field') ? `${p} (${def.id} takes: ${Object.keys(shape).join(', ') || 'no parameters'})` : p));
        throw redteamErrors.error('RTM_ERR_BAD_PARAMETER', `${def.id}: parameter ${problems[0] ?? 'invalid'}`, { attack: def.id, ...(problems.length > 1 ? { problems: problems.map((p) => `${def.id}: parameter ${p}`) } : {}) });
      }
      const params = parsed.data as z.output<S>;
      return (def.settle?.(params, threat) ?? params) as Record<string, unknown>;
    },
    queryCost: (params: Record<string, unknown>, threat: ThreatModel, classes: number) => def.queryCost?.(params as z.output<S>, threat, classes),
    run: (ctx: AttackContext<Record<string, unknown>, GradientOracle>) => def.run(ctx as unknown as AttackContext<z.output<S>, OracleFor<K>>),
  });
}

/**
 * −1 for a targeted threat model (descend the target's loss), +1 otherwise (ascend the label's).
 *
 * @example
 * const sign = lossDirection(ctx); // x += sign · α · sign(∇loss)
 */
export function lossDirection(ctx: AttackContext<unknown>): 1 | -1 {
  return ctx.targets === undefined ? 1 : -1;
}

/**
 * The classes whose loss the attack follows: the targets under a targeted threat model, else the labels.
 *
 * @example
 * const { grad } = await ctx.oracle.lossGradient(x, goalLabels(ctx));
 */
export function goalLabels(ctx: AttackContext<unknown>): Int32Array {
  return ctx.targets ?? ctx.labels;
}

/**
 * True when class `pred` meets the goal for batch row `row`.
 *
 * @example
 * if (goalMet(ctx, r, pred[r])) active[r] = 0;
 */
export function goalMet(ctx: AttackContext<unknown>, row: number, pred: number): boolean {
  return ctx.targets === undefined ? pred !== ctx.labels[row] : pred === ctx.targets[row];
}
