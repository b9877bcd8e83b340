/**
 * @module redteam/errors
 * Error catalog of the red-team suite (codes `RTM_ERR_*`): threat models, attack
 * parameters, feature constraints, query budgets, and the inputs and labels an attack runs
 * on. Messages name the field, parameter, sample or feature at fault; `details` carry the
 * same as data.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The `RTM` catalog.
 *
 * @example
 * throw redteamErrors.error('RTM_ERR_BAD_PARAMETER', 'pgd: parameter "steps" must be ≥ 1 (got 0)', { attack: 'pgd', parameter: 'steps' });
 */
export const redteamErrors = defineErrors('RTM', {
  RTM_ERR_THREAT_MODEL: {
    kind: 'user',
    meaning: 'A threat model field is invalid (unknown goal, knowledge or norm, a budget that is not a positive number, a clip range with min ≥ max); the message names the field.',
    fix: 'Fix the named field: goal untargeted|targeted, knowledge white-box|score-based|decision-only, norm inf|2|1, eps > 0, maxQueries a positive integer, clip [min, max] with min < max.',
  },
  RTM_ERR_UNKNOWN_ATTACK: {
    kind: 'user',
    meaning: 'No attack is registered under the given id.',
    fix: 'Use one of the ids the message lists (docs/redteam.md describes each attack).',
  },
  RTM_ERR_BAD_PARAMETER: {
    kind: 'user',
    meaning: 'An attack parameter is unknown to that attack or has an invalid value; the message names the attack and the parameter.',
    fix: 'Check the parameter table of the attack in docs/redteam.md (for example steps ≥ 1, stepSize > 0, randomInit ≥ 0).',
  },
  RTM_ERR_OUTSIDE_THREAT_MODEL: {
    kind: 'user',
    meaning: 'The attack does not cover the requested threat model: its goal, norm or budget kind is not among the ones it declares, or it needs more knowledge (gradients, scores) than the threat model grants.',
    fix: 'Pick an attack that declares this threat model (the message lists what the attack covers), or change the threat model (for example --norm 2, or drop --targeted).',
  },
  RTM_ERR_NEEDS_GRADIENTS: {
    kind: 'user',
    meaning: 'A white-box attack was run on a model that provides no gradients.',
    fix: 'Load the model with gradients (an ONNX file the importer supports, or a TF.js model), or run a black-box attack that only queries the model.',
  },
  RTM_ERR_QUERY_BUDGET: {
    kind: 'user',
    meaning: 'The attack, with these parameters, needs more model queries per sample than the threat model\'s query budget allows.',
    fix: 'Raise --max-queries to at least the figure in the message, or lower --steps / --random-init.',
  },
  RTM_ERR_QUERY_BUDGET_EXCEEDED: {
    kind: 'failure',
    meaning: 'An attack asked the model about a sample after that sample\'s query budget was spent (a bug in the attack: it must stop at the budget).',
    fix: 'Report it with the attack id and parameters; meanwhile raise --max-queries or leave it unset.',
  },
  RTM_ERR_CONSTRAINTS: {
    kind: 'user',
    meaning: 'A feature constraint declaration is invalid: unknown feature name or index, min greater than max, a one-hot group or categorical feature declared twice, or an empty set of allowed values.',
    fix: 'Fix the constraint at the path the message names (features are named by CSV column or by 0-based index into the flattened sample).',
  },
  RTM_ERR_INFEASIBLE_INPUT: {
    kind: 'user',
    meaning: 'A clean input already violates the clip range or a declared feature constraint, so no perturbation of it can satisfy them.',
    fix: 'Check the sample and feature the message names: scale the inputs to the clip range (for example --scale 1/255 for 8-bit pixels with --clip 0,1), or correct the constraint.',
  },
  RTM_ERR_INPUT: {
    kind: 'user',
    meaning: 'The attack inputs cannot be used: unknown file format, ragged or non-numeric rows, no samples, or a per-sample size that does not match the model input.',
    fix: 'Pass .npy, .csv (with --label-column / --exclude for non-feature columns), .jsonl (one array or {"input": [...], "label": k} per line) or an IDX file whose per-sample size equals the model\'s input size.',
  },
  RTM_ERR_LABELS: {
    kind: 'user',
    meaning: 'The labels or target classes do not fit the inputs or the model: wrong count, not integers, or outside [0, classes).',
    fix: 'Give one integer label per sample in [0, classes) (or --labels predicted), and a --target-class the model can output.',
  },
  // Retired: remote models are attacked since the black-box attacks landed (a white-box attack
  // on a URL is RTM_ERR_OUTSIDE_THREAT_MODEL). Kept listed, never reused.
  RTM_ERR_REMOTE_MODEL: {
    kind: 'user',
    meaning: 'No longer raised. It meant that a model URL was given before attacks on remote (Open Inference Protocol) models existed.',
    fix: 'Nothing to do: pass the URL to a black-box attack (square, hopskipjump, simba); a white-box attack on a URL is refused with RTM_ERR_OUTSIDE_THREAT_MODEL.',
    removed: true,
  },
});

/** A code of the `RTM` catalog. */
export type RedteamErrorCode = keyof typeof redteamErrors.codes;
