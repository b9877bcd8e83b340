/**
 * @module models/io/files
 * The few functions of models/io that touch the file system: each reads a file and hands
 * its bytes or UTF-8 text to the pure parser of its format, naming the path in errors; and
 * `writeNpyFile` writes atomically (temporary file, then rename). File system errors
 * (ENOENT, EACCES) propagate unchanged.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { parseCsv } from './csv.js';
import type { CsvTable } from './csv.js';
import { parseIdx } from './idx.js';
import type { IdxParseOptions } from './idx.js';
import { parseJsonl } from './jsonl.js';
import type { NdArray } from './ndarray.js';
import { encodeNpy, parseNpy } from './npy.js';
import { parseOptdigits } from './optdigits.js';
import type { OptdigitsParseOptions, OptdigitsSet } from './optdigits.js';

/**
 * Reads a `.npy` file (see {@link parseNpy}).
 *
 * @example
 * const w = await readNpyFile('models/art-mnist-cnn/W_DENSE_MNIST.npy'); // float64 [25, 10]
 */
export async function readNpyFile(path: string): Promise<NdArray> {
  return parseNpy(await readFile(path), { source: path });
}

/**
 * Writes `array` as a `.npy` file (see {@link encodeNpy}), replacing `path` atomically.
 *
 * @example
 * await writeNpyFile('bias.npy', { dtype: 'float32', shape: [10], data: new Float32Array(10) });
 */
export async function writeNpyFile(path: string, array: NdArray): Promise<void> {
  const bytes = encodeNpy(array);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/**
 * Reads a CSV file with a header row (see {@link parseCsv}).
 *
 * @example
 * const table = await readCsvFile('tabular/uci-default-credit-card.csv');
 * table.header[0]; // 'ID'
 */
export async function readCsvFile(path: string): Promise<CsvTable> {
  return parseCsv(await readFile(path, 'utf8'), { source: path });
}

/**
 * Reads a JSON Lines file (see {@link parseJsonl}).
 *
 * @example
 * const cases = await readJsonlFile('prompt-injection/deepset-train.jsonl'); // 546 values
 */
export async function readJsonlFile(path: string): Promise<unknown[]> {
  return parseJsonl(await readFile(path, 'utf8'), { source: path });
}

/**
 * Reads an IDX file, gzip-compressed or raw (see {@link parseIdx}).
 *
 * @example
 * const images = await readIdxFile('images/mnist/t10k-images-idx3-ubyte.gz'); // uint8 [10000, 28, 28]
 */
export async function readIdxFile(path: string, options: Omit<IdxParseOptions, 'source'> = {}): Promise<NdArray> {
  return parseIdx(await readFile(path), { ...options, source: path });
}

/**
 * Reads a UCI optdigits file (see {@link parseOptdigits}).
 *
 * @example
 * const { x, y, n } = await readOptdigitsFile('images/optdigits.tes', { scale: true }); // n === 1797
 */
export async function readOptdigitsFile(path: string, options: Omit<OptdigitsParseOptions, 'source'> = {}): Promise<OptdigitsSet> {
  return parseOptdigits(await readFile(path, 'utf8'), { ...options, source: path });
}
