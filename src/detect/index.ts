/**
 * @module detect
 * Public surface of the detection engine: the engine (ingest events, evaluate rules against
 * the version's baseline, emit anomalies), the rule language (parse once, validate with
 * columns), the anomaly and its breaker view, the baseline profile and a recorder that
 * builds one with the engine's own window code, and the error catalog. See docs/detection.md.
 */
export { DetectionEngine } from './engine.js';
export type { ConfigureReport, EvaluationRecord } from './engine.js';
export type { DetectionEngineOptions } from './engine-options.js';
export type { EngineStats } from './engine-stats.js';
export { SNAPSHOT_FORMAT } from './snapshot.js';
export type { EngineState, SeriesState } from './snapshot.js';
export type { RuleChanges } from './model-state.js';
export { DETECT_DEFAULTS } from './defaults.js';
export { detectErrors } from './errors.js';
export type { DetectErrorCode } from './errors.js';
export { toAnomalyRef } from './anomaly.js';
export type { Anomaly, AnomalyKind, AnomalyRefView } from './anomaly.js';
export type { BaselineSource, DetectErrorHandler, DetectEvent, RollbackStrategy, RuleAction, RuleSettings, Severity } from './ports.js';
export type { BaselineProfile, FeatureBaseline, SignalBaseline } from './baseline.js';
export { checkBaseline } from './baseline-check.js';
export { BaselineRecorder } from './baseline-recorder.js';
export type { BaselineRecorderOptions } from './baseline-recorder.js';
export { parseRule, validateRuleExpression } from './rules/parse-rule.js';
export type { ParsedRule } from './rules/parse-rule.js';
export type { Evaluation, Evidence, StatEvidence, Verdict } from './rules/evaluate.js';
export { STAT_FUNCTIONS } from './rules/functions.js';
export type { StatFunctionSpec } from './rules/functions.js';
