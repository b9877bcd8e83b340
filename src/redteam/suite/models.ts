/**
 * @module redteam/suite/models
 * Prepares the models of a suite: an artifact is hashed, a URL is taken as it is (its API
 * key from the environment variable the suite names), and a `train:` model is trained
 * within the run with the repository's trainers (tabular CSV or UCI optdigits, seeded, so
 * the same data gives the same model) and written to the work folder with its signature
 * and metrics. A tabular model keeps its stratified hold-out rows for `holdoutOf` datasets.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvToMatrix, readCsvFile, readOptdigitsFile } from '../../models/io/index.js';
import { trainDigits, trainTabular, writeTrainedModel } from '../../models/train/index.js';
import { isBulwarkError } from '../../shared/errors.js';
import { sha256Hex } from '../../shared/digest.js';
import type { ModelReport } from '../report/report-types.js';
import { suiteErrors } from './errors.js';
import type { ModelSource, SuiteDeps } from './ports.js';
import type { ModelSpec, TrainSpec } from './schema.js';

/** A model ready to open. */
export interface PreparedModel {
  readonly id: string;
  readonly source: ModelSource;
  readonly report: ModelReport['source'];
  /** Tabular models trained here: hold-out rows (raw features), labels and feature names. */
  readonly holdout?: { readonly x: Float32Array; readonly y: Int32Array; readonly names: readonly string[] };
}

function modelError(path: string, err: unknown): Error {
  const why = err instanceof Error ? err.message : String(err);
  return suiteErrors.error('RTM_ERR_SUITE_MODEL', `${path}: ${why}`, { path, ...(isBulwarkError(err) ? { cause: err.code } : {}) }, err);
}

async function train(id: string, spec: TrainSpec, deps: SuiteDeps): Promise<PreparedModel> {
  const out = join(deps.workDir, `${id}.onnx`);
  if (spec.task === 'tabular') {
    const csv = deps.resolvePath(spec.csv);
    const table = await readCsvFile(csv).catch((err: unknown) => Promise.reject(modelError(`models.${id}.train.csv`, err)));
    const missing = [spec.target, ...spec.exclude].find((c) => !table.header.includes(c));
    if (missing !== undefined) throw modelError(`models.${id}.train`, new Error(`column "${missing}" is not in the header of ${csv}`));
    const columns = table.header.filter((c) => c !== spec.target && !spec.exclude.includes(c));
    const { x, y } = csvToMatrix(table, { columns, target: spec.target });
    const result = trainTabular({ x, y: y as ArrayLike<number>, columns, target: spec.target }, {
      ...(spec.epochs === undefined ? {} : { epochs: spec.epochs }), ...(spec.hidden === undefined ? {} : { hidden: spec.hidden }), ...(spec.seed === undefined ? {} : { seed: spec.seed }),
      ...(spec.testFraction === undefined ? {} : { testFraction: spec.testFraction }), ...(spec.classWeight === undefined ? {} : { classWeight: spec.classWeight }),
    });
    await writeTrainedModel(out, { bytes: result.bytes, signature: result.signature, metrics: result.metrics });
    deps.log(`trained ${id}: tabular MLP on ${result.metrics.rows.train} rows of ${spec.csv}, hold-out accuracy ${result.metrics.holdout.accuracy.toFixed(4)}`);
    return {
      id, source: { kind: 'file', path: out }, report: { kind: 'trained', path: out, sha256: result.metrics.onnxSha256, task: 'tabular' },
      holdout: { x: Float32Array.from(result.holdout.x), y: result.holdout.y, names: columns },
    };
  }
  const trainFile = deps.resolvePath(spec.train);
  const testFile = deps.resolvePath(spec.test);
  const [trainSet, testSet] = await Promise.all([readOptdigitsFile(trainFile, { scale: true }), readOptdigitsFile(testFile, { scale: true })]).catch((err: unknown) => Promise.reject(modelError(`models.${id}.train`, err)));
  const result = trainDigits(trainSet, testSet, { ...(spec.epochs === undefined ? {} : { epochs: spec.epochs }), ...(spec.hidden === undefined ? {} : { hidden: spec.hidden }), ...(spec.seed === undefined ? {} : { seed: spec.seed }) });
  await writeTrainedModel(out, { bytes: result.bytes, signature: result.signature, metrics: result.metrics });
  deps.log(`trained ${id}: digits MLP, test accuracy ${result.metrics.testAccuracy.toFixed(4)}`);
  return { id, source: { kind: 'file', path: out }, report: { kind: 'trained', path: out, sha256: result.metrics.onnxSha256, task: 'digits' } };
}

/**
 * Prepares one model of the suite. Throws RTM_ERR_SUITE_MODEL naming the suite path.
 *
 * @example
 * const prepared = await prepareModel('digits', suite.models.digits, deps);
 */
export async function prepareModel(id: string, spec: ModelSpec, deps: SuiteDeps): Promise<PreparedModel> {
  if (spec.train !== undefined) return train(id, spec.train, deps);
  if (spec.url !== undefined) {
    const apiKey = deps.env[spec.apiKeyEnv ?? 'BULWARK_API_KEY'];
    return {
      id,
      source: { kind: 'url', url: spec.url, ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }), ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }), ...(spec.outputKind === undefined ? {} : { outputKind: spec.outputKind }) },
      report: { kind: 'url', url: spec.url },
    };
  }
  const path = deps.resolvePath(spec.artifact as string);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw modelError(`models.${id}.artifact`, new Error(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`));
  }
  return { id, source: { kind: 'file', path }, report: { kind: 'file', path, sha256: sha256Hex(bytes) } };
}
