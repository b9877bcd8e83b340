/**
 * @module config/errors
 * Error catalog of the config context: reading, parsing, env substitution and validation
 * of `bulwark.yaml` and of the knobs file. Every error names the file and, where it can,
 * the config path (`models.fraud.route.active`) or the line and column.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The `CFG_ERR_*` codes.
 *
 * @example
 * throw configErrors.error('CFG_ERR_FILE_NOT_FOUND', 'bulwark.yaml does not exist', { file: 'bulwark.yaml' });
 */
export const configErrors = defineErrors('CFG', {
  CFG_ERR_FILE_NOT_FOUND: {
    kind: 'user',
    meaning: 'The config (or knobs) file does not exist.',
    fix: 'Check the path; relative paths are resolved from the current directory.',
  },
  CFG_ERR_READ_FAILED: {
    kind: 'user',
    meaning: 'The config (or knobs) file exists but could not be read (a folder, or no permission).',
    fix: 'Point at a regular file that the bulwark process can read.',
  },
  CFG_ERR_YAML_SYNTAX: {
    kind: 'user',
    meaning: 'The file is not valid YAML; `details.line` and `details.column` locate the first error.',
    fix: 'Fix the YAML at the reported line and column (quote values that contain `: `, `#`, `{` or `}`).',
  },
  CFG_ERR_MISSING_ENV: {
    kind: 'user',
    meaning: 'The file refers to `${VAR}` but VAR is not set in the environment; `details.problems` names each path and variable.',
    fix: 'Set the variable, or write `$${VAR}` for a literal `${VAR}`.',
  },
  CFG_ERR_INVALID: {
    kind: 'user',
    meaning: 'The file does not match the schema; `details.problems` lists every problem as `path: message`.',
    fix: 'Fix each listed path; `schema/bulwark.schema.json` documents every field.',
  },
  CFG_ERR_WRITE_FAILED: {
    kind: 'failure',
    meaning: 'A generated file (such as the JSON Schema) could not be written.',
    fix: 'Check that the output folder exists and is writable.',
  },
});

/** A code of the config catalog. */
export type ConfigErrorCode = keyof typeof configErrors.codes;
