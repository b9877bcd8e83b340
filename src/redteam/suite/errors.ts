/**
 * @module redteam/suite/errors
 * Error catalog of `bulwark redteam run` (codes `RTM_ERR_SUITE_*`, `RTM_ERR_REPORT_*`):
 * the suite file, its models and datasets, baselines and registration. Messages name the
 * path in the suite (`attacks[2].threat.eps`) or the file at fault. The codes share the
 * RTM prefix with redteam/errors.ts; every name here carries SUITE or REPORT.
 */
import { defineErrors } from '../../shared/errors.js';

/**
 * The catalog of the red-team suite.
 *
 * @example
 * throw suiteErrors.error('RTM_ERR_SUITE_INVALID', 'suite.yaml: attacks[1].model: unknown model "credit2" (models: credit, digits)', { path: 'attacks[1].model' });
 */
export const suiteErrors = defineErrors('RTM', {
  RTM_ERR_SUITE_INVALID: {
    kind: 'user',
    meaning: 'The suite file is not valid: a YAML syntax error, an unknown or missing field, a reference to a model, dataset or attack that the suite does not define, or an attack outside its threat model; the message names the path of the first problem and `details.problems` lists them all.',
    fix: 'Fix the field at the named path; docs/redteam.md, "Suite file", lists every field.',
  },
  RTM_ERR_SUITE_MODEL: {
    kind: 'user',
    meaning: 'A model of the suite cannot be prepared: its artifact is missing or unreadable, its training data is missing, or its remote endpoint cannot be used.',
    fix: 'Check the model\'s `artifact`, `url` or `train` entry named in the message (relative paths are resolved from the suite file; `shared:` paths from ../shared/data or BULWARK_SHARED_DATA).',
  },
  RTM_ERR_SUITE_DATASET: {
    kind: 'user',
    meaning: 'A dataset of the suite cannot be read or does not fit its model (missing file, wrong feature count, fewer rows than asked, no hold-out split to take).',
    fix: 'Check the dataset entry named in the message against its model\'s input.',
  },
  RTM_ERR_REPORT_BASELINE: {
    kind: 'user',
    meaning: 'The baseline report (--baseline FILE, or the LKG\'s registered report) is not a bulwark red-team report this version can read.',
    fix: 'Pass a report.json written by `bulwark redteam run` (format bulwark.redteam-report/v1), or register a fresh one for the LKG.',
  },
  RTM_ERR_REPORT_REGISTER: {
    kind: 'user',
    meaning: '--register needs each model to name its registry version (`registry: { model, version }`) and that version to be registered.',
    fix: 'Add `registry:` to the models of the suite and register the versions first (`bulwark registry add`).',
  },
});

/** A code of the suite catalog. */
export type SuiteErrorCode = keyof typeof suiteErrors.codes;
