/**
 * @module cli/commands/attack
 * `bulwark attack NAME --model FILE --inputs FILE --out FILE.jsonl`: runs one registered
 * evasion attack against a model under a stated threat model and writes one JSON line per
 * sample (`index`, `label`, `clean_pred`, `adv_pred`, `success`, `l0`, `l1`, `l2`, `linf`,
 * `queries`, `gradient_queries`), a summary on stderr (or one JSON object on stdout with
 * --json), and optionally the adversarial examples as `.npy`. Inputs are used as given;
 * `--scale` is the only, explicit, change. See docs/redteam.md.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readStructuredFile, requireFile } from '../../app/files.js';
import { loadModel } from '../../models/index.js';
import { RemoteModel, isModelUrl } from '../../models/remote/index.js';
import { writeNpyFile } from '../../models/io/index.js';
import { ATTACKS, NORMS, checkAttack, describeThreatModel, findAttack, normLabel, readAttackInputs, readLabelsFile, redteamErrors, runAttack } from '../../redteam/index.js';
import type { AttackInputs, AttackRun, CheckedAttack, Norm } from '../../redteam/index.js';
import type { CliContext } from '../context.js';
import { printJson } from '../shared-options.js';

interface AttackCliOptions {
  model: string;
  inputs: string;
  out: string;
  labels?: string;
  labelColumn?: string;
  exclude: string[];
  scale?: number;
  eps?: number;
  norm?: Norm;
  knowledge: 'white-box' | 'score-based' | 'decision-only';
  steps?: number;
  stepSize?: number;
  randomInit?: number;
  maxQueries?: number;
  targeted?: boolean;
  targetClass?: number;
  clip?: [number, number];
  confidence?: number;
  basis?: string;
  constraints?: string;
  param: Record<string, unknown>;
  batchSize?: number;
  seed?: number;
  saveAdv?: string;
  apiKey?: string;
  timeoutMs?: number;
  json?: boolean;
}

const HELP = (): string => `
Attacks: ${ATTACKS.map((a) => `${a.id} (${a.covers.knowledge}; ${a.covers.goals.join('/')}; ${a.covers.norms.map(normLabel).join(', ')}; ${a.covers.budget} budget)`).join('; ')}.
A model URL (an Open Inference Protocol v2 endpoint) grants score-based knowledge at most: white-box attacks are refused.
The threat model is --targeted/--target-class, --knowledge, --norm (default: L∞ when the attack covers it, else its first norm), --eps,
--max-queries, --clip and --constraints FILE (JSON or YAML: {features: [{feature, immutable, integer, min, max, direction, values}], oneHot: [[...]]});
an attack outside it is refused. Labels: --labels FILE (.npy, IDX, .jsonl, .csv, .txt) or "predicted" (the model's clean predictions);
by default the labels the inputs carry (--label-column, JSONL "label"), else predicted. Targeted without --target-class: (label + 1) mod classes.
Other attack parameters: --param KEY=VALUE (e.g. --param binarySearchSteps=5 --param overshoot=0.05, or for simba --basis dct --param frequencyRatio=0.25).
Each line of --out: {"index":0,"label":7,"clean_pred":7,"adv_pred":3,"success":true,"l0":12,"l1":0.9,"l2":0.31,"linf":0.1,"queries":40,"gradient_queries":40}
("target" is added when targeted). "queries" counts the attack's model evaluations of that sample (forward and gradient).

Exit codes: 0 attack ran (whatever its success rate), 1 failure, 2 user error (unknown attack, attack outside the
threat model, bad parameter, unreadable inputs, infeasible clean input).
Docs: docs/redteam.md`;

const number = (flag: string, check: (n: number) => boolean, what: string) => (raw: string): number => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new InvalidArgumentError(`${flag} expects ${what}`);
  return n;
};
const positive = (flag: string) => number(flag, (n) => n > 0, 'a positive number');
const integer = (flag: string, min: number) => number(flag, (n) => Number.isInteger(n) && n >= min, `an integer ≥ ${min}`);

function parseScale(raw: string): number {
  const m = /^\s*([0-9.eE+-]+)\s*\/\s*([0-9.eE+-]+)\s*$/.exec(raw);
  const n = m === null ? Number(raw) : Number(m[1]) / Number(m[2]);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('--scale expects a positive number or a fraction such as 1/255');
  return n;
}

function parseClip(raw: string): [number, number] {
  const parts = raw.split(',').map((p) => p.trim());
  const [lo, hi] = parts.map(Number) as [number, number];
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) throw new InvalidArgumentError('--clip expects MIN,MAX with MIN < MAX (e.g. 0,1)');
  return [lo, hi];
}

function parseParam(raw: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('--param expects KEY=VALUE');
  const text = raw.slice(eq + 1).trim();
  const value = text === 'true' ? true : text === 'false' ? false : text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  return { ...previous, [raw.slice(0, eq).trim()]: value };
}

const columnList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((c) => c.trim()).filter((c) => c !== '')];

/** The threat model and parameters from the command line, validated before any file is read. */
async function checkCommandLine(ctx: CliContext, name: string, opts: AttackCliOptions): Promise<CheckedAttack> {
  const attack = findAttack(name);
  const constraints = opts.constraints === undefined ? undefined : (await readStructuredFile(resolve(ctx.cwd, opts.constraints), (m) => redteamErrors.error('RTM_ERR_CONSTRAINTS', m, { file: opts.constraints }))).value;
  const norm = opts.norm ?? (attack.covers.norms.includes('inf') ? 'inf' : attack.covers.norms[0]);
  const threat = {
    goal: opts.targeted === true || opts.targetClass !== undefined ? 'targeted' : 'untargeted',
    knowledge: opts.knowledge,
    norm,
    ...(opts.eps === undefined ? {} : { eps: opts.eps }),
    ...(opts.maxQueries === undefined ? {} : { maxQueries: opts.maxQueries }),
    ...(opts.clip === undefined ? {} : { clip: opts.clip }),
    ...(constraints === undefined ? {} : { constraints }),
  };
  const params = { steps: opts.steps, stepSize: opts.stepSize, randomInit: opts.randomInit, confidence: opts.confidence, basis: opts.basis, ...opts.param };
  return checkAttack({ attack, threat, params });
}

async function labelsFor(ctx: CliContext, opts: AttackCliOptions, inputs: AttackInputs): Promise<{ labels: Int32Array | 'predicted'; source: string }> {
  if (opts.labels === 'predicted') return { labels: 'predicted', source: 'predicted' };
  if (opts.labels !== undefined) {
    const path = resolve(ctx.cwd, opts.labels);
    await requireFile(path);
    return { labels: await readLabelsFile(path), source: opts.labels };
  }
  if (inputs.labels !== undefined) return { labels: inputs.labels, source: opts.labelColumn === undefined ? 'from the inputs file' : `column ${opts.labelColumn}` };
  return { labels: 'predicted', source: 'predicted' };
}

async function runAttackCommand(ctx: CliContext, name: string, opts: AttackCliOptions): Promise<void> {
  const started = performance.now();
  const remote = isModelUrl(opts.model);
  // A remote endpoint answers outputs, never gradients: it grants score-based knowledge at most,
  // so a white-box attack on it is refused by the threat-model check (RTM_ERR_OUTSIDE_THREAT_MODEL).
  if (remote && opts.knowledge === 'white-box') opts = { ...opts, knowledge: 'score-based' };
  const checked = await checkCommandLine(ctx, name, opts);
  const modelPath = remote ? opts.model : resolve(ctx.cwd, opts.model);
  const inputsPath = resolve(ctx.cwd, opts.inputs);
  if (!remote) await requireFile(modelPath);
  await requireFile(inputsPath);
  const inputs = await readAttackInputs(inputsPath, { exclude: opts.exclude, ...(opts.labelColumn === undefined ? {} : { labelColumn: opts.labelColumn }), ...(opts.scale === undefined ? {} : { scale: opts.scale }) });
  const { labels, source } = await labelsFor(ctx, opts, inputs);
  const apiKey = opts.apiKey ?? ctx.env['BULWARK_API_KEY'];
  const model = remote
    ? await RemoteModel.connect(modelPath, { ...(apiKey === undefined ? {} : { apiKey }), ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) })
    : await loadModel(modelPath, { differentiable: checked.attack.covers.knowledge === 'white-box' });
  let run: AttackRun;
  try {
    run = await runAttack({
      model, attack: checked.attack, params: checked.params, threat: checked.threat, x: inputs.x, shape: inputs.shape, labels,
      ...(opts.targetClass === undefined ? {} : { targets: opts.targetClass }),
      ...(inputs.names === undefined ? {} : { featureNames: inputs.names }),
      ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    });
  } finally {
    model.dispose();
  }
  const outPath = resolve(ctx.cwd, opts.out);
  await writeFile(outPath, run.results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (opts.saveAdv !== undefined) await writeNpyFile(resolve(ctx.cwd, opts.saveAdv), { dtype: 'float32', shape: inputs.shape, data: run.adversarial });
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    printJson(ctx, { attack: run.attack, threat_model: run.threatModel, labels: source, ...run.summary, seconds, out: outPath, ...(opts.saveAdv === undefined ? {} : { save_adv: resolve(ctx.cwd, opts.saveAdv) }) });
    return;
  }
  printSummary(ctx, run, source, seconds, opts);
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const fixed = (v: number | null): string => (v === null ? 'n/a' : Number(v.toPrecision(4)).toString());

function printSummary(ctx: CliContext, run: AttackRun, labels: string, seconds: number, opts: AttackCliOptions): void {
  const s = run.summary;
  ctx.io.err(`${run.attack.id} (${run.attack.name}) on ${s.samples} samples: ${describeThreatModel(run.threatModel)}`);
  ctx.io.err(`success ${pct(s.success_rate)} (${pct(s.success_rate_eligible)} of the ${s.eligible} correctly classified), robust accuracy ${pct(s.robust_accuracy)}, clean accuracy ${pct(s.clean_accuracy)} (labels: ${labels})`);
  ctx.io.err(`perturbation of successful samples: mean L2 ${fixed(s.l2.mean)}, mean L∞ ${fixed(s.linf.mean)}, mean L0 ${fixed(s.l0.mean)}`);
  ctx.io.err(`queries per sample: mean ${fixed(s.queries.mean)}, max ${fixed(s.queries.max)} (${s.gradient_queries.total} gradient queries in all); ${seconds.toFixed(2)} s`);
  ctx.io.err(`wrote ${opts.out} (${s.samples} lines)${opts.saveAdv === undefined ? '' : ` and ${opts.saveAdv}`}`);
}

/**
 * Registers `bulwark attack`.
 *
 * @example
 * register(new Command('bulwark'), ctx); // then: bulwark attack pgd --model m.onnx --inputs x.npy --eps 0.1 --clip 0,1 --out r.jsonl
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('attack')
    .description('Run one registered evasion attack against a model under a stated threat model: one JSON line per sample.')
    .argument('<name>', `attack id: ${ATTACKS.map((a) => a.id).join(', ')}`)
    .requiredOption('--model <file|url>', 'model: .onnx, TF.js model.json, or an Open Inference Protocol v2 endpoint http(s)://host:port/v2/models/NAME[/versions/V] (black-box attacks only)')
    .requiredOption('--inputs <file>', 'inputs: .npy, .csv, .jsonl or IDX (used as given)')
    .requiredOption('--out <file.jsonl>', 'per-sample results, one JSON object per line')
    .option('--labels <file|predicted>', 'labels file, or "predicted" for the model\'s clean predictions')
    .option('--label-column <name>', 'CSV: the column holding labels (not a feature)')
    .option('--exclude <columns>', 'CSV: comma-separated non-feature columns (e.g. ID); repeatable', columnList, [])
    .option('--scale <factor>', 'multiply every input by this (e.g. 1/255 for 8-bit pixels); default 1', parseScale)
    .option('--eps <n>', 'perturbation budget in input units (required by fixed-budget attacks)', positive('--eps'))
    .addOption(new Option('--norm <norm>', 'perturbation norm').choices([...NORMS]))
    .addOption(new Option('--knowledge <kind>', 'what the attacker may use').choices(['white-box', 'score-based', 'decision-only']).default('white-box'))
    .option('--steps <n>', 'iterations (iterative attacks)', integer('--steps', 1))
    .option('--step-size <n>', 'step per iteration in input units', positive('--step-size'))
    .option('--random-init <n>', 'PGD: 0 starts from the input (default), N > 0 runs N random restarts', integer('--random-init', 0))
    .option('--max-queries <n>', 'query budget per sample (forward and gradient)', integer('--max-queries', 1))
    .option('--targeted', 'targeted: adv_pred must equal the target class')
    .option('--target-class <k>', 'the target class for every sample (implies --targeted)', integer('--target-class', 0))
    .option('--clip <min,max>', 'every feature stays within [min, max]', parseClip)
    .option('--confidence <k>', 'cw-l2: margin κ the adversarial class must win by', number('--confidence', (n) => n >= 0, 'a number ≥ 0'))
    .option('--basis <basis>', 'simba: search directions, pixel (default) or dct (low frequencies first; image-shaped inputs only)')
    .option('--constraints <file>', 'feature constraints (JSON or YAML), see docs/redteam.md')
    .option('--param <key=value>', 'any other attack parameter; repeatable', parseParam, {})
    .option('--batch-size <n>', 'samples per model call (default 1024)', integer('--batch-size', 1))
    .option('--seed <n>', 'seed of random starts (default 0)', integer('--seed', 0))
    .option('--save-adv <file.npy>', 'write the adversarial examples (float32, the inputs\' shape)')
    .option('--api-key <key>', 'remote model: sent as Authorization: Bearer (default: $BULWARK_API_KEY)')
    .option('--timeout-ms <ms>', 'remote model: longest wait for an answer (default 30000)', integer('--timeout-ms', 1))
    .option('--json', 'print the summary as one JSON object on stdout')
    .addHelpText('after', HELP)
    .action((name: string, opts: AttackCliOptions) => runAttackCommand(ctx, name, opts));
}
