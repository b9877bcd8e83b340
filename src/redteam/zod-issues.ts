/**
 * @module redteam/zod-issues
 * Turns zod issues into `field: problem` lines for the red-team errors (threat model
 * fields, attack parameters). Unknown keys get one line each, naming the key.
 */
import type { z } from 'zod';

/**
 * One line per issue: `path: message`, with the dotted path of the field.
 *
 * @example
 * formatIssues(result.error.issues); // ['eps: Too small: expected number to be >0']
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map((s) => (typeof s === 'number' ? `[${s}]` : String(s)))].filter((s) => s !== '').join('.').replace(/\.\[/g, '[');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${path === '' ? '' : `${path}.`}${key}: unknown field`);
    } else {
      lines.push(`${path === '' ? '(root)' : path}: ${issue.message}`);
    }
  }
  return lines;
}
