/**
 * @module config/load
 * Loading `bulwark.yaml`: read the file, substitute `${VAR}`, parse YAML, validate with
 * the schema, and return a deeply frozen config. Every failure is a CFG_ERR_* error that
 * names the file and the path or line; nothing here prints, and secrets never reach an
 * error message (problems name paths and variables, not values).
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { configErrors } from './errors.js';
import type { EnvMap } from './env.js';
import { friendlyErrors, issuesToProblems, problemLine } from './issues.js';
import type { ConfigProblem, Locate } from './issues.js';
import { deepFreeze } from './freeze.js';
import type { DeepReadonly } from './freeze.js';
import { markSecretPaths } from './secret-paths.js';
import { bulwarkConfigSchema } from './schema.js';
import type { BulwarkConfig } from './schema.js';
import { parseYamlSource } from './yaml-source.js';

/** Options shared by the loaders. */
export interface LoadOptions {
  /** Variables for `${VAR}` substitution; inject `process.env` at the edge. */
  readonly env: EnvMap;
}

/**
 * Parses and validates config text against `schema` (the config or the knobs schema).
 * Throws CFG_ERR_YAML_SYNTAX, CFG_ERR_MISSING_ENV or CFG_ERR_INVALID.
 *
 * @example
 * const knobs = parseYamlWith(knobsSchema, text, { file: 'bulwark.knobs.yaml', env: {} });
 */
export function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  options: LoadOptions & { readonly file: string },
): DeepReadonly<z.output<S>> {
  const source = parseYamlSource(text, options);
  const result = validateWith(schema, source.value, source.locate);
  if (!result.ok) throw invalidError(options.file, result.problems);
  const value = result.value;
  if (value !== null && typeof value === 'object') markSecretPaths(value, source.envPaths);
  return deepFreeze(value) as DeepReadonly<z.output<S>>;
}

/** The outcome of validating plain data against a schema. */
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Validates plain data (no YAML, no env substitution, no freezing) and returns every
 * problem with its path; for data that arrives as JSON (the control-plane API).
 *
 * @example
 * const result = validateWith(bulwarkConfigSchema, JSON.parse(body));
 * if (!result.ok) return reply(400, result.problems.map(problemLine));
 */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown, locate?: Locate): Validation<z.output<S>> {
  const result = schema.safeParse(value, { error: friendlyErrors });
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: issuesToProblems(result.error.issues, locate) };
}

/**
 * Parses and validates the text of a `bulwark.yaml`; `file` is only used in messages.
 *
 * @example
 * const config = parseConfig(text, { file: 'bulwark.yaml', env: process.env });
 */
export function parseConfig(text: string, options: LoadOptions & { readonly file: string }): BulwarkConfig {
  return parseYamlWith(bulwarkConfigSchema, text, options) as BulwarkConfig;
}

/**
 * Reads, substitutes, parses and validates `file`. Resolves to a deeply frozen config.
 * Rejects with CFG_ERR_FILE_NOT_FOUND, CFG_ERR_READ_FAILED, CFG_ERR_YAML_SYNTAX,
 * CFG_ERR_MISSING_ENV or CFG_ERR_INVALID.
 *
 * @example
 * const config = await loadConfigFile('/etc/bulwark/bulwark.yaml', { env: process.env });
 * config.server.listen; // '127.0.0.1:8080'
 */
export async function loadConfigFile(file: string, options: LoadOptions): Promise<BulwarkConfig> {
  return parseConfig(await readConfigText(file), { ...options, file });
}

/**
 * Reads a config or knobs file as UTF-8, turning fs errors into CFG errors. `display` is
 * the name used in messages (default: `file`), e.g. the path as the user typed it.
 *
 * @example
 * const text = await readConfigText('/work/bulwark.yaml', 'bulwark.yaml');
 */
export async function readConfigText(file: string, display: string = file): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw configErrors.error('CFG_ERR_FILE_NOT_FOUND', `${display} does not exist`, { file: display }, err);
    }
    const reason = code === 'EISDIR' ? 'it is a folder' : (code ?? 'unknown error');
    throw configErrors.error('CFG_ERR_READ_FAILED', `${display} cannot be read (${reason})`, { file: display, errno: code ?? null }, err);
  }
}

function invalidError(file: string, problems: readonly ConfigProblem[]): Error {
  const count = problems.length;
  return configErrors.error('CFG_ERR_INVALID', `${file}: ${count} problem${count === 1 ? '' : 's'}`, {
    file,
    problems: problems.map(problemLine),
    issues: problems.map((p) => ({ ...p })),
  });
}
