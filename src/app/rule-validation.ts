/**
 * @module app/rule-validation
 * Wires the detect context's rule parser into config validation (config may not import
 * detect): after `installRuleValidation()`, validating a bulwark.yaml — `bulwark config
 * validate`, start-up, every hot reload — reports a bad `when` expression with its path and
 * column, e.g. `models.fraud.rules[0].when: rule "entropy-collapse": unknown function
 * "entropi" (did you mean entropy?) at column 1 (DET_ERR_UNKNOWN_FUNCTION)`.
 */
import { registerRuleExpressionCheck } from '../config/index.js';
import { validateRuleExpression } from '../detect/index.js';

/**
 * Registers the rule-expression check (idempotent). The CLI calls it before any command.
 *
 * @example
 * installRuleValidation(); parseConfig(text, { file, env }); // bad expressions are CFG_ERR_INVALID problems
 */
export function installRuleValidation(): void {
  registerRuleExpressionCheck(validateRuleExpression);
}
