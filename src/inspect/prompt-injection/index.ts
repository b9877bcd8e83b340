/**
 * @module inspect/prompt-injection
 * Public surface of the prompt-injection and jailbreak inspector: the factory, its rule
 * vocabulary, the artifact format and the training entry points used by
 * `npm run train:injection` and `npm run eval:inspectors`.
 */
export { createPromptInjectionInspector } from './inspector.js';
export type { PromptInjectionOptions } from './inspector.js';
export { PROMPT_INJECTION_DEFAULTS, PROMPT_INJECTION_ID } from './defaults.js';
export { RULE_TYPES } from './rule-types.js';
export type { RuleDef, RuleType } from './rule-types.js';
export { matchRules, RULES } from './rules.js';
export type { RuleHit } from './rules.js';
export { ARTIFACT_FORMAT, parseArtifact } from './artifact.js';
export type { LoadedModel, PromptInjectionArtifact, QuantisedLinear, TrainingRecord } from './artifact.js';
export { committedModel } from './model.js';
export { SIGNAL_NAMES } from './signals.js';
export type { CombinerWeights } from './signals.js';
