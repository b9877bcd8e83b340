/**
 * @module redteam
 * Public surface of the red-team suite: threat models, feature constraints and their
 * projection, the attack interface and registry, the counting oracle, the runner, the
 * per-sample results and summary, the attack-input readers, and the error catalog.
 * See docs/redteam.md.
 */
export { redteamErrors } from './errors.js';
export type { RedteamErrorCode } from './errors.js';
export { REDTEAM_DEFAULTS } from './defaults.js';
export { GOALS, KNOWLEDGE, coverageGap, describeThreatModel, grantsKnowledge, normLabel, parseThreatModel, threatModelSchema } from './threat-model.js';
export type { AttackCoverage, Goal, Knowledge, ThreatModel, ThreatModelInput } from './threat-model.js';
export { NORMS, normOf, perturbationNorms, projectRowToBall, rowNorm, stepRows, withinBudget } from './norms.js';
export type { Norm, PerturbationNorms } from './norms.js';
export { ProjectionScratch, constraintsSchema, featureRuleSchema, projectRows, resolveDomain } from './constraints.js';
export type { Budget, ConstraintSpec, DomainOptions, FeatureDomain } from './constraints.js';
export { describeViolation, findViolations } from './feasibility.js';
export type { ConstraintRule, Violation } from './feasibility.js';
export { defineAttack, goalLabels, goalMet, lossDirection } from './attack.js';
export type { Attack, AttackBatch, AttackContext, AttackDefinition, OracleFor, ParameterInfo } from './attack.js';
export { CountingOracle, decisionView, scoreView } from './oracle.js';
export type { DecisionOracle, GradientOracle, OracleOptions, QueryLedger, ScoreOracle } from './oracle.js';
export { argmaxRows, bestOther, logProbabilities } from './scores.js';
export { gatherRows, scatterRows, selectRows } from './rows.js';
export { ATTACKS, findAttack } from './registry.js';
export { checkAttack, runAttack } from './runner.js';
export type { AttackRun, CheckedAttack, RunAttackOptions } from './runner.js';
export { round, summarize } from './results.js';
export type { AttackSummary, Distribution, SampleResult } from './results.js';
export { inputFormat, readAttackInputs, readLabelsFile } from './dataset.js';
export type { AttackInputs, InputFormat, ReadInputsOptions } from './dataset.js';
