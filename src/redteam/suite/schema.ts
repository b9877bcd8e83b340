/**
 * @module redteam/suite/schema
 * The suite file of `bulwark redteam run` (docs/redteam.md, "Suite file"): models (an
 * artifact, a remote endpoint, or one trained within the run), datasets (a file, or a
 * trained model's hold-out rows) with their clip range and feature constraints, attacks
 * with their threat model, budgets and security-curve points, gates, and the integrity
 * tolerance. {@link parseSuite} validates the shape with zod and then the references
 * between the parts and every attack against its threat model, and reports every problem
 * with its path (`attacks[2].threat.eps: …`). Pure.
 */
import { z } from 'zod';
import { constraintsSchema } from '../constraints.js';
import { checkAttack } from '../runner.js';
import { findAttack } from '../registry.js';
import type { Attack } from '../attack.js';
import type { ThreatModel } from '../threat-model.js';
import { formatIssues } from '../zod-issues.js';
import { SUITE_DEFAULTS } from './defaults.js';
import { suiteErrors } from './errors.js';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1–64 of A–Z a–z 0–9 . _ -, starting with a letter or digit');
const count = z.number().int().positive();
const scale = z.union([z.number().positive().finite(), z.string().regex(/^\s*[0-9.eE+-]+\s*\/\s*[0-9.eE+-]+\s*$/, 'expected a number or a fraction such as 1/16')]);

const tabularTrain = z
  .object({
    task: z.literal('tabular'),
    csv: z.string().min(1).describe('CSV with a header'),
    target: z.string().min(1).describe('the 0/1 label column'),
    exclude: z.array(z.string()).default([]),
    epochs: count.optional(),
    hidden: z.number().int().min(0).max(4096).optional(),
    seed: z.number().int().min(0).optional(),
    testFraction: z.number().gt(0).lt(1).optional(),
    classWeight: z.enum(['none', 'balanced']).optional(),
  })
  .strict();

const digitsTrain = z
  .object({
    task: z.literal('digits'),
    train: z.string().min(1).default(SUITE_DEFAULTS.digitsTrain),
    test: z.string().min(1).default(SUITE_DEFAULTS.digitsTest),
    epochs: count.optional(),
    hidden: z.number().int().min(0).max(4096).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();

const modelSchema = z
  .object({
    artifact: z.string().min(1).optional().describe('.onnx or TF.js model.json'),
    url: z.string().min(1).optional().describe('an Open Inference Protocol v2 endpoint: black-box attacks only'),
    apiKeyEnv: z.string().min(1).optional().describe('environment variable holding the API key of `url` (default BULWARK_API_KEY)'),
    timeoutMs: count.optional(),
    outputKind: z.enum(['logits', 'probabilities', 'log-probabilities']).optional(),
    train: z.discriminatedUnion('task', [tabularTrain, digitsTrain]).optional().describe('trained within the run when no artifact or url is given'),
    registry: z.object({ model: z.string().min(1), version: z.string().min(1) }).strict().optional(),
    dataset: id,
  })
  .strict();

const datasetSchema = z
  .object({
    path: z.string().min(1).optional(),
    holdoutOf: id.optional().describe('a tabular model trained in this run: its stratified hold-out rows'),
    labelColumn: z.string().optional(),
    exclude: z.array(z.string()).default([]),
    scale: scale.optional(),
    samples: count.optional().describe('the first N samples'),
    clip: z.tuple([z.number().finite(), z.number().finite()]).optional(),
    constraints: constraintsSchema.optional(),
  })
  .strict();

const attackSchema = z
  .object({
    id,
    attack: z.string().min(1),
    model: id.optional(),
    models: z.array(id).min(1).optional(),
    threat: z.record(z.string(), z.unknown()).default({}),
    curve: z.array(z.number().positive().finite()).optional().describe('more ε points for the security curve'),
    params: z.record(z.string(), z.unknown()).default({}),
    samples: count.optional(),
    batchSize: count.optional(),
  })
  .strict();

/** Metrics a gate can read; `clean_accuracy` and `data_integrity_violations` are per model. */
export const GATE_METRICS = ['success_rate', 'robust_accuracy', 'clean_accuracy', 'data_integrity_violations', 'median_perturbation', 'mean_perturbation', 'mean_queries', 'median_queries', 'max_queries'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];
/** Metrics of a model rather than of an attack. */
export const MODEL_METRICS: readonly GateMetric[] = ['clean_accuracy', 'data_integrity_violations'];

const gateSchema = z
  .object({
    id: id.optional(),
    model: id.optional(),
    attack: id.optional(),
    eps: z.number().positive().finite().optional(),
    metric: z.enum(GATE_METRICS),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    maxIncrease: z.number().min(0).finite().optional().describe('regression: at most this much above the baseline'),
    maxDecrease: z.number().min(0).finite().optional().describe('regression: at most this much below the baseline'),
  })
  .strict()
  .refine((g) => [g.min, g.max, g.maxIncrease, g.maxDecrease].some((v) => v !== undefined), { message: 'give min, max, maxIncrease or maxDecrease' });

const suiteSchema = z
  .object({
    name: z.string().min(1).default('redteam'),
    seed: z.number().int().min(0).default(0),
    models: z.record(id, modelSchema),
    datasets: z.record(id, datasetSchema),
    attacks: z.array(attackSchema).min(1),
    gates: z.array(gateSchema).default([]),
    integrity: z.object({ rowTolerance: z.number().min(0).default(SUITE_DEFAULTS.rowTolerance) }).strict().default({ rowTolerance: SUITE_DEFAULTS.rowTolerance }),
  })
  .strict();

export type ModelSpec = z.output<typeof modelSchema>;
export type DatasetSpec = z.output<typeof datasetSchema>;
export type TrainSpec = NonNullable<ModelSpec['train']>;
export type GateSpec = z.output<typeof gateSchema>;

/** One attack of the suite, checked: the registered attack, its threat model and parameters, the models it runs on. */
export interface SuiteAttack {
  readonly id: string;
  readonly attack: Attack;
  readonly threat: ThreatModel;
  readonly params: Record<string, unknown>;
  readonly models: readonly string[];
  /** ε points of the curve (sorted, without duplicates), the threat model's ε included. */
  readonly curve: readonly number[];
  readonly samples?: number;
  readonly batchSize?: number;
  /** Where it was declared (`attacks[3]`), for messages. */
  readonly path: string;
}

/** A validated suite. */
export interface Suite {
  readonly name: string;
  readonly seed: number;
  readonly models: Readonly<Record<string, ModelSpec>>;
  readonly datasets: Readonly<Record<string, DatasetSpec>>;
  readonly attacks: readonly SuiteAttack[];
  readonly gates: readonly GateSpec[];
  readonly integrity: { readonly rowTolerance: number };
}

type Raw = z.output<typeof suiteSchema>;

/**
 * Validates a parsed suite document (`value`, from YAML or JSON). Throws
 * RTM_ERR_SUITE_INVALID naming `file` and the path of the first problem; all problems are
 * in `details.problems`.
 *
 * @example
 * const suite = parseSuite(parseYaml(text), 'examples/redteam/suite.yaml');
 */
export function parseSuite(value: unknown, file: string): Suite {
  const parsed = suiteSchema.safeParse(value ?? {});
  if (!parsed.success) fail(file, formatIssues(parsed.error.issues));
  const raw = (parsed as { data: Raw }).data;
  const problems: string[] = [];
  checkModels(raw, problems);
  const attacks = raw.attacks.map((a, i) => checkAttackEntry(raw, a, i, problems)).filter((a): a is SuiteAttack => a !== undefined);
  const ids = new Set<string>();
  raw.attacks.forEach((a, i) => {
    if (ids.has(a.id)) problems.push(`attacks[${i}].id: "${a.id}" is used twice`);
    ids.add(a.id);
  });
  raw.gates.forEach((g, i) => checkGate(raw, attacks, g, i, problems));
  if (problems.length > 0) fail(file, problems);
  return { name: raw.name, seed: raw.seed, models: raw.models, datasets: raw.datasets, attacks, gates: raw.gates, integrity: raw.integrity };
}

function fail(file: string, problems: readonly string[]): never {
  throw suiteErrors.error('RTM_ERR_SUITE_INVALID', `${file}: ${problems[0] ?? 'invalid suite'}`, { file, path: (problems[0] ?? '').split(':')[0], ...(problems.length > 1 ? { problems: problems.map((p) => `${file}: ${p}`) } : {}) });
}

const names = (o: Readonly<Record<string, unknown>>): string => Object.keys(o).join(', ') || 'none';

function checkModels(raw: Raw, problems: string[]): void {
  for (const [name, m] of Object.entries(raw.models)) {
    const sources = [m.artifact, m.url, m.train].filter((s) => s !== undefined).length;
    if (sources !== 1) problems.push(`models.${name}: give exactly one of artifact, url, train (found ${sources})`);
    if (raw.datasets[m.dataset] === undefined) problems.push(`models.${name}.dataset: unknown dataset "${m.dataset}" (datasets: ${names(raw.datasets)})`);
  }
  for (const [name, d] of Object.entries(raw.datasets)) {
    if ((d.path === undefined) === (d.holdoutOf === undefined)) problems.push(`datasets.${name}: give exactly one of path, holdoutOf`);
    if (d.holdoutOf === undefined) continue;
    const source = raw.models[d.holdoutOf];
    if (source === undefined) problems.push(`datasets.${name}.holdoutOf: unknown model "${d.holdoutOf}" (models: ${names(raw.models)})`);
    else if (source.train?.task !== 'tabular') problems.push(`datasets.${name}.holdoutOf: model "${d.holdoutOf}" is not trained by the suite as a tabular model (only those have a hold-out split)`);
  }
}

function checkAttackEntry(raw: Raw, a: Raw['attacks'][number], i: number, problems: string[]): SuiteAttack | undefined {
  const path = `attacks[${i}]`;
  const models = a.models ?? (a.model === undefined ? Object.keys(raw.models) : [a.model]);
  if (a.model !== undefined && a.models !== undefined) problems.push(`${path}: give model or models, not both`);
  const unknown = models.filter((m) => raw.models[m] === undefined);
  if (unknown.length > 0) {
    problems.push(`${path}.model${a.models === undefined ? '' : 's'}: unknown model "${unknown[0]}" (models: ${names(raw.models)})`);
    return undefined;
  }
  let attack: Attack;
  try {
    attack = findAttack(a.attack);
  } catch (err) {
    problems.push(`${path}.attack: ${(err as Error).message}`);
    return undefined;
  }
  // The domain of the first model's dataset (clip, constraints) is the threat model's default.
  const dataset = raw.datasets[(raw.models[models[0] as string] as ModelSpec).dataset];
  const threatInput = {
    knowledge: attack.covers.knowledge,
    ...(dataset?.clip === undefined ? {} : { clip: dataset.clip }),
    ...(dataset?.constraints === undefined ? {} : { constraints: dataset.constraints }),
    ...a.threat,
  };
  try {
    const checked = checkAttack({ attack, threat: threatInput, params: a.params });
    for (const m of models) {
      if (raw.models[m]?.url !== undefined && checked.threat.knowledge === 'white-box') {
        problems.push(`${path}: model "${m}" is a remote endpoint, which grants score-based knowledge at most; ${attack.id} needs white-box access`);
      }
    }
    const eps = checked.threat.eps;
    const curve = [...new Set([...(a.curve ?? []), ...(eps === undefined ? [] : [eps])])].sort((x, y) => x - y);
    return { id: a.id, attack, threat: checked.threat, params: checked.params, models, curve, path, ...(a.samples === undefined ? {} : { samples: a.samples }), ...(a.batchSize === undefined ? {} : { batchSize: a.batchSize }) };
  } catch (err) {
    const e = err as Error & { details?: { problems?: unknown } };
    const all = Array.isArray(e.details?.problems) ? (e.details.problems as string[]) : [e.message];
    for (const p of all) problems.push(`${path}: ${p.replace(/^threat model: /, 'threat.')}`);
    return undefined;
  }
}

function checkGate(raw: Raw, attacks: readonly SuiteAttack[], g: GateSpec, i: number, problems: string[]): void {
  const path = `gates[${i}]`;
  if (g.model !== undefined && raw.models[g.model] === undefined) problems.push(`${path}.model: unknown model "${g.model}" (models: ${names(raw.models)})`);
  const modelMetric = MODEL_METRICS.includes(g.metric);
  if (modelMetric && (g.attack !== undefined || g.eps !== undefined)) problems.push(`${path}: ${g.metric} is a property of the model; drop attack and eps`);
  if (g.attack === undefined) return;
  const attack = attacks.find((a) => a.id === g.attack);
  if (attack === undefined) {
    problems.push(`${path}.attack: unknown attack "${g.attack}" (attacks: ${raw.attacks.map((a) => a.id).join(', ')})`);
    return;
  }
  if (g.model !== undefined && !attack.models.includes(g.model)) problems.push(`${path}: attack "${g.attack}" does not run on model "${g.model}" (it runs on ${attack.models.join(', ')})`);
  if (g.eps !== undefined && attack.attack.covers.budget === 'fixed' && !attack.curve.includes(g.eps)) problems.push(`${path}.eps: ${g.eps} is not a point of attack "${g.attack}" (points: ${attack.curve.join(', ')})`);
}
