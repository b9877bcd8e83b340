/**
 * @module inspect/errors
 * Error catalog of the inspectors (`INS_ERR_*`): bad inspector options, bad spans given to
 * redaction, and bad input to `bulwark inspect`. Inspecting hostile text never throws: a
 * text that cannot be inspected is a finding with `error` set. These errors are for
 * callers' mistakes only.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The catalog of inspect/. Build errors with `inspectErrors.error(code, message, details)`.
 *
 * @example
 * throw inspectErrors.error('INS_ERR_UNKNOWN_ENTITY', 'unknown entity "PERSON"', { entity: 'PERSON' });
 */
export const inspectErrors = defineErrors('INS', {
  INS_ERR_UNKNOWN_ENTITY: {
    kind: 'user',
    meaning: 'An entity type given to the PII inspector (option `entities`) is not one it knows.',
    fix: 'Use the entity types listed in docs/inspectors.md (EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN, IP_ADDRESS, AWS_ACCESS_KEY, …).',
  },
  INS_ERR_INVALID_OPTION: {
    kind: 'user',
    meaning: 'An inspector or redaction option is out of range or missing (a threshold outside 0..1, a non-positive input cap, the hash style without a salt).',
    fix: 'Correct the option named in the message; docs/inspectors.md lists every option with its range and default.',
  },
  INS_ERR_INVALID_SPANS: {
    kind: 'user',
    meaning: 'Spans given to redaction are outside the text, empty, not integers, or overlap one another.',
    fix: 'Pass the spans of a finding for the same text (they never overlap), or fix the offsets named in the message.',
  },
  INS_ERR_UNKNOWN_DETECTOR: {
    kind: 'user',
    meaning: 'The detector named with `bulwark inspect --detector` is not registered.',
    fix: 'Use one of the detectors listed by `bulwark inspect --help`, or `all`.',
  },
  INS_ERR_INPUT_LINE: {
    kind: 'user',
    meaning: 'A line of the `bulwark inspect` input is not valid JSON, or its text field is missing or not a string.',
    fix: 'Fix the line named in the message: each non-blank line must be a JSON object whose --field (default `text`) is a string, or a JSON string.',
  },
  INS_ERR_MODEL_INVALID: {
    kind: 'failure',
    meaning: 'The prompt-injection model artifact (src/inspect/prompt-injection/model.json) is malformed: wrong format tag or hash size, non-numeric weights, or a threshold outside (0, 1).',
    fix: 'Restore the committed model.json, or regenerate it with `npm run train:injection`.',
  },
  INS_ERR_TRAINING_DATA: {
    kind: 'user',
    meaning: 'The training or evaluation data of the prompt-injection model is missing or malformed (a file of ../shared/data absent, a line that is not JSON, a field of the wrong type).',
    fix: 'Put the public data under ../shared/data (or set BULWARK_SHARED_DATA) as listed in its SOURCES.md, and fix the file named in the message.',
  },
  INS_ERR_BASELINE_INVALID: {
    kind: 'user',
    meaning: 'A baseline profile is malformed or unusable: not `bulwark.baseline/v1` JSON, a field of the wrong type, inconsistent feature statistics, or a covariance that is not positive definite.',
    fix: 'Rebuild the profile with `bulwark baseline build` (docs/inspectors.md, "Baselines"); do not edit profiles by hand.',
  },
  INS_ERR_BASELINE_INPUT: {
    kind: 'user',
    meaning: 'The input of `bulwark baseline build` cannot be used: a traffic line that is not a RequestEvent JSON object, a dataset CSV without numeric feature columns, a named column that does not exist, or no usable rows at all.',
    fix: 'Fix the file, line or column named in the message: traffic is JSON Lines of RequestEvents (as the gateway publishes them), a dataset is a CSV with a header and numeric feature columns.',
  },
  INS_ERR_BASELINE_MISMATCH: {
    kind: 'user',
    meaning: 'Baseline profiles given to `bulwark baseline merge` cannot be merged: different model or version, source kinds, feature names, histogram edges, sketch accuracy, window lengths or shrinkage intensities.',
    fix: 'Merge only profiles of the same model version built by the same bulwark with the same options (--window-ms, --window-rows, --shrinkage).',
  },
  INS_ERR_SQUEEZE_INPUT: {
    kind: 'user',
    meaning: 'Feature squeezing cannot be set up for this model: its signature has no single numeric input, the calibration set is empty or does not match the input width, or a squeezer option is out of range.',
    fix: 'Use a model with one FP32 input (tabular [-1, F] or image [-1, C, H, W] / [-1, H, W, C] / [-1, k·k] with a range), and calibrate on rows of that width.',
  },
});
