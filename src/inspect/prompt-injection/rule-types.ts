/**
 * @module inspect/prompt-injection/rule-types
 * The rule vocabulary of the prompt-injection inspector: the span types rules emit and the
 * shape of a rule definition. Patterns are written for the normaliser's output (lower
 * case, diacritics folded: German `ü` is `u`) and, where a word has an `l`, accept `i` for
 * it (the leetspeak copy reads `1` as `i`).
 */

/** The types of rule spans (also the rule-feature names of the trained combiner). */
export const RULE_TYPES = [
  'instruction_override',
  'role_play',
  'system_prompt_extraction',
  'delimiter_injection',
  'role_marker',
] as const;

/**
 * `instruction_override`: "ignore all previous instructions", "vergiss alles";
 * `role_play`: persona and jailbreak set-ups (DAN, "you are now", developer mode, "act as …
 * without restrictions"); `system_prompt_extraction`: "repeat your system prompt", "what
 * were you told"; `delimiter_injection`: fake chat-template tokens and tags (`</system>`,
 * `[INST]`, `<|im_start|>`, `### Instruction`), comment smuggling; `role_marker`: a bare
 * `assistant:`/`system:` turn marker, a weak form of delimiter injection (transcripts use it).
 */
export type RuleType = (typeof RULE_TYPES)[number];

/** One rule: where it applies and what it matches. */
export interface RuleDef {
  readonly type: RuleType;
  /** The language the pattern is written in (`any` for symbols). */
  readonly lang: 'en' | 'de' | 'any';
  /** The rule runs only when one of these substrings occurs (a cheap gate before the regex). */
  readonly triggers: readonly string[];
  /** A global (`g`) pattern over normalised, lower-case text. */
  readonly pattern: RegExp;
}
