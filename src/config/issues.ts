/**
 * @module config/issues
 * Turns zod issues into the `path: message` lines users read (`models.fraud.route.active:
 * version "v3" is not declared …`): one line per problem, unknown keys one per key, and a
 * line number when the source document can locate the path.
 */
import type { z } from 'zod';

/** A segment of a config path: an object key or an array index. */
export type PathSegment = string | number;

/** One validation problem with a printable path. */
export interface ConfigProblem {
  /** Dotted path, `(root)` for the document itself, e.g. `models.fraud.rules[2].window`. */
  readonly path: string;
  readonly message: string;
  /** 1-based line in the source file, when known. */
  readonly line?: number;
}

const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Formats a path: identifiers joined by dots, indexes in brackets, other keys quoted.
 *
 * @example
 * formatPath(['models', 'fraud', 'rules', 2, 'window']); // 'models.fraud.rules[2].window'
 * formatPath(['models', 'fraud', 'versions', 'v1.2']);    // 'models.fraud.versions["v1.2"]'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && SIMPLE_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** Finds the line of a path in the source; undefined when unknown. */
export type Locate = (path: readonly PathSegment[]) => number | undefined;

/**
 * One problem per issue (per key for unknown keys), in document order when lines are known.
 *
 * @example
 * issuesToProblems(result.error.issues).map(problemLine);
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], locate?: Locate): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s === 'string' || typeof s === 'number');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(problem([...path, key], 'unknown key', locate));
    } else {
      problems.push(problem(path, issue.message, locate));
    }
  }
  // Document order reads best; sort is stable, so problems on one line keep zod's order.
  return problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function problem(path: PathSegment[], message: string, locate: Locate | undefined): ConfigProblem {
  const line = locate?.(path);
  return line === undefined ? { path: formatPath(path), message } : { path: formatPath(path), message, line };
}

/**
 * The printed form: `path: message (line N)`.
 *
 * @example
 * problemLine({ path: 'server.listen', message: 'expected host:port', line: 3 }); // 'server.listen: expected host:port (line 3)'
 */
export function problemLine(problem: ConfigProblem): string {
  return problem.line === undefined ? `${problem.path}: ${problem.message}` : `${problem.path}: ${problem.message} (line ${problem.line})`;
}

/**
 * Per-parse error messages: a missing field says "required" rather than "received
 * undefined", and an empty section says so rather than "received null".
 * Pass as `schema.safeParse(value, { error: friendlyErrors })`.
 */
export function friendlyErrors(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return `required (expected ${String(issue.expected)})`;
  // `server:` with nothing under it, or a file with only comments.
  if (issue.input === null && (issue.expected === 'object' || issue.expected === 'record')) return 'empty (expected a mapping of settings)';
  return undefined;
}
