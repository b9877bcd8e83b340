/**
 * @module inspect/ood/ood-inspector
 * The OOD inspector's per-request step, pure: the rows of the request's first numeric
 * input (at most `maxRows`, first `dims` values each) scored by a compiled `OodModel`;
 * the signals are the maxima over the rows.
 */
import type { DecodedInputs } from '../oip/tensors.js';
import { firstNumericTensor, tensorRows } from '../oip/tensors.js';
import { OOD_DEFAULTS } from './defaults.js';
import type { OodModel } from './ood-model.js';

/** Signals of one request, or why none could be computed. */
export type OodSignals =
  | { readonly ok: true; readonly ood_max_z: number; readonly ood_mahalanobis: number; readonly ood: boolean }
  | { readonly ok: false; readonly reason: 'no_numeric_input' | 'too_few_features' };

/**
 * Scores a decoded request.
 *
 * @example
 * oodSignals(decodedInputs(exchange.json), compileOod(profile)); // { ok: true, ood_max_z: 0.8, ood_mahalanobis: 2.9, ood: false }
 */
export function oodSignals(decoded: DecodedInputs, model: OodModel): OodSignals {
  const tensor = decoded.ok ? firstNumericTensor(decoded.tensors) : undefined;
  if (tensor === undefined) return { ok: false, reason: 'no_numeric_input' };
  const rows = tensorRows(tensor, OOD_DEFAULTS.maxRows);
  if (rows.length === 0 || (rows[0] as Float64Array).length < model.dims) return { ok: false, reason: 'too_few_features' };
  let maxZ = 0;
  let mahalanobis = 0;
  for (const row of rows) {
    const s = model.score(row);
    if (!(s.maxZ <= maxZ)) maxZ = s.maxZ;
    if (!(s.mahalanobis <= mahalanobis)) mahalanobis = s.mahalanobis;
  }
  return { ok: true, ood_max_z: maxZ, ood_mahalanobis: mahalanobis, ood: !(mahalanobis <= model.threshold) };
}
