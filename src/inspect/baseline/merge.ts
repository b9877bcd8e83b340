/**
 * @module inspect/baseline/merge
 * Merges the profiles of one model version built on several replicas (or from several
 * files) into one, as if built from all their events: counts and flagged counts add,
 * moments merge by Chan et al., sketch buckets and histogram counts add, windowed
 * statistics merge, classes add, features merge exactly (`covariance.ts`). Inputs are put
 * in a canonical order (by source digest, then path) first, so the result does not depend
 * on the order the profiles are given in.
 */
import type { BaselineProfile, SignalBaseline } from '../../detect/baseline.js';
import { sha256Hex } from '../../shared/digest.js';
import { inspectErrors } from '../errors.js';
import { mergeFeatureBaselines } from './covariance.js';
import { BASELINE_FORMAT } from './defaults.js';
import { compareLabels } from './profile-accumulator.js';
import { mergeSignalBaselines } from './signal-accumulator.js';

function mismatch(message: string): Error {
  return inspectErrors.error('INS_ERR_BASELINE_MISMATCH', message, {});
}

function mergeTwo(a: BaselineProfile, b: BaselineProfile): BaselineProfile {
  const signals: Record<string, SignalBaseline> = {};
  for (const name of [...new Set([...Object.keys(a.signals), ...Object.keys(b.signals)])].sort()) {
    const x = a.signals[name];
    const y = b.signals[name];
    signals[name] = x !== undefined && y !== undefined ? mergeSignalBaselines(x, y, name) : ((x ?? y) as SignalBaseline);
  }
  let classes: Record<string, number> | undefined;
  if (a.classes !== undefined || b.classes !== undefined) {
    const sum = new Map<string, number>();
    for (const c of [a.classes ?? {}, b.classes ?? {}]) for (const [k, v] of Object.entries(c)) sum.set(k, (sum.get(k) ?? 0) + v);
    classes = Object.fromEntries([...sum.entries()].sort(([x], [y]) => compareLabels(x, y)));
  }
  const features = a.features !== undefined && b.features !== undefined ? mergeFeatureBaselines(a.features, b.features) : (a.features ?? b.features);
  return {
    ...a,
    source: { ...a.source, events: a.source.events + b.source.events },
    signals,
    ...(classes === undefined ? {} : { classes }),
    ...(features === undefined ? {} : { features }),
  };
}

/**
 * Merges profiles of the same model version. `builtAt` is the merge time. The merged
 * source's `path` lists the inputs' paths and its `sha256` is the digest of their digests,
 * both in canonical order. Throws `INS_ERR_BASELINE_MISMATCH` for profiles that do not
 * belong together, `INS_ERR_INVALID_OPTION` for fewer than one profile.
 *
 * @example
 * const merged = mergeBaselines([a, b], { builtAt: new Date().toISOString() });
 * merged.source.events; // a.source.events + b.source.events
 */
export function mergeBaselines(profiles: readonly BaselineProfile[], options: { readonly builtAt: string }): BaselineProfile {
  const first = profiles[0];
  if (first === undefined) throw inspectErrors.error('INS_ERR_INVALID_OPTION', 'baseline merge needs at least one profile', {});
  for (const p of profiles) {
    if (p.model !== first.model || p.version !== first.version) throw mismatch(`profiles of different versions: ${first.model} ${first.version} and ${p.model} ${p.version}`);
    if (p.source.kind !== first.source.kind) throw mismatch(`profiles from different source kinds: ${first.source.kind} and ${p.source.kind}`);
  }
  const ordered = [...profiles].sort((x, y) => (x.source.sha256 < y.source.sha256 ? -1 : x.source.sha256 > y.source.sha256 ? 1 : x.source.path < y.source.path ? -1 : x.source.path > y.source.path ? 1 : 0));
  let merged = ordered[0] as BaselineProfile;
  for (const p of ordered.slice(1)) merged = mergeTwo(merged, p);
  return {
    ...merged,
    format: BASELINE_FORMAT,
    builtAt: options.builtAt,
    source: {
      kind: first.source.kind,
      path: ordered.map((p) => p.source.path).join(','),
      sha256: ordered.length === 1 ? first.source.sha256 : sha256Hex(ordered.map((p) => p.source.sha256).join('\n')),
      events: merged.source.events,
    },
  };
}
