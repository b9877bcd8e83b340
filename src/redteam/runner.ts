/**
 * @module redteam/runner
 * Runs one attack over a set of inputs: validates the threat model and refuses an attack
 * that does not cover it, checks that the clean inputs are feasible, predicts them (labels
 * default to these predictions), splits them into batches, gives each batch to the attack
 * through a counting oracle, verifies every adversarial example against the constraints,
 * and reports per-sample results and a summary that state the threat model tested.
 *
 * The runner's own clean and final predictions are not charged to the attack: `queries`
 * counts exactly the model evaluations the attack asked for.
 */
import assert from 'node:assert/strict';
import type { Model } from '../models/index.js';
import { createRng } from '../models/train/index.js';
import type { Rng } from '../models/train/index.js';
import type { Attack, AttackContext } from './attack.js';
import { ProjectionScratch, projectRows, resolveDomain } from './constraints.js';
import type { Budget, FeatureDomain } from './constraints.js';
import { REDTEAM_DEFAULTS } from './defaults.js';
import { redteamErrors } from './errors.js';
import { describeViolation, findViolations } from './feasibility.js';
import { normOf, perturbationNorms, rowNorm, roundingSlack, withinBudget } from './norms.js';
import { CountingOracle, decisionView, scoreView } from './oracle.js';
import type { GradientOracle } from './oracle.js';
import { findAttack } from './registry.js';
import { round, summarize } from './results.js';
import type { AttackSummary, SampleResult } from './results.js';
import { argmaxRows } from './scores.js';
import { coverageGap, parseThreatModel } from './threat-model.js';
import type { ThreatModel } from './threat-model.js';

/** What {@link runAttack} attacks, and how. */
export interface RunAttackOptions {
  readonly model: Model;
  /** A registered id (or alias), or an attack object. */
  readonly attack: string | Attack;
  /** Attack parameters (see the attack's schema); undefined values are ignored. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The threat model (validated; defaults: untargeted, white-box, L∞). */
  readonly threat?: unknown;
  /** Inputs, row-major, used as given: `shape[0]` samples, reshaped (never rescaled) to the model's input. */
  readonly x: Float32Array;
  readonly shape: readonly number[];
  /** One label per sample, or `predicted` (default): the model's clean predictions. */
  readonly labels?: Int32Array | 'predicted';
  /** Targeted only: one class for all samples, or one per sample (default: (label + 1) mod classes). */
  readonly targets?: Int32Array | number;
  /** Feature names (CSV header), for constraints that name features. */
  readonly featureNames?: readonly string[];
  readonly batchSize?: number;
  readonly seed?: number;
  /** Progress: called after each batch. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The outcome of a run. */
export interface AttackRun {
  readonly attack: { readonly id: string; readonly name: string; readonly params: Record<string, unknown> };
  readonly threatModel: ThreatModel;
  readonly labelSource: 'given' | 'predicted';
  readonly results: SampleResult[];
  /** Adversarial examples, same layout as the inputs. */
  readonly adversarial: Float32Array;
  readonly summary: AttackSummary;
}

/** Everything fixed before the first batch. */
interface Plan {
  readonly o: RunAttackOptions;
  readonly attack: Attack;
  readonly threat: ThreatModel;
  readonly params: Record<string, unknown>;
  readonly samples: number;
  readonly sampleShape: number[];
  readonly features: number;
  readonly domain: FeatureDomain;
  readonly budget: Budget | undefined;
  readonly classes: number;
  readonly cleanPred: Int32Array;
  readonly labels: Int32Array;
  readonly targets: Int32Array | undefined;
}

/**
 * Runs `attack` on every sample.
 *
 * @example
 * const run = await runAttack({ model, attack: 'pgd', params: { steps: 40, stepSize: 0.01 },
 *   threat: { norm: 'inf', eps: 0.1, clip: [0, 1] }, x, shape: [1000, 64] });
 * run.summary.success_rate; // e.g. 0.97
 */
export async function runAttack(o: RunAttackOptions): Promise<AttackRun> {
  const plan = await makePlan(o);
  const adversarial = Float32Array.from(o.x);
  const results: SampleResult[] = [];
  const size = Math.max(1, Math.floor(o.batchSize ?? REDTEAM_DEFAULTS.batchSize));
  for (let start = 0; start < plan.samples; start += size) {
    const rows = Math.min(size, plan.samples - start);
    results.push(...(await runBatch(plan, start, rows, adversarial)));
    o.onProgress?.(start + rows, plan.samples);
  }
  return {
    attack: { id: plan.attack.id, name: plan.attack.name, params: plan.params },
    threatModel: plan.threat,
    labelSource: o.labels === undefined || o.labels === 'predicted' ? 'predicted' : 'given',
    results,
    adversarial,
    summary: summarize(results),
  };
}

/** An attack with its threat model and parameters, validated against each other. */
export interface CheckedAttack {
  readonly attack: Attack;
  readonly threat: ThreatModel;
  readonly params: Record<string, unknown>;
}

/**
 * Validates an attack choice before any data is read: the attack exists, the threat model
 * is valid and covered by the attack, and the parameters fit. Throws RTM_ERR_UNKNOWN_ATTACK,
 * RTM_ERR_THREAT_MODEL, RTM_ERR_OUTSIDE_THREAT_MODEL or RTM_ERR_BAD_PARAMETER.
 *
 * @example
 * checkAttack({ attack: 'pgd', threat: { norm: '1', eps: 1 } }); // throws: norm L1 is not covered (covers: L∞, L2)
 */
export function checkAttack(o: { readonly attack: string | Attack; readonly threat?: unknown; readonly params?: Readonly<Record<string, unknown>> }): CheckedAttack {
  const attack = typeof o.attack === 'string' ? findAttack(o.attack) : o.attack;
  const threat = parseThreatModel(o.threat);
  const gap = coverageGap(attack.covers, threat);
  if (gap !== undefined) {
    throw redteamErrors.error('RTM_ERR_OUTSIDE_THREAT_MODEL', `${attack.id} does not cover this threat model: ${gap}`, { attack: attack.id, covers: attack.covers, threatModel: threat });
  }
  return { attack, threat, params: attack.parseParams(o.params ?? {}, threat) };
}

async function makePlan(o: RunAttackOptions): Promise<Plan> {
  const { attack, threat, params } = checkAttack(o);
  if (attack.covers.knowledge === 'white-box' && (!o.model.differentiable || o.model.lossGradient === undefined)) {
    throw redteamErrors.error('RTM_ERR_NEEDS_GRADIENTS', `${attack.id} is a white-box attack and this model provides no gradients`, { attack: attack.id });
  }
  const { samples, sampleShape, features } = layout(o);
  const domain = resolveDomain({ features, clip: threat.clip, constraints: threat.constraints, ...(o.featureNames === undefined ? {} : { names: o.featureNames }) });
  checkFeasible(o, samples, domain);
  const { pred: cleanPred, classes } = await predictAll(o.model, o.x, samples, sampleShape, o.batchSize);
  const labels = resolveLabels(o.labels, samples, classes, cleanPred);
  const targets = threat.goal === 'targeted' ? resolveTargets(o.targets, labels, classes) : undefined;
  const cost = attack.queryCost(params, threat, classes);
  if (cost !== undefined && threat.maxQueries !== undefined && cost > threat.maxQueries) {
    throw redteamErrors.error('RTM_ERR_QUERY_BUDGET', `${attack.id} needs ${cost} queries per sample with these parameters; the budget is ${threat.maxQueries}`, { attack: attack.id, needed: cost, maxQueries: threat.maxQueries });
  }
  const budget = attack.covers.budget === 'fixed' && threat.eps !== undefined ? { norm: threat.norm, eps: threat.eps } : undefined;
  return { o, attack, threat, params, samples, sampleShape, features, domain, budget, classes, cleanPred, labels, targets };
}

/** Samples, the per-sample shape the model takes, and features per sample. */
function layout(o: RunAttackOptions): { samples: number; sampleShape: number[]; features: number } {
  const samples = o.shape[0] ?? 0;
  const given = o.shape.slice(1);
  const perSample = given.reduce((a, b) => a * b, 1);
  if (!(samples > 0) || o.x.length !== samples * perSample) {
    throw redteamErrors.error('RTM_ERR_INPUT', `inputs: ${o.x.length} values do not make ${samples} samples of shape [${given.join(', ')}]`, { shape: [...o.shape] });
  }
  const spec = o.model.signature.inputs[0]?.shape.slice(1) ?? [];
  const fixed = spec.length > 0 && spec.every((d) => d > 0);
  const sampleShape = fixed ? spec : given;
  const features = sampleShape.reduce((a, b) => a * b, 1);
  if (features !== perSample) {
    throw redteamErrors.error('RTM_ERR_INPUT', `inputs: a sample of shape [${given.join(', ')}] has ${perSample} values; the model takes [${spec.join(', ')}] (${features} values)`, { given, model: spec });
  }
  return { samples, sampleShape, features };
}

function checkFeasible(o: RunAttackOptions, samples: number, domain: FeatureDomain): void {
  const bad = o.x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw redteamErrors.error('RTM_ERR_INPUT', `inputs: sample ${Math.floor(bad / domain.features)}, feature ${bad % domain.features} is ${o.x[bad]}`, { sample: Math.floor(bad / domain.features) });
  }
  const [first] = findViolations(o.x, samples, domain, undefined, 1);
  if (first !== undefined) {
    throw redteamErrors.error('RTM_ERR_INFEASIBLE_INPUT', `clean input ${describeViolation(first, o.featureNames, domain)}`, { sample: first.row, feature: first.feature, rule: first.rule, value: first.value });
  }
}

async function predictAll(model: Model, x: Float32Array, samples: number, sampleShape: number[], batchSize: number = REDTEAM_DEFAULTS.batchSize): Promise<{ pred: Int32Array; classes: number }> {
  const features = sampleShape.reduce((a, b) => a * b, 1);
  const pred = new Int32Array(samples);
  let classes = 0;
  for (let start = 0; start < samples; start += batchSize) {
    const rows = Math.min(batchSize, samples - start);
    const out = await model.predict(x.subarray(start * features, (start + rows) * features), [rows, ...sampleShape]);
    classes = out.shape.at(-1) ?? 0;
    if (!(classes >= 2) || out.data.length !== rows * classes) {
      throw redteamErrors.error('RTM_ERR_INPUT', `the model output has shape [${out.shape.join(', ')}]; attacks need class scores [batch, classes ≥ 2]`, { shape: out.shape });
    }
    pred.set(argmaxRows(out.data, rows, classes), start);
  }
  return { pred, classes };
}

function checkClasses(values: Int32Array, classes: number, what: string): void {
  const bad = values.findIndex((v) => !(v >= 0 && v < classes));
  if (bad >= 0) throw redteamErrors.error('RTM_ERR_LABELS', `${what} ${values[bad]} of sample ${bad} is outside [0, ${classes})`, { sample: bad, value: values[bad], classes });
}

function resolveLabels(given: Int32Array | 'predicted' | undefined, samples: number, classes: number, cleanPred: Int32Array): Int32Array {
  if (given === undefined || given === 'predicted') return cleanPred;
  if (given.length !== samples) throw redteamErrors.error('RTM_ERR_LABELS', `${given.length} labels for ${samples} samples`, { labels: given.length, samples });
  checkClasses(given, classes, 'label');
  return given;
}

function resolveTargets(given: Int32Array | number | undefined, labels: Int32Array, classes: number): Int32Array {
  const targets = given === undefined ? labels.map((y) => (y + 1) % classes) : typeof given === 'number' ? new Int32Array(labels.length).fill(given) : given;
  if (targets.length !== labels.length) throw redteamErrors.error('RTM_ERR_LABELS', `${targets.length} targets for ${labels.length} samples`, { targets: targets.length, samples: labels.length });
  checkClasses(targets, classes, 'target class');
  return targets;
}

/** A stream per sample that depends only on the seed and the sample's index. */
function sampleRng(seed: number, index: number): Rng {
  return createRng((Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(seed | 0, 0x85ebca6b)) >>> 0);
}

function makeContext(plan: Plan, start: number, rows: number, oracle: CountingOracle): AttackContext<Record<string, unknown>, GradientOracle> {
  const { features, domain, budget } = plan;
  const x0 = plan.o.x.slice(start * features, (start + rows) * features);
  const indices = Int32Array.from({ length: rows }, (_, r) => start + r);
  const scratch = new ProjectionScratch(features);
  const streams = new Map<number, Rng>();
  const knowledge = plan.attack.covers.knowledge;
  const view = knowledge === 'white-box' ? oracle : knowledge === 'score-based' ? scoreView(oracle) : decisionView(oracle);
  return {
    params: plan.params,
    threat: plan.threat,
    batch: { x0, rows, features, sampleShape: plan.sampleShape, indices },
    labels: plan.labels.subarray(start, start + rows),
    targets: plan.targets?.subarray(start, start + rows),
    oracle: view as GradientOracle,
    adv: Float32Array.from(x0),
    project: (x, map) => projectRows(x, x0, map === undefined ? x.length / features : map.length, domain, budget, map, scratch),
    rng: (row) => {
      let rng = streams.get(row);
      if (rng === undefined) streams.set(row, (rng = sampleRng(plan.o.seed ?? REDTEAM_DEFAULTS.seed, start + row)));
      return rng;
    },
  };
}

async function runBatch(plan: Plan, start: number, rows: number, adversarial: Float32Array): Promise<SampleResult[]> {
  const { features } = plan;
  const oracle = new CountingOracle({ model: plan.o.model, sampleShape: plan.sampleShape, rows, classes: plan.classes, attack: plan.attack.id, ...(plan.threat.maxQueries === undefined ? {} : { maxQueries: plan.threat.maxQueries }) });
  const ctx = makeContext(plan, start, rows, oracle);
  await plan.attack.run(ctx);
  const violations = findViolations(ctx.adv, rows, plan.domain, ctx.batch.x0, 1);
  assert.equal(violations.length, 0, `${plan.attack.id} returned an infeasible example: ${violations[0] === undefined ? '' : describeViolation(violations[0], plan.o.featureNames, plan.domain)}`);
  adversarial.set(ctx.adv, start * features);
  const out = await plan.o.model.predict(ctx.adv, [rows, ...plan.sampleShape]);
  const advPred = argmaxRows(out.data, rows, plan.classes);
  return Array.from({ length: rows }, (_, r) => sampleResult(plan, ctx, oracle, r, advPred[r] as number));
}

function sampleResult(plan: Plan, ctx: AttackContext<unknown>, oracle: CountingOracle, r: number, advPred: number): SampleResult {
  const { features, threat } = plan;
  const index = ctx.batch.indices[r] as number;
  const norms = perturbationNorms(ctx.adv, r * features, ctx.batch.x0, r * features, features);
  const slack = roundingSlack(rowNorm(ctx.batch.x0, r * features, features, 'inf'), features, threat.norm);
  const label = plan.labels[index] as number;
  const target = plan.targets?.[index];
  const goal = target === undefined ? advPred !== label : advPred === target;
  return {
    index,
    label,
    ...(target === undefined ? {} : { target }),
    clean_pred: plan.cleanPred[index] as number,
    adv_pred: advPred,
    success: goal && withinBudget(normOf(norms, threat.norm), threat.eps, slack),
    l0: norms.l0,
    l1: round(norms.l1),
    l2: round(norms.l2),
    linf: round(norms.linf),
    queries: oracle.ledger.queries[r] as number,
    gradient_queries: oracle.ledger.gradients[r] as number,
  };
}
