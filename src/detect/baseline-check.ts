/**
 * @module detect/baseline-check
 * Structural checks of a baseline profile before the engine trusts it: the format tag, the
 * histograms' shape (counts = edges + 1, edges ascending), the feature statistics' sizes.
 * A bad profile is a DET_ERR_BAD_BASELINE naming the field.
 */
import type { BaselineProfile } from './baseline.js';
import { detectErrors } from './errors.js';

function bad(profile: BaselineProfile, field: string, problem: string): Error {
  return detectErrors.error('DET_ERR_BAD_BASELINE', `baseline of ${String(profile.model)}/${String(profile.version)}: ${field} ${problem}`, { model: profile.model, version: profile.version, field });
}

function checkHistogram(profile: BaselineProfile, field: string, h: { readonly edges: readonly number[]; readonly counts: readonly number[] } | undefined): void {
  if (h === undefined) return;
  if (!Array.isArray(h.edges) || !Array.isArray(h.counts) || h.counts.length !== h.edges.length + 1) throw bad(profile, field, 'must have counts.length = edges.length + 1');
  for (let i = 1; i < h.edges.length; i++) if (!((h.edges[i] as number) > (h.edges[i - 1] as number))) throw bad(profile, `${field}.edges`, 'must be strictly ascending');
  if (h.counts.some((c) => !(c >= 0))) throw bad(profile, `${field}.counts`, 'must be >= 0');
}

/**
 * Throws DET_ERR_BAD_BASELINE unless `profile` is usable.
 *
 * @example
 * checkBaseline(JSON.parse(text));
 */
export function checkBaseline(profile: BaselineProfile): void {
  if (profile === null || typeof profile !== 'object') throw detectErrors.error('DET_ERR_BAD_BASELINE', 'a baseline profile must be an object', {});
  if (profile.format !== 'bulwark.baseline/v1') throw bad(profile, 'format', `must be "bulwark.baseline/v1", got ${JSON.stringify(profile.format)}`);
  if (typeof profile.model !== 'string' || typeof profile.version !== 'string') throw bad(profile, 'model/version', 'must be strings');
  if (profile.signals === null || typeof profile.signals !== 'object') throw bad(profile, 'signals', 'must be an object');
  for (const [name, sig] of Object.entries(profile.signals)) {
    if (!(sig.count >= 0)) throw bad(profile, `signals.${name}.count`, 'must be >= 0');
    if (sig.flagged !== undefined && !(sig.flagged >= 0 && sig.flagged <= sig.count)) throw bad(profile, `signals.${name}.flagged`, 'must be in [0, count]');
    checkHistogram(profile, `signals.${name}.histogram`, sig.histogram);
  }
  const f = profile.features;
  if (f === undefined) return;
  const d = f.names.length;
  if (f.mean.length !== d) throw bad(profile, 'features.mean', `must have ${d} values`);
  if (f.covariance.length !== d * d) throw bad(profile, 'features.covariance', `must have ${d * d} values`);
  if (f.histograms.length !== d) throw bad(profile, 'features.histograms', `must have ${d} histograms`);
  f.histograms.forEach((h, j) => checkHistogram(profile, `features.histograms[${j}]`, h));
}
