/**
 * @module detect/judge
 * The pure core of detection: `(rule, window state, baseline) → verdict + evidence` for a
 * per-version rule, and `(rule, key state) → verdict + evidence` for a per-key rule. The
 * engine advances the windows to "now" first; nothing here mutates them (PRADA's W is
 * cached inside its key state, recomputed every few queries).
 */
import type { BaselineProfile } from './baseline.js';
import type { CompiledRule } from './compiled-rule.js';
import type { ExtractionDetector, KeyState } from './extraction/extraction-detector.js';
import { evaluateExpression } from './rules/evaluate.js';
import type { Evaluation } from './rules/evaluate.js';
import { computeSeriesStat } from './rules/statistics.js';
import type { Tracker } from './windows/trackers.js';

/**
 * The verdict of a per-version rule over its trackers (indexed like its statistics);
 * `windowFull`: the series has been observed for at least one window length.
 *
 * @example
 * judgeSeries(rule, binding.trackers, baseline).verdict; // 'ok' | 'anomalous' | 'inconclusive'
 */
export function judgeSeries(rule: CompiledRule, trackers: readonly (Tracker | undefined)[], baseline: BaselineProfile | undefined, windowFull = true): Evaluation {
  const ctx = { baseline, minEvents: rule.settings.minEvents, windowFull };
  const outcomes = rule.expression.calls.map((call, i) => computeSeriesStat(call, trackers[i], ctx));
  return evaluateExpression(rule.expression, outcomes, rule.settings.threshold);
}

/**
 * The verdict of a per-key rule (prada, unique_rate, …) for one API key.
 *
 * @example
 * judgeKey(rule, detector, keyState).observed; // PRADA's W
 */
export function judgeKey(rule: CompiledRule, detector: ExtractionDetector, key: KeyState): Evaluation {
  const outcomes = rule.expression.calls.map((call) => detector.stat(call, key, rule.settings.minEvents));
  return evaluateExpression(rule.expression, outcomes, rule.settings.threshold);
}

/**
 * The `error` evaluation of a rule whose evaluation threw.
 *
 * @example
 * errorEvaluation(new RangeError('x')).verdict; // 'error'
 */
export function errorEvaluation(err: unknown): Evaluation {
  return { verdict: 'error', reason: err instanceof Error ? err.message : String(err), evidence: { statistics: {} } };
}
