/**
 * @module detect/errors
 * Error catalog of the detection engine: rule expressions that do not parse or do not make
 * sense (each names the rule id and the 1-based column), baselines that are missing or
 * malformed, evaluations that threw, listeners that threw and invalid engine options.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The DET catalog.
 *
 * @example
 * throw detectErrors.error('DET_ERR_RULE_PARSE', 'rule "x": expected ")" at column 12', { rule: 'x', column: 12 });
 */
export const detectErrors = defineErrors('DET', {
  DET_ERR_RULE_PARSE: {
    kind: 'user',
    meaning: 'A rule\'s `when` expression is not well formed (an unexpected character or token, a missing parenthesis, chained comparisons); the message names the rule id and the 1-based column.',
    fix: 'Correct the expression at the column given; docs/detection.md has the grammar, e.g. `rate(prompt_injection) > max(0.03, baseline + 3 sigma)`.',
  },
  DET_ERR_UNKNOWN_FUNCTION: {
    kind: 'user',
    meaning: 'A rule calls a function the expression language does not have.',
    fix: 'Use one of the functions listed in docs/detection.md (rate, binom, mean, pNN, count, entropy, entropy_normalized, psi, ks, zscore, cusum, prada, unique_rate, coverage, boundary, volume, max, min, abs).',
  },
  DET_ERR_UNKNOWN_SIGNAL: {
    kind: 'user',
    meaning: 'A function\'s argument is not a signal it accepts: an unknown namespace (only `feature:`), a per-key function given something other than `api_key`, or a subject that the function cannot follow.',
    fix: 'Name a signal the inspectors emit (`prompt_injection`, `latency_ms`, `error`, …), a feature as `feature:NAME` or `feature:INDEX`, and `api_key` for per-key functions.',
  },
  DET_ERR_BAD_ARGUMENT: {
    kind: 'user',
    meaning: 'A function got the wrong number of arguments, a parameter out of range, or a rule mixes per-key and per-version statistics.',
    fix: 'Check the function\'s signature in docs/detection.md; split per-key (prada, …) and per-version conditions into separate rules.',
  },
  DET_ERR_BASELINE_REF: {
    kind: 'user',
    meaning: '`baseline`, `baseline.<field>` or `sigma` is used where it means nothing: outside a comparison, in a comparison with no statistic or with several, or next to a statistic that has no baseline (binom, psi, ks, zscore, cusum, per-key functions).',
    fix: 'Compare exactly one statistic with its baseline, e.g. `rate(x) > baseline + 3 sigma`; binom, psi and ks already judge against the baseline themselves.',
  },
  DET_ERR_TYPE: {
    kind: 'user',
    meaning: 'The expression mixes numbers and conditions: the whole rule is not a condition, `and`/`or`/`not` is applied to a number, or a condition is used in arithmetic.',
    fix: 'Make the rule a comparison (`… > 0.25`) or a combination of comparisons with and/or.',
  },
  DET_ERR_NO_THRESHOLD: {
    kind: 'user',
    meaning: 'The expression refers to `threshold` but the rule sets no `threshold` (in bulwark.yaml or through a knob).',
    fix: 'Add `threshold: <number>` to the rule, or write the number into the expression.',
  },
  DET_ERR_NO_BASELINE: {
    kind: 'failure',
    meaning: 'A rule needs the baseline profile of the model version it judges, and none is loaded; its verdicts stay inconclusive (never anomalous) until one is.',
    fix: 'Build one with `bulwark baseline build` and attach it to the version in the registry (or pass it to the engine with setBaseline).',
  },
  DET_ERR_BAD_BASELINE: {
    kind: 'user',
    meaning: 'A baseline profile is malformed: wrong format tag, another model, or inconsistent histograms or feature statistics.',
    fix: 'Rebuild the profile with `bulwark baseline build` for this model and version.',
  },
  DET_ERR_EVALUATION: {
    kind: 'failure',
    meaning: 'Evaluating a rule threw (a bug or data the statistics reject); the verdict is `error`, which escalates to an anomaly only after `consecutiveErrorLimit` consecutive errors.',
    fix: 'Read the cause in the details; report it with the rule and the baseline if it persists.',
  },
  DET_ERR_LISTENER: {
    kind: 'failure',
    meaning: 'An anomaly or evaluation listener threw; the engine went on and the other listeners were called.',
    fix: 'Fix the listener (listeners must not throw); the cause is attached.',
  },
  DET_ERR_BAD_OPTION: {
    kind: 'user',
    meaning: 'An option of the detection engine is out of range (evaluation interval, caps, bins, PRADA settings).',
    fix: 'Use the documented ranges in docs/detection.md; the message names the option.',
  },
  DET_ERR_BAD_STATE: {
    kind: 'failure',
    meaning: 'A saved engine state given to restore() is malformed or from another format version.',
    fix: 'Start the engine without the saved state; windows refill within one window length.',
  },
});

export type DetectErrorCode = keyof typeof detectErrors.codes;
