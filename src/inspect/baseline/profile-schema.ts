/**
 * @module inspect/baseline/profile-schema
 * Validation of a `BaselineProfile` read from a file or the registry: the JSON shape (zod),
 * then the consistency a consumer relies on — histogram counts one longer than the edges,
 * sketches that restore, feature vectors and matrices of the declared size. Throws
 * `INS_ERR_BASELINE_INVALID` naming the first problem and its path.
 */
import { z } from 'zod';
import type { BaselineProfile } from '../../detect/baseline.js';
import { QuantileSketch, RunningMoments } from '../../shared/math/index.js';
import { inspectErrors } from '../errors.js';
import { BASELINE_FORMAT } from './defaults.js';

const num = z.number().finite();
const count = z.number().int().min(0);
const moments = z.object({ count, mean: num, m2: num.min(0) });
const store = z.object({ offset: z.number().int(), counts: z.array(count) });
const sketch = z.object({ relativeAccuracy: num, maxBuckets: count, count, zeroCount: count, min: num, max: num, positive: store, negative: store });
const histogram = z.object({ edges: z.array(num), counts: z.array(count) }).refine((h) => h.counts.length === h.edges.length + 1, { message: 'counts must have edges.length + 1 entries' });
const windowed = z.object({ windowMs: count, windowEvents: count.optional(), sketch, moments });
const signal = z.object({ count, moments, sketch, histogram, flagged: count.optional(), windowed: z.record(z.string(), windowed).optional() });
const features = z.object({
  names: z.array(z.string()),
  count,
  mean: z.array(num),
  covariance: z.array(num),
  shrinkage: num.min(0).max(1),
  histograms: z.array(histogram),
});

const profileSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  model: z.string().min(1),
  version: z.string().min(1),
  builtAt: z.string(),
  source: z.object({ kind: z.enum(['traffic', 'dataset']), path: z.string(), sha256: z.string(), events: count }),
  signals: z.record(z.string(), signal),
  classes: z.record(z.string(), count).optional(),
  features: features.optional(),
});

function invalid(where: string, message: string): Error {
  return inspectErrors.error('INS_ERR_BASELINE_INVALID', `${where}: ${message}`, { source: where });
}

function checkConsistency(profile: BaselineProfile, where: string): void {
  for (const [name, s] of Object.entries(profile.signals)) {
    try {
      QuantileSketch.restore(s.sketch);
      RunningMoments.restore(s.moments);
      for (const w of Object.values(s.windowed ?? {})) QuantileSketch.restore(w.sketch);
    } catch (err) {
      throw invalid(where, `signals.${name}: ${(err as Error).message}`);
    }
  }
  const f = profile.features;
  if (f === undefined) return;
  const p = f.names.length;
  if (f.mean.length !== p || f.covariance.length !== p * p || f.histograms.length !== p) {
    throw invalid(where, `features: ${p} names need ${p} means, ${p * p} covariance entries and ${p} histograms (got ${f.mean.length}, ${f.covariance.length}, ${f.histograms.length})`);
  }
}

/**
 * Validates a parsed JSON value as a baseline profile; `where` names it in errors.
 *
 * @example
 * const profile = parseBaselineProfile(JSON.parse(text), 'fraud-v1.baseline.json');
 */
export function parseBaselineProfile(value: unknown, where: string): BaselineProfile {
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.join('.');
    throw invalid(where, `${path}: ${issue?.message ?? 'invalid'}${value !== null && typeof value === 'object' && (value as { format?: unknown }).format !== BASELINE_FORMAT ? ` (expected format "${BASELINE_FORMAT}")` : ''}`);
  }
  const profile = parsed.data as BaselineProfile;
  checkConsistency(profile, where);
  return profile;
}
