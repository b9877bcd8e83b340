/**
 * @module models/io
 * Public surface of the data readers and writers used by the model runtime and the red-team
 * attacks: `.npy` arrays, CSV with a header, JSON Lines, MNIST IDX and UCI optdigits. The
 * `parse*` / `encodeNpy` functions are pure (bytes or text in, arrays out); the `read*File` /
 * `writeNpyFile` functions are the only ones that touch the file system.
 */
export { modelIoErrors } from './errors.js';
export type { ModelIoErrorCode } from './errors.js';
export { HOST_LITTLE_ENDIAN, shapeSize } from './ndarray.js';
export type { NdArray, NdData, NdDType } from './ndarray.js';
export { encodeNpy, parseNpy } from './npy.js';
export type { NpyParseOptions } from './npy.js';
export { csvToMatrix, parseCsv } from './csv.js';
export type { CsvMatrix, CsvMatrixOptions, CsvParseOptions, CsvTable } from './csv.js';
export { parseJsonl } from './jsonl.js';
export type { JsonlParseOptions } from './jsonl.js';
export { parseIdx } from './idx.js';
export type { IdxParseOptions } from './idx.js';
export { OPTDIGITS_FEATURES, parseOptdigits } from './optdigits.js';
export type { OptdigitsParseOptions, OptdigitsSet } from './optdigits.js';
export { readCsvFile, readIdxFile, readJsonlFile, readNpyFile, readOptdigitsFile, writeNpyFile } from './files.js';
