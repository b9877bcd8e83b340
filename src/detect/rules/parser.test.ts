import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { parseRule, validateRuleExpression } from './parse-rule.js';
import { tokenize } from './tokenizer.js';

describe('rule expressions that parse', () => {
  it.each([
    ['rate(prompt_injection) > max(0.03, baseline + 3 sigma)', ['rate(prompt_injection)'], 'rate(prompt_injection) > max(0.03, baseline + 3 * sigma)'],
    ['entropy(input_fingerprint) < baseline.p01', ['entropy(input_fingerprint)'], 'entropy(input_fingerprint) < baseline.p01'],
    ['psi(feature:amount) > 0.25', ['psi(feature:amount)'], 'psi(feature:amount) > 0.25'],
    ['ks(confidence) < 0.01', ['ks(confidence)'], 'ks(confidence) < 0.01'],
    ['zscore(latency_p99) > 4', ['zscore(p99(latency_ms))'], 'zscore(p99(latency_ms)) > 4'],
    ['cusum(error_rate)', ['cusum(rate(error))'], 'cusum(rate(error)) > 8'],
    ['cusum(error_rate, 10, 1)', ['cusum(rate(error), 10, 1)'], 'cusum(rate(error), 10, 1) > 10'],
    ['rate(shadow_disagree) > 0.1', ['rate(shadow_disagree)'], 'rate(shadow_disagree) > 0.1'],
    ['prada(api_key) < 0.90', ['prada(api_key)'], 'prada(api_key) < 0.9'],
    ['binom(prompt_injection) < 0.001', ['binom(prompt_injection)'], 'binom(prompt_injection) < 0.001'],
    ['rate(x) > 3% and not (mean(y) <= -2.5e-1)', ['rate(x)', 'mean(y)'], 'rate(x) > 0.03 and not mean(y) <= -0.25'],
    ['p99(latency_ms) > 2 * baseline or p999(latency) > baseline.p999', ['p99(latency_ms)', 'p999(latency_ms)'], 'p99(latency_ms) > 2 * baseline or p999(latency_ms) > baseline.p999'],
    ['psi(feature:"checkout_metadata=none") > 0.1 and ks(feature:3) < 0.001', ['psi(feature:"checkout_metadata=none")', 'ks(feature:3)'], 'psi(feature:"checkout_metadata=none") > 0.1 and ks(feature:3) < 0.001'],
    ['zscore(rate(error)) >= 3 or entropy_normalized(input_fingerprint) < baseline - 4 sigma', ['zscore(rate(error))', 'entropy_normalized(input_fingerprint)'], 'zscore(rate(error)) >= 3 or entropy_normalized(input_fingerprint) < baseline - 4 * sigma'],
    ['(1 - rate(ok_flag)) / 2 != abs(min(-1, mean(z)))', ['rate(ok_flag)', 'mean(z)'], '(1 - rate(ok_flag)) / 2 != abs(min(-1, mean(z)))'],
  ])('%s', (when, statistics, canonical) => {
    const parsed = parseRule('r', when);
    expect(parsed.statistics).toEqual(statistics);
    expect(parsed.canonical).toBe(canonical);
    expect(parseRule('r', parsed.canonical).canonical).toBe(canonical); // printing is stable
  });

  it('knows per-key rules', () => {
    expect(parseRule('x', 'prada(api_key) < 0.9 or coverage(api_key) > 0.98').scope).toBe('key');
    expect(parseRule('x', 'rate(error) > 0.1').scope).toBe('series');
  });

  it('accepts `threshold` when the rule sets one', () => {
    expect(parseRule('x', 'psi(feature:amount) > threshold', 0.25).expression.usesThreshold).toBe(true);
  });

  it('tokenizes with 1-based columns', () => {
    expect(tokenize({ rule: 'r', text: 'rate(x) >= 3%' }).map((t) => [t.kind, t.text, t.column])).toEqual([
      ['ident', 'rate', 1], ['(', '(', 5], ['ident', 'x', 6], [')', ')', 7], ['op', '>=', 9], ['number', '3%', 12], ['end', '', 14],
    ]);
  });
});

describe('rule expressions that do not parse name the rule and the column', () => {
  it.each([
    ['', 'DET_ERR_RULE_PARSE', 1, 'the expression is empty'],
    ['rate(x) >', 'DET_ERR_RULE_PARSE', 10, 'expected a number, a function or "(", found the end of the expression'],
    ['rate(x) > (baseline + 3 sigma', 'DET_ERR_RULE_PARSE', 30, 'expected ")"'],
    ['rate(x) > 0.1)', 'DET_ERR_RULE_PARSE', 14, 'unbalanced parenthesis'],
    ['rate(x) > 1 > 2', 'DET_ERR_RULE_PARSE', 13, 'comparisons cannot be chained'],
    ['rate(x) > 1 && rate(y) > 2', 'DET_ERR_RULE_PARSE', 13, 'use "and" instead of "&&"'],
    ['rate(x) = 1', 'DET_ERR_RULE_PARSE', 9, 'use "==" to compare'],
    ['rate(x) > 3sigma', 'DET_ERR_RULE_PARSE', 12, 'a number must be followed by a space or an operator'],
    ['rate(x) > $', 'DET_ERR_RULE_PARSE', 11, 'unexpected character "$"'],
    ['rate(x) > foo', 'DET_ERR_RULE_PARSE', 11, 'unknown name "foo"'],
    ['rate > 1', 'DET_ERR_RULE_PARSE', 6, '"rate" is a function'],
    ['entropy(x) < baseline.p1x', 'DET_ERR_RULE_PARSE', 23, 'unknown baseline field "p1x"'],
    ['psi(feature:"amount) > 1', 'DET_ERR_RULE_PARSE', 13, 'the string is never closed'],
    ['rat(x) > 1', 'DET_ERR_UNKNOWN_FUNCTION', 1, 'unknown function "rat" (did you mean rate?)'],
    ['rate(x) > 1 and entrop(y) < 2', 'DET_ERR_UNKNOWN_FUNCTION', 17, 'did you mean entropy?'],
    ['rate(foo:bar) > 1', 'DET_ERR_UNKNOWN_SIGNAL', 6, 'unknown signal namespace "foo:"'],
    ['prada(x) < 0.9', 'DET_ERR_UNKNOWN_SIGNAL', 7, 'prada() is judged per API key: write prada(api_key)'],
    ['rate(api_key) > 0.1', 'DET_ERR_UNKNOWN_SIGNAL', 6, 'api_key is only an argument of the per-key functions'],
    ['cusum(latency_p99)', 'DET_ERR_UNKNOWN_SIGNAL', 7, 'cusum() follows rate or mean statistics, not quantile'],
    ['psi(input_fingerprint) > 0.1', 'DET_ERR_UNKNOWN_SIGNAL', 5, 'input_fingerprint is a hash'],
    ['max(1) > rate(x)', 'DET_ERR_BAD_ARGUMENT', 1, 'max() takes 2 to 16 arguments, got 1'],
    ['cusum(error_rate, 500)', 'DET_ERR_BAD_ARGUMENT', 19, 'parameter h must be in [0.1, 100], got 500'],
    ['rate(x, 1) > 0', 'DET_ERR_BAD_ARGUMENT', 9, 'rate() takes no parameters'],
    ['prada(api_key) < 0.9 and rate(x) > 0.1', 'DET_ERR_BAD_ARGUMENT', 1, 'cannot mix per-key statistics'],
    ['1 > 0', 'DET_ERR_BAD_ARGUMENT', 1, 'the rule measures nothing'],
    ['psi(feature:amount) > baseline', 'DET_ERR_BASELINE_REF', 23, 'psi() has no baseline'],
    ['rate(a) > rate(b) + sigma', 'DET_ERR_BASELINE_REF', 21, 'ambiguous between rate(a) and rate(b)'],
    ['rate(a) > 0.1 and baseline > 0.2', 'DET_ERR_BASELINE_REF', 19, 'there is no statistic in this comparison'],
    ['rate(x)', 'DET_ERR_TYPE', 1, 'the rule must be a condition: compare it, e.g. rate(x) > 0.1'],
    ['rate(x) > 1 and 2', 'DET_ERR_TYPE', 17, 'expected a condition'],
    ['(rate(x) > 1) + 1 > 0', 'DET_ERR_TYPE', 2, 'a condition cannot be used as a number'],
    ['psi(feature:amount) > threshold', 'DET_ERR_NO_THRESHOLD', 23, 'refers to `threshold` but the rule sets none'],
  ])('%s → %s at column %i', (when, code, column, problem) => {
    const err = thrown(() => parseRule('drift', when));
    expect(err.code).toBe(code);
    expect(err.details).toMatchObject({ rule: 'drift', column, expression: when });
    expect(err.message).toContain(problem);
    expect(err.message).toMatch(new RegExp(`^rule "drift": .* at column ${column}$`));
  });

  it('validateRuleExpression returns the problem as one line, or undefined', () => {
    expect(validateRuleExpression({ id: 'ok', when: 'rate(error) > 0.1' })).toBeUndefined();
    expect(validateRuleExpression({ id: 'entropy-collapse', when: 'entropy(input_fingerprint) << 1' })).toBe('rule "entropy-collapse": expected a number, a function or "(", found "<" at column 29 (DET_ERR_RULE_PARSE)');
    expect(validateRuleExpression({ id: 't', when: 'rate(x) > threshold', threshold: 0.1 })).toBeUndefined();
  });
});
