/**
 * @module inspect/prompt-injection/pattern-kit
 * Small helpers to write rule patterns readably: alternatives one per line, bounded
 * filler between words, and the rule constructor that compiles the pattern once (global
 * flag, for `exec` loops).
 */
import type { RuleDef, RuleType } from './rule-types.js';

/**
 * A non-capturing group of alternatives.
 *
 * @example
 * alt('ignore', 'disregard'); // '(?:ignore|disregard)'
 */
export function alt(...parts: readonly string[]): string {
  return `(?:${parts.join('|')})`;
}

/**
 * Up to `n` arbitrary words (lazy), each followed by whitespace: bounded, so matching stays linear.
 *
 * @example
 * new RegExp(`ignore\\s+${filler(2)}rules`).test('ignore all the rules'); // true
 */
export function filler(n: number): string {
  return `(?:[^\\s]+\\s+){0,${n}}?`;
}

/**
 * A rule whose pattern is the alternation of `alternatives`, compiled once.
 *
 * @example
 * rule('role_play', 'en', ['dan'], '\\bdan mode\\b');
 */
export function rule(type: RuleType, lang: RuleDef['lang'], triggers: readonly string[], ...alternatives: readonly string[]): RuleDef {
  return { type, lang, triggers, pattern: new RegExp(alternatives.length === 1 ? (alternatives[0] ?? '') : alt(...alternatives), 'g') };
}
