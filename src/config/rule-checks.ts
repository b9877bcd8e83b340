/**
 * @module config/rule-checks
 * A pluggable check of rules' `when` expressions. The config context keeps the expression
 * as text (it may not import the detect context, which parses it); the composition root
 * (app/) registers the detect context's validator here, and the rule schema runs every
 * registered check, so `bulwark config validate` and every reload report a bad expression
 * with its path: `models.fraud.rules[0].when: rule "x": … at column 12 (DET_ERR_RULE_PARSE)`.
 */

/** The fields of a rule a check reads. */
export interface RuleExpression {
  readonly id: string;
  readonly when: string;
  readonly threshold?: number | undefined;
}

/** Returns the problem with the rule's expression as one line, or undefined when it is fine. */
export type RuleExpressionCheck = (rule: RuleExpression) => string | undefined;

const checks = new Set<RuleExpressionCheck>();

/**
 * Registers a check run on every rule's `when` during validation; returns its unregister.
 * Registering the same function twice has no further effect.
 *
 * @example
 * registerRuleExpressionCheck(validateRuleExpression); // app/rule-validation.ts
 */
export function registerRuleExpressionCheck(check: RuleExpressionCheck): () => void {
  checks.add(check);
  return () => checks.delete(check);
}

/**
 * The problems the registered checks find in `rule`'s expression.
 *
 * @example
 * ruleExpressionProblems({ id: 'x', when: 'rate(x) >' }); // ['rule "x": … at column 10 (DET_ERR_RULE_PARSE)'] once app/ registered the check
 */
export function ruleExpressionProblems(rule: RuleExpression): string[] {
  const problems: string[] = [];
  for (const check of checks) {
    const problem = check(rule);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
