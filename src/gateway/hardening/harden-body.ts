/**
 * @module gateway/hardening/harden-body
 * Rewrites an OIP v2 infer response against model extraction. Each FP16/FP32/FP64 output
 * is processed row by row (a row is the last dimension), in this order:
 * 1. `noise`: adds N(0, stddev²) to each score; a probability row (values in [0, 1] summing
 *    to 1) is clipped to [0, 1] and renormalised (all clipped to 0: the original class gets
 *    1); if noise moved the row's argmax, the
 *    original winner's and the new winner's values are swapped (a width-1 probability is
 *    reflected around 0.5), so the predicted class never changes;
 * 2. `topK`: keeps the k largest scores (the first on ties) and sets the others to 0
 *    (shapes stay as declared, so clients keep parsing the response);
 * 3. `roundDecimals`: rounds each score.
 * `labelOnly` instead replaces the output by `{ name, datatype: "INT64", shape: [rows],
 * data: [label per row] }` (argmax; a width-1 probability is thresholded at 0.5).
 * Processed outputs are written with flat data; other outputs and fields are kept. The
 * response is re-serialised only when something changed.
 */
import { argmax, isFloatOutput, parseOipResponse, rowLabels, scoreRows } from '../protocols/oip-outputs.js';
import type { OipOutputJson, ScoreRows } from '../protocols/oip-outputs.js';
import { GaussianStream, seedFor } from './noise.js';
import type { OutputHardening } from './settings.js';

/** Tolerance on the sum of a probability row. */
const PROBABILITY_SUM_TOLERANCE = 1e-3;

/**
 * The hardened response bytes, or undefined when `body` is not an OIP response with an FP
 * output (it is then sent unchanged). `requestBody` seeds the noise.
 *
 * @example
 * hardenOipBody(Buffer.from('{"outputs":[{"name":"p","datatype":"FP32","shape":[1,3],"data":[0.123,0.657,0.22]}]}'), { topK: 1, roundDecimals: 1 }, requestBody);
 * // '{"outputs":[{"name":"p","datatype":"FP32","shape":[1,3],"data":[0,0.7,0]}]}'
 */
export function hardenOipBody(body: Buffer, settings: OutputHardening, requestBody: Buffer): Buffer | undefined {
  const parsed = parseOipResponse(body);
  if (parsed === undefined) return undefined;
  const gaussian = settings.noise === undefined || settings.labelOnly === true ? undefined : new GaussianStream(seedFor(requestBody, settings.noise.seed));
  let changed = false;
  const outputs = parsed.outputs.map((output) => {
    if (!isFloatOutput(output)) return output;
    const rows = scoreRows(output);
    if (rows === undefined) return output;
    changed = true;
    if (settings.labelOnly === true) return labelOutput(output, rows);
    return { ...output, data: hardenRows(rows, settings, gaussian) };
  });
  if (!changed) return undefined;
  return Buffer.from(JSON.stringify({ ...parsed.json, outputs }));
}

function labelOutput(output: OipOutputJson, rows: ScoreRows): OipOutputJson {
  return { name: output.name, datatype: 'INT64', shape: [rows.rows], data: rowLabels(rows) };
}

/** Noise, top-k, rounding, row by row; returns the new flat values. */
function hardenRows(rows: ScoreRows, settings: OutputHardening, gaussian: GaussianStream | undefined): number[] {
  const values = rows.values.slice();
  const { width } = rows;
  const scale = settings.roundDecimals === undefined ? undefined : 10 ** settings.roundDecimals;
  for (let start = 0; start < values.length; start += width) {
    if (gaussian !== undefined && settings.noise !== undefined) addNoise(values, start, width, settings.noise.stddev, gaussian);
    if (settings.topK !== undefined && settings.topK < width) keepTopK(values, start, width, settings.topK);
    if (scale !== undefined) for (let i = start; i < start + width; i++) values[i] = Math.round((values[i] as number) * scale) / scale + 0;
  }
  return values;
}

function isProbabilityRow(values: readonly number[], start: number, width: number): boolean {
  let sum = 0;
  for (let i = start; i < start + width; i++) {
    const v = values[i] as number;
    if (v < 0 || v > 1) return false;
    sum += v;
  }
  return width === 1 || Math.abs(sum - 1) <= PROBABILITY_SUM_TOLERANCE;
}

/** Adds noise to one row in place, keeping probabilities valid and the predicted class unchanged. */
function addNoise(values: number[], start: number, width: number, stddev: number, gaussian: GaussianStream): void {
  const probability = isProbabilityRow(values, start, width);
  const before = argmax(values, start, width);
  for (let i = start; i < start + width; i++) values[i] = (values[i] as number) + stddev * gaussian.next();
  if (probability) {
    let sum = 0;
    for (let i = start; i < start + width; i++) {
      values[i] = Math.min(1, Math.max(0, values[i] as number));
      sum += values[i] as number;
    }
    // Noise may push every score below 0: the row then says only the original class.
    if (width > 1 && sum === 0) values[start + before] = 1;
    else if (width > 1) for (let i = start; i < start + width; i++) values[i] = (values[i] as number) / sum;
  }
  const after = argmax(values, start, width);
  if (after === before) return;
  if (width === 1) {
    values[start] = 1 - (values[start] as number);
    if (argmax(values, start, 1) !== before) values[start] = 0.5 - 1e-12; // exactly 0.5 reflects onto itself
    return;
  }
  const winner = values[start + after] as number;
  values[start + after] = values[start + before] as number;
  values[start + before] = winner;
  // Clipping can leave ties at the top (two scores at 1 before renormalising): lower the others by one ulp.
  for (let i = start; i < start + width; i++) if (i !== start + before && (values[i] as number) >= winner) values[i] = winner - Math.max(Math.abs(winner) * Number.EPSILON, Number.MIN_VALUE);
}

/** Zeroes all but the k largest values of one row (the lower index wins ties). */
function keepTopK(values: number[], start: number, width: number, k: number): void {
  const order = Array.from({ length: width }, (_, i) => i).sort((a, b) => (values[start + b] as number) - (values[start + a] as number) || a - b);
  for (let r = k; r < width; r++) values[start + (order[r] as number)] = 0;
}
