/**
 * @module redteam/suite/datasets
 * Reads the datasets of a suite: a file (`.npy`, `.csv`, `.jsonl`, IDX, optdigits; the
 * formats of `bulwark attack --inputs`, with the label column, excluded columns and an
 * explicit scale), or the hold-out rows of a tabular model trained by the run. `samples`
 * keeps the first N. Inputs are used as given: `scale` is the only change.
 */
import { readAttackInputs } from '../dataset.js';
import { isBulwarkError } from '../../shared/errors.js';
import { suiteErrors } from './errors.js';
import type { PreparedModel } from './models.js';
import type { SuiteDeps } from './ports.js';
import type { DatasetSpec } from './schema.js';

/** A dataset ready to attack. */
export interface LoadedDataset {
  readonly id: string;
  readonly x: Float32Array;
  /** `[samples, …per-sample shape]`. */
  readonly shape: readonly number[];
  readonly labels?: Int32Array;
  readonly names?: readonly string[];
  /** What it was read from, for the report. */
  readonly source: string;
}

/**
 * The scale factor of a dataset (`0.0625` or `"1/16"`).
 *
 * @example
 * scaleOf('1/16'); // 0.0625
 */
export function scaleOf(scale: number | string | undefined): number {
  if (scale === undefined) return 1;
  if (typeof scale === 'number') return scale;
  const [a, b] = scale.split('/').map((s) => Number(s.trim())) as [number, number];
  return a / b;
}

function datasetError(id: string, why: string, err?: unknown): Error {
  return suiteErrors.error('RTM_ERR_SUITE_DATASET', `datasets.${id}: ${why}`, { path: `datasets.${id}`, ...(isBulwarkError(err) ? { cause: err.code } : {}) }, err);
}

/**
 * Loads dataset `id`. Throws RTM_ERR_SUITE_DATASET naming it.
 *
 * @example
 * const data = await loadDataset('digits', suite.datasets.digits, deps, prepared);
 */
export async function loadDataset(id: string, spec: DatasetSpec, deps: SuiteDeps, prepared: ReadonlyMap<string, PreparedModel>): Promise<LoadedDataset> {
  let x: Float32Array;
  let shape: number[];
  let labels: Int32Array | undefined;
  let names: readonly string[] | undefined;
  let source: string;
  if (spec.holdoutOf !== undefined) {
    const holdout = prepared.get(spec.holdoutOf)?.holdout;
    if (holdout === undefined) throw datasetError(id, `model "${spec.holdoutOf}" has no hold-out rows (it must be trained by the suite as a tabular model)`);
    x = holdout.x;
    labels = holdout.y;
    names = holdout.names;
    shape = [holdout.y.length, holdout.names.length];
    source = `hold-out rows of ${spec.holdoutOf}`;
  } else {
    const path = deps.resolvePath(spec.path as string);
    try {
      const inputs = await readAttackInputs(path, { exclude: spec.exclude, ...(spec.labelColumn === undefined ? {} : { labelColumn: spec.labelColumn }), scale: scaleOf(spec.scale) });
      ({ x, labels, names } = inputs);
      shape = inputs.shape;
    } catch (err) {
      throw datasetError(id, err instanceof Error ? err.message : String(err), err);
    }
    source = spec.path as string;
  }
  const total = shape[0] as number;
  const keep = Math.min(spec.samples ?? total, total);
  if (spec.samples !== undefined && spec.samples > total) deps.log(`note: datasets.${id} asks for ${spec.samples} samples and has ${total}`);
  const per = x.length / total;
  return {
    id,
    x: x.subarray(0, keep * per),
    shape: [keep, ...shape.slice(1)],
    ...(labels === undefined ? {} : { labels: labels.subarray(0, keep) }),
    ...(names === undefined ? {} : { names }),
    source,
  };
}
