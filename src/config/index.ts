/**
 * @module config
 * Public surface of the config context: the `bulwark.yaml` schema and its types,
 * loading with `${VAR}` substitution, redaction, hot reload, knobs (the `KnobsSource`
 * port, the file source, effective values) and the generated JSON Schema.
 * Other contexts import from here only.
 */
export { configErrors } from './errors.js';
export type { ConfigErrorCode } from './errors.js';
export { CONFIG_DEFAULTS } from './defaults.js';
export { DURATION_PATTERN, durationMs, parseDurationMs } from './duration.js';
export { bulwarkConfigSchema } from './schema.js';
export type {
  AlertSinkConfig,
  ApiKeyConfig,
  BulwarkConfig,
  BulwarkConfigInput,
  ControlConfig,
  ControlTokenConfig,
  InspectorConfig,
  KnobsSourceConfig,
  ModelConfig,
  OutputConfig,
  RollbackConfig,
  RuleConfig,
  ServerConfig,
  StoreConfig,
} from './schema.js';
export { MODEL_PROTOCOLS } from './model-schema.js';
export { CONTROL_ROLES } from './control-schema.js';
export type { ControlRole } from './control-schema.js';
export type { ModelProtocol } from './model-schema.js';
export { ROLLBACK_STRATEGIES, RULE_ACTIONS, SEVERITIES } from './rule-schema.js';
export { registerRuleExpressionCheck } from './rule-checks.js';
export type { RuleExpression, RuleExpressionCheck } from './rule-checks.js';
export type { RollbackStrategy, RuleAction, Severity } from './rule-schema.js';
export type { EnvMap } from './env.js';
export type { DeepReadonly } from './freeze.js';
export { formatPath, problemLine } from './issues.js';
export type { ConfigProblem } from './issues.js';
export { loadConfigFile, parseConfig, readConfigText, validateWith } from './load.js';
export type { LoadOptions, Validation } from './load.js';
export { REDACTED, redactConfig } from './redact.js';
export { ConfigWatcher } from './watcher.js';
export type { ConfigWatcherEvents, ConfigWatcherOptions } from './watcher.js';
export { systemTimers } from './ports.js';
export type { ErrorHandler, KnobsListener, KnobsSource, Timers } from './ports.js';
export { EMPTY_KNOBS, knobsSchema } from './knobs-schema.js';
export type { InspectorKnobs, Knobs, RuleKnobs } from './knobs-schema.js';
export { FileKnobsSource, knobsFilePath, parseKnobs } from './file-knobs.js';
export type { FileKnobsSourceOptions } from './file-knobs.js';
export { StaticKnobsSource } from './static-knobs.js';
export { applyKnobs, effectiveInspector, effectiveRule, effectiveRules, unknownKnobs } from './effective.js';
export type { EffectiveInspector, EffectiveRule } from './effective.js';
export { CONFIG_SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from './json-schema.js';
