/**
 * @module cli/commands/train
 * `bulwark train tabular|digits`: trains a small classifier deterministically (same data
 * and seed → byte-identical ONNX) and writes `NAME.onnx`, `NAME.signature.json` and
 * `NAME.metrics.json`. See docs/training.md.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import { requireFile } from '../../app/files.js';
import { csvToMatrix, readCsvFile, readOptdigitsFile } from '../../models/io/index.js';
import type { CsvTable } from '../../models/io/index.js';
import { TRAIN_DEFAULTS, trainDigits, trainErrors, trainTabular, writeTrainedModel } from '../../models/train/index.js';
import type { TrainedModelPaths } from '../../models/train/index.js';
import { isBulwarkError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';
import { printJson } from '../shared-options.js';

const EXIT_HELP = '\nExit codes: 0 model written, 1 failure (training diverged), 2 user error (missing file, unknown column, bad option).\nDocs: docs/training.md';

interface CommonOptions {
  out: string;
  hidden: number;
  epochs?: number;
  seed: number;
  json?: boolean;
}

interface TabularCliOptions extends CommonOptions {
  csv: string;
  target: string;
  exclude: string[];
  testFraction: number;
  classWeight: 'none' | 'balanced';
}

interface DigitsCliOptions extends CommonOptions {
  train?: string;
  test?: string;
}

const integer = (min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
  return n;
};

const fraction = (value: string): number => {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('expected a number strictly between 0 and 1');
  return n;
};

const columnList = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((c) => c.trim()).filter((c) => c !== '')];

function addCommon(cmd: Command, epochsDefault: number): Command {
  return cmd
    .requiredOption('--out <file.onnx>', 'model to write; NAME.signature.json and NAME.metrics.json are written beside it')
    .option('--hidden <n>', 'hidden units (0 = logistic regression)', integer(0, 4096), TRAIN_DEFAULTS.hidden)
    .option('--epochs <n>', `passes over the training data (default: ${epochsDefault})`, integer(1, 100_000))
    .option('--seed <s>', 'seed of the split, the initialisation and the shuffles', integer(0, 2 ** 31 - 1), TRAIN_DEFAULTS.seed)
    .option('--json', 'print the result as one line of JSON')
    .addHelpText('after', EXIT_HELP);
}

/**
 * Registers `bulwark train` and its subcommands.
 *
 * @example
 * register(new Command('bulwark'), ctx); // then: bulwark train tabular --csv c.csv --target Y --out m.onnx
 */
export function register(program: Command, ctx: CliContext): void {
  const train = program.command('train').description('Train a small classifier and export it as ONNX with its signature and metrics (deterministic per seed).');
  addCommon(
    train
      .command('tabular')
      .description('Binary classifier on a CSV with a header: stratified hold-out, standardisation inside the graph, softmax probabilities [-1, 2].')
      .requiredOption('--csv <file>', 'CSV file with a header row')
      .requiredOption('--target <column>', 'the 0/1 label column')
      .option('--exclude <columns>', 'comma-separated columns to leave out (e.g. ID); repeatable', columnList, [])
      .option('--test-fraction <f>', 'share of rows held out, stratified', fraction, TRAIN_DEFAULTS.testFraction)
      .addOption(new Option('--class-weight <mode>', 'loss weight per class').choices(['none', 'balanced']).default('none')),
    TRAIN_DEFAULTS.tabularEpochs,
  ).action((opts: TabularCliOptions) => runTabular(ctx, opts));
  addCommon(
    train
      .command('digits')
      .description('The 64-32-10 MLP on UCI optdigits (pixels / 16 in [0, 1]); outputs logits [-1, 10].')
      .option('--train <file>', 'training file (default: ../shared/data/images/optdigits.tra beside the project)')
      .option('--test <file>', 'test file (default: ../shared/data/images/optdigits.tes beside the project)'),
    TRAIN_DEFAULTS.digitsEpochs,
  ).action((opts: DigitsCliOptions) => runDigits(ctx, opts));
}

function columnIndex(table: CsvTable, column: string, role: string): void {
  if (table.header.includes(column)) return;
  throw trainErrors.error('MDL_ERR_TRAIN_UNKNOWN_COLUMN', `${table.source ?? 'CSV'}: ${role} column "${column}" is not in the header (${table.header.slice(0, 30).join(', ')})`, { column, role, header: table.header.slice(0, 100) });
}

async function runTabular(ctx: CliContext, opts: TabularCliOptions): Promise<void> {
  const started = performance.now();
  const csvPath = resolve(ctx.cwd, opts.csv);
  await requireFile(csvPath);
  const table = await readCsvFile(csvPath);
  columnIndex(table, opts.target, 'target');
  for (const column of opts.exclude) columnIndex(table, column, 'excluded');
  const columns = table.header.filter((c) => c !== opts.target && !opts.exclude.includes(c));
  if (columns.length === 0) throw trainErrors.error('MDL_ERR_TRAIN_BAD_OPTION', 'no feature columns left after --exclude and --target', { option: 'exclude' });
  const { x, y } = csvToMatrix(table, { columns, target: opts.target });
  const result = trainTabular({ x, y, columns, target: opts.target }, {
    hidden: opts.hidden, seed: opts.seed, testFraction: opts.testFraction, classWeight: opts.classWeight,
    ...(opts.epochs === undefined ? {} : { epochs: opts.epochs }),
  });
  const m = result.metrics;
  const paths = await writeTrainedModel(resolve(ctx.cwd, opts.out), { bytes: result.bytes, signature: result.signature, metrics: { ...m, source: { csv: opts.csv, excluded: opts.exclude } } });
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) return printJson(ctx, { files: paths, ...m, seconds });
  ctx.io.out(`trained ${describeNet(columns.length, m.settings.hidden, 2)} on ${m.rows.train} rows, held out ${m.rows.test} (stratified, seed ${m.settings.seed}) in ${seconds.toFixed(1)} s`);
  ctx.io.out(`hold-out accuracy ${m.holdout.accuracy.toFixed(4)}  ROC AUC ${m.holdout.auc.toFixed(4)}  log loss ${m.holdout.logLoss.toFixed(4)}`);
  printFiles(ctx, paths, m.onnxSha256);
}

async function runDigits(ctx: CliContext, opts: DigitsCliOptions): Promise<void> {
  const started = performance.now();
  const trainPath = await dataFile(ctx, opts.train, 'optdigits.tra', '--train');
  const testPath = await dataFile(ctx, opts.test, 'optdigits.tes', '--test');
  const train = await readOptdigitsFile(trainPath, { scale: true });
  const test = await readOptdigitsFile(testPath, { scale: true });
  const result = trainDigits(train, test, { hidden: opts.hidden, seed: opts.seed, ...(opts.epochs === undefined ? {} : { epochs: opts.epochs }) });
  const m = result.metrics;
  const paths = await writeTrainedModel(resolve(ctx.cwd, opts.out), { bytes: result.bytes, signature: result.signature, metrics: { ...m, source: { train: trainPath, test: testPath } } });
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) return printJson(ctx, { files: paths, ...m, seconds });
  ctx.io.out(`trained ${describeNet(64, m.settings.hidden, 10)} (logits) on ${m.rows.train} images (seed ${m.settings.seed}) in ${seconds.toFixed(1)} s`);
  ctx.io.out(`test accuracy ${m.testAccuracy.toFixed(4)} on ${m.rows.test} images (train accuracy ${m.trainAccuracy.toFixed(4)})`);
  printFiles(ctx, paths, m.onnxSha256);
}

function describeNet(inputs: number, hidden: number, classes: number): string {
  return hidden > 0 ? `MLP ${inputs}-${hidden}-${classes}` : `logistic regression ${inputs}-${classes}`;
}

function printFiles(ctx: CliContext, paths: TrainedModelPaths, sha256: string): void {
  const show = (path: string): string => {
    const rel = relative(ctx.cwd, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  };
  ctx.io.out(`wrote ${show(paths.onnx)} (sha256 ${sha256}), ${show(paths.signature)}, ${show(paths.metrics)}`);
}

/** The file given on the command line, else ../shared/data/images/NAME beside the project. */
async function dataFile(ctx: CliContext, given: string | undefined, name: string, option: string): Promise<string> {
  const path = given === undefined ? resolve(sharedDataDir(ctx), 'images', name) : resolve(ctx.cwd, given);
  try {
    await requireFile(path);
  } catch (err) {
    if (!isBulwarkError(err) || given !== undefined) throw err;
    throw cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${path}: no such file (the default UCI optdigits file; pass ${option} FILE or set BULWARK_SHARED_DATA)`, { path, option }, err);
  }
  return path;
}

/** BULWARK_SHARED_DATA, else ../shared/data beside the project root (the folder holding package.json). */
function sharedDataDir(ctx: CliContext): string {
  const fromEnv = ctx.env['BULWARK_SHARED_DATA'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(ctx.cwd, fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '..', 'shared', 'data');
}
