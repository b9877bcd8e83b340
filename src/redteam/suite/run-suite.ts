/**
 * @module redteam/suite/run-suite
 * Runs a suite: prepares every model (training the `train:` ones), reads its dataset,
 * measures clean accuracy, checks the registered version's data integrity against its
 * LKG, and runs each attack on it. A fixed-budget attack runs once per ε of its curve; a
 * minimal-perturbation attack runs once without a budget and every ε of its curve is read
 * from the perturbations it found (plus its unbounded result). Then the baseline (the
 * `--baseline` file, else each registered model's LKG report) and the gates, into one
 * {@link RedteamReport}. Models are opened one at a time and disposed after their attacks.
 */
import type { Model } from '../../models/index.js';
import type { Attack } from '../attack.js';
import { roundingSlack, rowNorm } from '../norms.js';
import { readReport, REPORT_FORMAT } from '../report/report-types.js';
import type { AttackReport, CurvePoint, IntegrityReport, ModelReport, RedteamReport } from '../report/report-types.js';
import { round } from '../results.js';
import { runAttack } from '../runner.js';
import type { AttackRun } from '../runner.js';
import { argmaxRows } from '../scores.js';
import { describeThreatModel, normLabel } from '../threat-model.js';
import type { ThreatModel } from '../threat-model.js';
import type { LoadedDataset } from './datasets.js';
import { loadDataset } from './datasets.js';
import { suiteErrors } from './errors.js';
import { evaluateGates } from './gates.js';
import { checkIntegrity } from './integrity.js';
import { curvePoint, wilson } from './metrics.js';
import { prepareModel } from './models.js';
import type { PreparedModel } from './models.js';
import type { SuiteDeps } from './ports.js';
import type { DatasetSpec, Suite, SuiteAttack } from './schema.js';

/** What identifies the run in the report. */
export interface RunSuiteOptions {
  /** The suite file as given, and the sha256 of its bytes. */
  readonly file: string;
  readonly sha256: string;
  readonly bulwarkVersion: string;
  /** A baseline report read from a file (`--baseline`); otherwise each model's LKG report. */
  readonly baseline?: { readonly report: unknown; readonly ref: string };
}

/** Clean predictions and labels of a dataset. */
interface Clean {
  readonly pred: Int32Array;
  readonly labels: Int32Array;
  readonly given: boolean;
  readonly classes: number;
}

async function predictClean(model: Model, data: LoadedDataset): Promise<Clean> {
  const n = data.shape[0] as number;
  const per = data.x.length / n;
  const sampleShape = model.signature.inputs[0]?.shape.slice(1).every((d) => d > 0) ? (model.signature.inputs[0]?.shape.slice(1) as number[]) : data.shape.slice(1);
  const pred = new Int32Array(n);
  let classes = 0;
  const batch = 1024;
  for (let start = 0; start < n; start += batch) {
    const rows = Math.min(batch, n - start);
    const out = await model.predict(data.x.subarray(start * per, (start + rows) * per), [rows, ...sampleShape]);
    classes = out.shape.at(-1) ?? 0;
    pred.set(argmaxRows(out.data, rows, classes), start);
  }
  return { pred, labels: data.labels ?? pred, given: data.labels !== undefined, classes };
}

/** The rounding allowance of each sample's perturbation norm, as the runner computes it. */
function slackOf(data: LoadedDataset, norm: ThreatModel['norm']): (index: number) => number {
  const n = data.shape[0] as number;
  const per = data.x.length / n;
  return (index) => roundingSlack(rowNorm(data.x, index * per, per, 'inf'), per, norm);
}

async function runOne(model: Model, data: LoadedDataset, clean: Clean, a: SuiteAttack, threat: ThreatModel, seed: number, monotonic: () => number): Promise<{ run: AttackRun; seconds: number }> {
  const n = Math.min(a.samples ?? (data.shape[0] as number), data.shape[0] as number);
  const per = data.x.length / (data.shape[0] as number);
  const started = monotonic();
  const run = await runAttack({
    model, attack: a.attack, params: a.params, threat, x: data.x.subarray(0, n * per), shape: [n, ...data.shape.slice(1)],
    labels: clean.given ? clean.labels.subarray(0, n) : 'predicted', seed,
    ...(data.names === undefined ? {} : { featureNames: data.names }), ...(a.batchSize === undefined ? {} : { batchSize: a.batchSize }),
  });
  return { run, seconds: (monotonic() - started) / 1000 };
}

async function attackModel(model: Model, data: LoadedDataset, clean: Clean, a: SuiteAttack, suite: Suite, deps: SuiteDeps, modelId: string): Promise<AttackReport> {
  const t0 = deps.monotonic();
  const points: CurvePoint[] = [];
  const slack = slackOf(data, a.threat.norm);
  const base = { norm: a.threat.norm, classes: clean.classes, slack };
  const label = (eps: number | null): string => `${modelId}/${a.id}${eps === null ? '' : ` ${normLabel(a.threat.norm)} ε=${eps}`}`;
  if (a.attack.covers.budget === 'fixed') {
    for (const eps of a.curve) {
      const { run, seconds } = await runOne(model, data, clean, a, { ...a.threat, eps }, suite.seed, () => deps.monotonic());
      const point = curvePoint(run.results, { ...base, eps, wallTimeSeconds: seconds });
      points.push(point);
      deps.log(progress(label(eps), point, seconds));
    }
  } else {
    const { eps: _gated, ...unbounded } = a.threat;
    const { run, seconds } = await runOne(model, data, clean, a, unbounded as ThreatModel, suite.seed, () => deps.monotonic());
    for (const eps of [...a.curve, null]) points.push(curvePoint(run.results, { ...base, eps, wallTimeSeconds: seconds }));
    deps.log(progress(label(a.threat.eps ?? null), points.find((p) => p.eps === (a.threat.eps ?? null)) as CurvePoint, seconds));
  }
  return {
    id: a.id,
    attack: describeAttack(a.attack),
    params: a.params,
    threat_model: a.threat,
    threat_model_text: describeThreatModel(a.threat),
    gate_eps: a.threat.eps ?? null,
    points,
    wall_time_seconds: round((deps.monotonic() - t0) / 1000),
  };
}

function describeAttack(a: Attack): AttackReport['attack'] {
  return { id: a.id, name: a.name, knowledge: a.covers.knowledge, budget: a.covers.budget, references: a.references };
}

function progress(what: string, p: CurvePoint, seconds: number): string {
  const rate = p.success_rate === null ? 'n/a' : `${(100 * p.success_rate).toFixed(1)}%`;
  return `${what}: success ${rate} of ${p.eligible}, robust accuracy ${(100 * p.robust_accuracy).toFixed(1)}%, median queries ${p.queries.median ?? 'n/a'}, ${seconds.toFixed(1)} s`;
}

async function integrityOf(id: string, suite: Suite, deps: SuiteDeps): Promise<IntegrityReport> {
  const binding = suite.models[id]?.registry;
  if (binding === undefined) return { checked: false, violations: 0, lkg_version: null, findings: [], note: 'the model names no registry version' };
  if (deps.registry === undefined) return { checked: false, violations: 0, lkg_version: null, findings: [], note: deps.registryNote ?? 'no registry' };
  return checkIntegrity(await deps.registry.manifests(binding.model, binding.version), suite.integrity.rowTolerance);
}

async function evaluateModel(id: string, suite: Suite, deps: SuiteDeps, prepared: PreparedModel, all: ReadonlyMap<string, PreparedModel>): Promise<ModelReport> {
  const spec = suite.models[id];
  if (spec === undefined) throw new Error(`unknown model ${id}`);
  const data = await loadDataset(spec.dataset, suite.datasets[spec.dataset] as DatasetSpec, deps, all);
  const attacks = suite.attacks.filter((a) => a.models.includes(id));
  const model = await deps.models.open(prepared.source, { differentiable: attacks.some((a) => a.attack.covers.knowledge === 'white-box') });
  try {
    const clean = await predictClean(model, data);
    const n = data.shape[0] as number;
    let correct = 0;
    for (let i = 0; i < n; i++) if (clean.pred[i] === clean.labels[i]) correct++;
    deps.log(`${id}: clean accuracy ${(100 * correct / n).toFixed(1)}% on ${n} samples of ${data.source}`);
    const integrity = await integrityOf(id, suite, deps);
    const reports: AttackReport[] = [];
    for (const a of attacks) reports.push(await attackModel(model, data, clean, a, suite, deps, id));
    return {
      id,
      source: prepared.report,
      registry: spec.registry ?? null,
      dataset: { id: spec.dataset, source: data.source, samples: n, features: data.x.length / n, classes: clean.classes, labels: clean.given ? 'given' : 'predicted' },
      clean: { accuracy: round(correct / n), correct, samples: n, ci95: wilson(correct, n) ?? [0, 1] },
      integrity,
      attacks: reports,
    };
  } finally {
    model.dispose();
  }
}

/** The baseline: the given file, else the LKG reports of the registered models, merged. */
async function resolveBaseline(suite: Suite, deps: SuiteDeps, o: RunSuiteOptions): Promise<{ report: RedteamReport | undefined; info: RedteamReport['baseline'] }> {
  if (o.baseline !== undefined) {
    const report = readReport(o.baseline.report, o.baseline.ref);
    return { report, info: { source: 'file', ref: o.baseline.ref, generated_at: report.generated_at } };
  }
  if (deps.registry === undefined) return { report: undefined, info: null };
  const models: ModelReport[] = [];
  const refs: string[] = [];
  let generated: string | null = null;
  for (const [id, spec] of Object.entries(suite.models)) {
    if (spec.registry === undefined) continue;
    const found = await deps.registry.lkgReport(spec.registry.model);
    if (found === undefined) continue;
    const report = readReport(found.report, `the report of ${spec.registry.model} ${found.version} (LKG) sha256:${found.digest}`);
    const entry = report.models.find((m) => m.id === id) ?? report.models.find((m) => m.registry?.model === spec.registry?.model);
    if (entry === undefined) continue;
    models.push({ ...entry, id });
    refs.push(`${spec.registry.model} ${found.version} sha256:${found.digest.slice(0, 12)}`);
    generated = report.generated_at;
  }
  if (models.length === 0) return { report: undefined, info: null };
  const merged = { format: REPORT_FORMAT, generated_at: generated ?? '', models } as unknown as RedteamReport;
  return { report: merged, info: { source: 'registry', ref: refs.join(', '), generated_at: generated } };
}

/**
 * Runs `suite` and returns its report (nothing is written here: see report/write-reports.ts).
 *
 * @example
 * const report = await runSuite(parseSuite(doc, 'suite.yaml'), deps, { file: 'suite.yaml', sha256, bulwarkVersion: '0.1.0' });
 * report.passed; // false when a gate failed
 */
export async function runSuite(suite: Suite, deps: SuiteDeps, o: RunSuiteOptions): Promise<RedteamReport> {
  const t0 = deps.monotonic();
  if (Object.keys(suite.models).length === 0) throw suiteErrors.error('RTM_ERR_SUITE_INVALID', `${o.file}: models: the suite has no models`, { file: o.file, path: 'models' });
  const baseline = await resolveBaseline(suite, deps, o);
  const prepared = new Map<string, PreparedModel>();
  for (const [id, spec] of Object.entries(suite.models)) prepared.set(id, await prepareModel(id, spec, deps));
  const models: ModelReport[] = [];
  for (const id of Object.keys(suite.models)) models.push(await evaluateModel(id, suite, deps, prepared.get(id) as PreparedModel, prepared));
  const gates = evaluateGates(suite.gates, models, baseline.report);
  const failed = gates.filter((g) => g.status === 'failed').length;
  const skipped = gates.filter((g) => g.status === 'skipped').length;
  return {
    format: REPORT_FORMAT,
    suite: { name: suite.name, file: o.file, sha256: o.sha256 },
    generated_at: new Date(deps.clock.now()).toISOString(),
    bulwark_version: o.bulwarkVersion,
    seed: suite.seed,
    wall_time_seconds: round((deps.monotonic() - t0) / 1000),
    baseline: baseline.info,
    models,
    gates,
    summary: { gates: gates.length, passed: gates.length - failed - skipped, failed, skipped },
    passed: failed === 0,
  };
}
