/**
 * @module cli/commands/baseline
 * `bulwark baseline build|merge`: builds a model version's security baseline profile from
 * recorded traffic (RequestEvent JSON Lines) or a dataset CSV, optionally attaching it to the
 * registry version by digest (kind `baseline`), and merges profiles built on several
 * replicas. This file reads and writes files and runs the model; the builder itself is pure
 * (`inspect/baseline`). See docs/inspectors.md, "Baselines".
 */
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { readFileBytes, readStructuredFile } from '../../app/files.js';
import type { BaselineProfile } from '../../detect/baseline.js';
import { BASELINE_DEFAULTS, buildDatasetBaseline, buildTrafficBaseline, mergeBaselines, parseBaselineProfile, parseTrafficEvent, selectEvents, WINDOWED_KEYS } from '../../inspect/baseline/index.js';
import type { BaselineMeta, BuildOptions, DatasetInput } from '../../inspect/baseline/index.js';
import { inspectErrors } from '../../inspect/errors.js';
import { asProbabilities } from '../../inspect/oip/outputs.js';
import { createSqueezer } from '../../inspect/squeeze/index.js';
import { csvToMatrix, parseCsv } from '../../models/io/index.js';
import { loadModel } from '../../models/index.js';
import type { Model } from '../../models/index.js';
import { sha256Hex } from '../../shared/digest.js';
import { modelSignatureSchema } from '../../shared/signature.js';
import type { ModelSignature } from '../../shared/signature.js';
import type { CliContext } from '../context.js';
import { addActorOption, addStoreOptions, printJson, resolveActor, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';

const EXIT_HELP = '\nExit codes: 0 written, 1 failure, 2 user error (missing file, bad line or column, profiles that do not merge, unknown model version with --attach).\nDocs: docs/inspectors.md#baselines';
/** Rows per model call when --artifact runs the model over a dataset. */
const MODEL_BATCH = 512;

interface BuildCliOptions extends StoreOptions {
  model: string;
  version: string;
  from: string;
  format?: 'traffic' | 'dataset';
  signature?: string;
  artifact?: string;
  target?: string;
  exclude: string[];
  windowMs: number;
  windowRows: number;
  shrinkage: number;
  out?: string;
  attach?: boolean;
  actor?: string;
  json?: boolean;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};
const unitInterval = (value: string): number => {
  const n = Number(value);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a number in [0, 1)');
  return n;
};
const columnList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((c) => c.trim()).filter((c) => c !== '')];

/**
 * Registers `bulwark baseline`.
 *
 * @example
 * register(new Command('bulwark'), ctx); // then: bulwark baseline build --model fraud --version v2 --from traffic.jsonl --attach
 */
export function register(program: Command, ctx: CliContext): void {
  const baseline = program.command('baseline').description('Security baselines of model versions: build from traffic or a dataset, merge replicas\' profiles.');
  const build = baseline
    .command('build')
    .description('Build a version\'s baseline profile (per-signal counts, moments, sketch, PSI histogram, flagged rate; window entropy of input fingerprints; classes; feature mean and shrinkage covariance).')
    .requiredOption('--model <name>', 'model name')
    .requiredOption('--version <v>', 'version name')
    .requiredOption('--from <file>', 'recorded traffic (.jsonl: one RequestEvent a line) or a dataset (.csv with a header)')
    .addOption(new Option('--format <kind>', 'input kind (default: by extension, .csv is a dataset)').choices(['traffic', 'dataset']))
    .option('--signature <file>', 'the version\'s signature (JSON/YAML): schema checks of dataset rows, feature names')
    .option('--artifact <file>', 'dataset: run this model (.onnx, model.json) for confidence/margin/class and squeeze_l1')
    .option('--target <column>', 'dataset: the label column (class distribution without --artifact; never a feature)')
    .option('--exclude <columns>', 'dataset: columns that are not features (e.g. ID); repeatable', columnList, [])
    .option('--window-ms <ms>', 'traffic: window of the fingerprint entropy', positiveInt, BASELINE_DEFAULTS.windowMs)
    .option('--window-rows <n>', 'dataset: rows per window of the fingerprint entropy', positiveInt, BASELINE_DEFAULTS.windowRows)
    .option('--shrinkage <lambda>', 'covariance shrinkage toward the diagonal, [0, 1)', unitInterval, BASELINE_DEFAULTS.shrinkage)
    .option('--out <file>', 'where to write the profile (default: MODEL-VERSION.baseline.json)')
    .option('--attach', 'attach the profile to the registry version (kind baseline)')
    .option('--json', 'print the result as one line of JSON')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(addActorOption(build)).action((opts: BuildCliOptions) => runBuild(ctx, opts));
  baseline
    .command('merge')
    .description('Merge profiles of one version built on several replicas (counts, moments, sketches, histograms, features merge exactly).')
    .argument('<profiles...>', 'profile files (two or more)')
    .requiredOption('--out <file>', 'where to write the merged profile')
    .option('--json', 'print the result as one line of JSON')
    .addHelpText('after', EXIT_HELP)
    .action((files: string[], opts: { out: string; json?: boolean }) => runMerge(ctx, files, opts));
}

async function readSignature(path: string): Promise<ModelSignature> {
  const { value } = await readStructuredFile(path, (m) => inspectErrors.error('INS_ERR_BASELINE_INPUT', m, { file: path }));
  const parsed = modelSignatureSchema.safeParse(value);
  if (!parsed.success) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${path}: not a model signature: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file: path });
  return parsed.data;
}

function readTraffic(text: string, source: string, model: string, version: string): ReturnType<typeof selectEvents> {
  const events = text.split('\n').flatMap((raw, i) => {
    const line = raw.trim();
    if (line === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${source}: line ${i + 1} is not valid JSON (${(err as Error).message})`, { source, line: i + 1 }, err);
    }
    return [parseTrafficEvent(value, i + 1, source)];
  });
  return selectEvents(events, model, version);
}

function readDataset(text: string, source: string, opts: Pick<BuildCliOptions, 'target' | 'exclude'>): DatasetInput {
  const table = parseCsv(text, { source });
  for (const column of [...(opts.target === undefined ? [] : [opts.target]), ...opts.exclude]) {
    if (!table.header.includes(column)) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${source}: column "${column}" is not in the header (${table.header.slice(0, 30).join(', ')})`, { source, column });
  }
  const names = table.header.filter((c) => c !== opts.target && !opts.exclude.includes(c));
  if (names.length === 0) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${source}: no feature columns left after --target and --exclude`, { source });
  const { x, n } = csvToMatrix(table, { columns: names });
  const rows = Array.from({ length: n }, (_, i) => x.subarray(i * names.length, (i + 1) * names.length));
  const t = opts.target === undefined ? -1 : table.header.indexOf(opts.target);
  return { names, rows, ...(t < 0 ? {} : { labels: table.rows.map((r) => (r[t] ?? '').trim()) }) };
}

/** Every row's class probabilities and squeeze score, by the loaded model (batches of MODEL_BATCH rows). */
async function modelOutputs(model: Model, data: DatasetInput): Promise<Pick<DatasetInput, 'probabilities' | 'extraSignals'>> {
  const input = model.signature.inputs[0];
  const width = data.names.length;
  const dims = (input?.shape ?? []).slice(1);
  if (dims.reduce((a, b) => a * b, 1) !== width) throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `the model takes [${input?.shape.join(', ')}], the dataset has ${width} feature columns`, { width });
  const squeezer = createSqueezer({ predictor: model, signature: model.signature });
  const probabilities: number[][] = [];
  const squeeze: number[] = [];
  for (let start = 0; start < data.rows.length; start += MODEL_BATCH) {
    const chunk = data.rows.slice(start, start + MODEL_BATCH);
    const batch = new Float32Array(chunk.length * width);
    chunk.forEach((row, i) => batch.set(Array.from(row), i * width));
    const out = await model.predict(batch, [chunk.length, ...dims]);
    const classes = out.data.length / chunk.length;
    for (let i = 0; i < chunk.length; i++) probabilities.push(asProbabilities(out.data.subarray(i * classes, (i + 1) * classes)) ?? []);
    squeeze.push(...(await squeezer.score(batch, chunk.length)));
  }
  return { probabilities, extraSignals: { squeeze_l1: squeeze } };
}

async function buildProfile(ctx: CliContext, opts: BuildCliOptions, meta: BaselineMeta, text: string): Promise<BaselineProfile> {
  const kind = opts.format ?? (extname(opts.from).toLowerCase() === '.csv' ? 'dataset' : 'traffic');
  const model = opts.artifact === undefined ? undefined : await loadModel(resolve(ctx.cwd, opts.artifact));
  try {
    const signature = opts.signature !== undefined ? await readSignature(resolve(ctx.cwd, opts.signature)) : model?.signature;
    const options: BuildOptions = { windowMs: opts.windowMs, windowRows: opts.windowRows, shrinkage: opts.shrinkage, signature };
    if (kind === 'traffic') {
      if (model !== undefined) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', '--artifact applies to datasets only: traffic already carries the model\'s signals', { option: 'artifact' });
      return buildTrafficBaseline(readTraffic(text, opts.from, opts.model, opts.version), meta, options);
    }
    const data = readDataset(text, opts.from, opts);
    return buildDatasetBaseline(model === undefined ? data : { ...data, ...(await modelOutputs(model, data)) }, meta, options);
  } finally {
    model?.dispose();
  }
}

function summary(profile: BaselineProfile): { signals: number; features: number; windows: number; entropyBits: number | null } {
  const w = profile.signals['input_fingerprint']?.windowed?.[WINDOWED_KEYS.entropy];
  return { signals: Object.keys(profile.signals).length, features: profile.features?.names.length ?? 0, windows: w?.moments.count ?? 0, entropyBits: w?.moments.mean ?? null };
}

async function runBuild(ctx: CliContext, opts: BuildCliOptions): Promise<void> {
  const fromPath = resolve(ctx.cwd, opts.from);
  const bytes = await readFileBytes(fromPath);
  // Fail before the work when the version to attach to does not exist.
  if (opts.attach) await withServices(ctx, opts, (s) => s.registry.getVersion(opts.model, opts.version));
  const meta: BaselineMeta = { model: opts.model, version: opts.version, builtAt: new Date().toISOString(), source: { path: opts.from, sha256: sha256Hex(bytes) } };
  const profile = await buildProfile(ctx, opts, meta, Buffer.from(bytes).toString('utf8'));
  const out = opts.out ?? `${opts.model}-${opts.version}.baseline.json`;
  const content = Buffer.from(`${JSON.stringify(profile)}\n`);
  await writeFile(resolve(ctx.cwd, out), content);
  let digest: string | undefined;
  if (opts.attach) {
    const doc = { kind: 'baseline', content, mediaType: 'application/json', actor: resolveActor(ctx, opts.actor) };
    digest = await withServices(ctx, opts, (s) => s.registry.attachDocument(opts.model, opts.version, doc));
  }
  const s = summary(profile);
  if (opts.json) return printJson(ctx, { out, events: profile.source.events, ...s, ...(digest === undefined ? {} : { attached: digest }) });
  const entropy = s.entropyBits === null ? '' : `, fingerprint entropy ${s.entropyBits.toFixed(2)} bits per window`;
  ctx.io.out(`wrote ${out}: ${profile.source.kind} of ${profile.source.events} events, ${s.signals} signals, ${s.features} features, ${s.windows} windows${entropy}`);
  if (digest !== undefined) ctx.io.out(`attached baseline sha256:${digest} to ${opts.model} ${opts.version}`);
}

async function runMerge(ctx: CliContext, files: string[], opts: { out: string; json?: boolean }): Promise<void> {
  if (files.length < 2) throw inspectErrors.error('INS_ERR_INVALID_OPTION', 'baseline merge needs two or more profiles', { files: files.length });
  const profiles: BaselineProfile[] = [];
  for (const file of files) {
    const bytes = await readFileBytes(resolve(ctx.cwd, file));
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (err) {
      throw inspectErrors.error('INS_ERR_BASELINE_INVALID', `${file}: not JSON (${(err as Error).message})`, { source: file }, err);
    }
    profiles.push(parseBaselineProfile(value, file));
  }
  const merged = mergeBaselines(profiles, { builtAt: new Date().toISOString() });
  await writeFile(resolve(ctx.cwd, opts.out), `${JSON.stringify(merged)}\n`);
  if (opts.json) return printJson(ctx, { out: opts.out, profiles: files.length, events: merged.source.events, ...summary(merged) });
  ctx.io.out(`wrote ${opts.out}: merged ${files.length} profiles of ${merged.model} ${merged.version}, ${merged.source.events} events`);
}

