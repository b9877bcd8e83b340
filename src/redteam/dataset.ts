/**
 * @module redteam/dataset
 * Reads the inputs and labels an attack runs on, by file name: `.npy` (any numeric dtype),
 * `.csv` with a header (feature names come from it; `labelColumn` and `exclude` take
 * columns out), `.jsonl` (one nested array per line, or `{"input": [...], "label": k}`)
 * MNIST IDX (raw or gzip; `*-idx3-ubyte`, `.idx`) and UCI optdigits (`.tra`, `.tes`: pixels
 * 0–16 and the class). Values are used as given: the only
 * change is an explicit `scale` factor (e.g. 1/255 for 8-bit pixels), never a hidden one.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { csvToMatrix, readCsvFile, readIdxFile, readJsonlFile, readNpyFile, readOptdigitsFile } from '../models/io/index.js';
import type { NdArray } from '../models/io/index.js';
import { redteamErrors } from './errors.js';

/** The formats {@link readAttackInputs} reads. */
export type InputFormat = 'npy' | 'csv' | 'jsonl' | 'idx' | 'optdigits' | 'txt';

/** Options of {@link readAttackInputs}. */
export interface ReadInputsOptions {
  /** CSV: the column holding labels (taken out of the features). */
  readonly labelColumn?: string;
  /** CSV: columns that are not features (e.g. an ID). */
  readonly exclude?: readonly string[];
  /** Every value is multiplied by this (default 1: inputs as given). */
  readonly scale?: number;
}

/** Inputs read from a file. */
export interface AttackInputs {
  readonly x: Float32Array;
  /** `[samples, …per-sample shape]` as the file holds it. */
  readonly shape: number[];
  readonly format: InputFormat;
  /** Feature names (CSV). */
  readonly names?: string[];
  /** Labels carried by the file (CSV label column, JSONL `label` fields). */
  readonly labels?: Int32Array;
}

function inputError(path: string, problem: string, details: Record<string, unknown> = {}): Error {
  return redteamErrors.error('RTM_ERR_INPUT', `${basename(path)}: ${problem}`, { path, ...details });
}

/**
 * The format of `path`, from its name. Throws RTM_ERR_INPUT for an unknown one.
 *
 * @example
 * inputFormat('t10k-images-idx3-ubyte.gz'); // 'idx'
 */
export function inputFormat(path: string): InputFormat {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.npy')) return 'npy';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (/idx\d*-ubyte$/.test(name) || /\.idx\d*$/.test(name) || name.endsWith('-ubyte')) return 'idx';
  if (name.endsWith('.tra') || name.endsWith('.tes')) return 'optdigits';
  if (name.endsWith('.txt')) return 'txt';
  throw inputError(path, 'cannot tell the format from the name: expected .npy, .csv, .jsonl, an IDX file (*-idx3-ubyte[.gz], *.idx) or optdigits (.tra, .tes)');
}

function toFloat32(a: NdArray): Float32Array {
  if (a.data instanceof BigInt64Array) return Float32Array.from(a.data, (v) => Number(v));
  return a.data instanceof Float32Array ? Float32Array.from(a.data) : Float32Array.from(a.data as ArrayLike<number>);
}

function toLabels(values: ArrayLike<number>, path: string): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v)) throw redteamErrors.error('RTM_ERR_LABELS', `${basename(path)}: label ${i} is ${v}, not an integer class`, { path, index: i });
    out[i] = v;
  }
  return out;
}

/** Flattens a nested array of numbers; returns its shape, or undefined if ragged or non-numeric. */
function flatten(value: unknown, into: number[]): number[] | undefined {
  if (typeof value === 'number') {
    into.push(value);
    return [];
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  let inner: number[] | undefined;
  for (const item of value) {
    const s = flatten(item, into);
    if (s === undefined || (inner !== undefined && s.join(',') !== inner.join(','))) return undefined;
    inner = s;
  }
  return [value.length, ...(inner ?? [])];
}

function fromJsonl(values: unknown[], path: string): AttackInputs {
  const data: number[] = [];
  const labels: number[] = [];
  let shape: number[] | undefined;
  values.forEach((v, i) => {
    const record = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    const s = flatten(record === undefined ? v : record['input'], data);
    if (s === undefined) throw inputError(path, `line ${i + 1}: expected a (nested) array of numbers or {"input": [...]}`, { line: i + 1 });
    if (shape !== undefined && s.join(',') !== shape.join(',')) throw inputError(path, `line ${i + 1} has shape [${s.join(', ')}], line 1 has [${shape.join(', ')}]`, { line: i + 1 });
    shape = s;
    if (record !== undefined && record['label'] !== undefined) labels.push(Number(record['label']));
  });
  if (shape === undefined) throw inputError(path, 'no samples');
  if (labels.length !== 0 && labels.length !== values.length) throw inputError(path, `${labels.length} of ${values.length} lines carry a "label"; give it on every line or on none`);
  return { x: Float32Array.from(data), shape: [values.length, ...shape], format: 'jsonl', ...(labels.length === 0 ? {} : { labels: toLabels(labels, path) }) };
}

async function fromCsv(path: string, o: ReadInputsOptions): Promise<AttackInputs> {
  const table = await readCsvFile(path);
  for (const column of [...(o.exclude ?? []), ...(o.labelColumn === undefined ? [] : [o.labelColumn])]) {
    if (!table.header.includes(column)) throw inputError(path, `column "${column}" is not in the header (${table.header.slice(0, 30).join(', ')})`, { column });
  }
  const columns = table.header.filter((c) => c !== o.labelColumn && !(o.exclude ?? []).includes(c));
  if (columns.length === 0) throw inputError(path, 'no feature columns left');
  const m = csvToMatrix(table, { columns, ...(o.labelColumn === undefined ? {} : { target: o.labelColumn }) });
  if (m.n === 0) throw inputError(path, 'no samples');
  return { x: Float32Array.from(m.x), shape: [m.n, columns.length], format: 'csv', names: columns, ...(m.y === undefined ? {} : { labels: toLabels(m.y, path) }) };
}

async function readRaw(path: string, o: ReadInputsOptions): Promise<AttackInputs> {
  const format = inputFormat(path);
  switch (format) {
    case 'csv': return fromCsv(path, o);
    case 'jsonl': return fromJsonl(await readJsonlFile(path), path);
    case 'npy':
    case 'idx': {
      const a = format === 'npy' ? await readNpyFile(path) : await readIdxFile(path);
      const shape = a.shape.length === 1 ? [a.shape[0] as number, 1] : a.shape;
      if (shape.length === 0 || (shape[0] as number) === 0) throw inputError(path, `no samples (shape [${a.shape.join(', ')}])`);
      return { x: toFloat32(a), shape, format };
    }
    case 'optdigits': {
      const set = await readOptdigitsFile(path);
      return { x: Float32Array.from(set.x), shape: [set.n, 64], format, labels: Int32Array.from(set.y) };
    }
    case 'txt': throw inputError(path, '.txt holds labels, not inputs');
  }
}

/**
 * Reads attack inputs. Throws RTM_ERR_INPUT naming the file (and line) at fault.
 *
 * @example
 * const { x, shape } = await readAttackInputs('t10k-images-idx3-ubyte.gz', { scale: 1 / 255 }); // shape [10000, 28, 28]
 */
export async function readAttackInputs(path: string, o: ReadInputsOptions = {}): Promise<AttackInputs> {
  const inputs = await readRaw(path, o);
  const scale = o.scale ?? 1;
  if (scale !== 1) for (let i = 0; i < inputs.x.length; i++) inputs.x[i] = (inputs.x[i] as number) * scale;
  return inputs;
}

/**
 * Reads one integer class per sample: `.npy`, IDX (`*-idx1-ubyte`), `.jsonl` (numbers or
 * `{"label": k}`), `.csv` (one column, or a column named `label`) or `.txt` (one per line).
 *
 * @example
 * const y = await readLabelsFile('t10k-labels-idx1-ubyte.gz'); // Int32Array(10000)
 */
export async function readLabelsFile(path: string): Promise<Int32Array> {
  const format = inputFormat(path);
  if (format === 'npy' || format === 'idx') {
    const a = format === 'npy' ? await readNpyFile(path) : await readIdxFile(path);
    if (a.shape.length > 2 || (a.shape.length === 2 && a.shape[1] !== 1)) throw redteamErrors.error('RTM_ERR_LABELS', `${basename(path)}: labels must be one per sample, got shape [${a.shape.join(', ')}]`, { path });
    return toLabels(a.data instanceof BigInt64Array ? Array.from(a.data, Number) : (a.data as ArrayLike<number>), path);
  }
  if (format === 'optdigits') return Int32Array.from((await readOptdigitsFile(path)).y);
  if (format === 'jsonl') {
    const values = await readJsonlFile(path);
    return toLabels(values.map((v) => (typeof v === 'object' && v !== null ? Number((v as Record<string, unknown>)['label']) : Number(v))), path);
  }
  if (format === 'csv') {
    const table = await readCsvFile(path);
    const column = table.header.length === 1 ? table.header[0] : table.header.find((h) => h.toLowerCase() === 'label');
    if (column === undefined) throw redteamErrors.error('RTM_ERR_LABELS', `${basename(path)}: expected one column or a column named "label"`, { path });
    return toLabels(csvToMatrix(table, { columns: [column] }).x, path);
  }
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  return toLabels(lines.map((l) => Number(l.trim())), path);
}
