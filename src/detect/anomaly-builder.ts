/**
 * @module detect/anomaly-builder
 * Builds the Anomaly of a rule that fired, from its evaluation and its window state:
 * window bounds, onset (first event of the window), time to detect, a bounded sample of
 * request ids (flagged events first when the rule follows a boolean signal) and the API
 * keys seen in the window (flagged first), or the key itself for a per-key rule.
 */
import type { Anomaly, AnomalyKind } from './anomaly.js';
import type { CompiledRule } from './compiled-rule.js';
import type { KeyState } from './extraction/extraction-detector.js';
import type { Evaluation } from './rules/evaluate.js';
import type { Series } from './series.js';
import type { Tracker } from './windows/trackers.js';

/** Bounds of what an anomaly lists. */
export interface AnomalyLimits {
  readonly bucketMs: number;
  readonly maxKeys: number;
  readonly maxSamples: number;
}

function base(rule: CompiledRule, evaluation: Evaluation, fire: 'anomalous' | 'errors', kind: AnomalyKind) {
  const s = rule.settings;
  return {
    kind: fire === 'errors' ? ('evaluation_errors' as const) : kind,
    rule: s.id,
    condition: s.when,
    observed: fire === 'errors' ? undefined : evaluation.observed,
    expected: fire === 'errors' ? undefined : evaluation.expected,
    severity: s.severity,
    action: s.action,
    strategy: s.strategy,
    dryRun: s.dryRun,
    evidence: evaluation.reason === undefined ? evaluation.evidence : { ...evaluation.evidence, reason: evaluation.reason },
  };
}

function uniqueCapped(lists: readonly (readonly string[])[], cap: number): string[] {
  const out = new Set<string>();
  for (const list of lists) for (const v of list) if (out.size < cap) out.add(v);
  return [...out];
}

/**
 * A value counts as repeated (entropy attribution) when it makes up at least this share of
 * the window, and at least REPEAT_MIN_COUNT events: ordinary repeat customers stay below.
 */
const REPEAT_MIN_SHARE = 0.01;
const REPEAT_MIN_COUNT = 3;

/**
 * The anomaly of a per-version rule on `series`.
 *
 * @example
 * seriesAnomaly('a1', series, binding.rule, binding.trackers, evaluation, 'anomalous', now, limits).onset;
 */
export function seriesAnomaly(
  id: string,
  series: Series,
  rule: CompiledRule,
  trackers: readonly (Tracker | undefined)[],
  evaluation: Evaluation,
  fire: 'anomalous' | 'errors',
  now: number,
  limits: AnomalyLimits,
): Anomaly {
  const fromMs = (Math.floor(now / limits.bucketMs) - rule.buckets + 1) * limits.bucketMs;
  let onset = Number.POSITIVE_INFINITY;
  const flaggedIds: string[][] = [];
  const flaggedKeys: string[][] = [];
  for (const t of trackers) {
    if (t === undefined) continue;
    onset = Math.min(onset, t.ring.firstEventMs() ?? Number.POSITIVE_INFINITY);
    if (t.kind === 'scalar') {
      const f = t.flagged.since(fromMs);
      flaggedIds.push(f.ids);
      flaggedKeys.push(f.keys);
    } else if (t.kind === 'distinct') {
      // Entropy: the senders of the most repeated inputs are the suspects.
      const r = t.repeated(fromMs, Math.max(REPEAT_MIN_COUNT, Math.ceil(REPEAT_MIN_SHARE * t.ring.total)), limits.maxSamples);
      flaggedIds.push(r.ids);
      flaggedKeys.push(r.keys);
    }
  }
  if (onset === Number.POSITIVE_INFINITY) onset = Math.min(now, fromMs);
  const recent = series.recent.since(fromMs);
  const seenKeys: string[] = [];
  for (const [key, t] of series.keys.entries()) if (t >= fromMs) seenKeys.push(key);
  return {
    id,
    model: series.model,
    version: series.version,
    ...base(rule, evaluation, fire, 'rule'),
    window: { fromMs, toMs: now },
    onset,
    detectedAt: now,
    timeToDetectMs: Math.max(0, now - onset),
    sampleRequestIds: uniqueCapped([...flaggedIds.map((ids) => ids.slice(-limits.maxSamples)), recent.ids.slice(-limits.maxSamples)], limits.maxSamples),
    // The keys behind the flagged (or repeated) events; every key seen only when the statistic flags none.
    apiKeys: flaggedKeys.some((k) => k.length > 0) ? uniqueCapped(flaggedKeys, limits.maxKeys) : uniqueCapped([seenKeys.reverse()], limits.maxKeys),
  };
}

/**
 * The `extraction_suspected` anomaly of a per-key rule for `key`.
 *
 * @example
 * keyAnomaly('a2', 'fraud', key, rule, evaluation, 'anomalous', now, limits).apiKeys; // [key.key]
 */
export function keyAnomaly(id: string, model: string, key: KeyState, rule: CompiledRule, evaluation: Evaluation, fire: 'anomalous' | 'errors', now: number, limits: AnomalyLimits): Anomaly {
  const onset = Number.isFinite(key.firstMs) ? key.firstMs : now;
  return {
    id,
    model,
    version: key.lastVersion ?? '',
    ...base(rule, evaluation, fire, 'extraction_suspected'),
    window: { fromMs: onset, toMs: now },
    onset,
    detectedAt: now,
    timeToDetectMs: Math.max(0, now - onset),
    sampleRequestIds: key.samples.since(onset).ids.slice(-limits.maxSamples),
    apiKeys: [key.key],
  };
}
