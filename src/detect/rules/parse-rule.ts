/**
 * @module detect/rules/parse-rule
 * The public entry points of the rule language: `parseRule` (parse and check once; throws
 * a DET error naming the rule id and the 1-based column) and `validateRuleExpression`, the
 * non-throwing form config validation calls for every `models.<m>.rules[i]` so that
 * `bulwark config validate` reports `models.fraud.rules[0].when: … at column 12`.
 */
import { isBulwarkError } from '../../shared/errors.js';
import { compileExpression } from './analyze.js';
import type { CompiledExpression } from './analyze.js';
import { printExpr } from './print.js';

/** A parsed, checked rule expression. */
export interface ParsedRule {
  readonly id: string;
  readonly expression: CompiledExpression;
  /** `series` (per model version) or `key` (per API key: prada, unique_rate, …). */
  readonly scope: 'series' | 'key';
  /** The statistics it computes, canonical (`rate(prompt_injection)`). */
  readonly statistics: readonly string[];
  /** The expression printed canonically. */
  readonly canonical: string;
}

/**
 * Parses and checks `when` of rule `id` (with its `threshold`, when the expression uses it).
 * Throws DET_ERR_RULE_PARSE, DET_ERR_UNKNOWN_FUNCTION, DET_ERR_UNKNOWN_SIGNAL,
 * DET_ERR_BAD_ARGUMENT, DET_ERR_BASELINE_REF, DET_ERR_TYPE or DET_ERR_NO_THRESHOLD; the
 * error's details carry `rule` and `column`.
 *
 * @example
 * parseRule('injection-surge', 'rate(prompt_injection) > max(0.03, baseline + 3 sigma)').statistics; // ['rate(prompt_injection)']
 */
export function parseRule(id: string, when: string, threshold?: number): ParsedRule {
  const expression = compileExpression(when, id, threshold);
  return { id, expression, scope: expression.scope, statistics: expression.calls.map((c) => c.text), canonical: printExpr(expression.root) };
}

/**
 * The problem with a rule's expression as one line (`DET_ERR_RULE_PARSE rule "x": … at
 * column 12`), or undefined when it is valid. Never throws for a bad expression.
 *
 * @example
 * validateRuleExpression({ id: 'x', when: 'rate(x) >' }); // 'rule "x": expected a number, a function or "(", found the end of the expression at column 10 (DET_ERR_RULE_PARSE)'
 */
export function validateRuleExpression(rule: { readonly id: string; readonly when: string; readonly threshold?: number | undefined }): string | undefined {
  try {
    parseRule(rule.id, rule.when, rule.threshold);
    return undefined;
  } catch (err) {
    if (isBulwarkError(err)) return `${err.message} (${err.code})`;
    throw err;
  }
}
