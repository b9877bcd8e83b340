/**
 * @module redteam/suite
 * Public surface of `bulwark redteam run`: the suite file's schema and parser, the run
 * (models prepared or trained, datasets, attacks over their curves), the metrics (Wilson
 * intervals), the gates, the data-integrity check, the ports the CLI implements, and the
 * error catalog. See docs/redteam.md, "Suite file".
 */
export { suiteErrors } from './errors.js';
export type { SuiteErrorCode } from './errors.js';
export { SUITE_DEFAULTS } from './defaults.js';
export { GATE_METRICS, MODEL_METRICS, parseSuite } from './schema.js';
export type { DatasetSpec, GateMetric, GateSpec, ModelSpec, Suite, SuiteAttack, TrainSpec } from './schema.js';
export { runSuite } from './run-suite.js';
export type { RunSuiteOptions } from './run-suite.js';
export { curvePoint, stats, wilson } from './metrics.js';
export type { PointOptions } from './metrics.js';
export { evaluateGates } from './gates.js';
export { checkIntegrity } from './integrity.js';
export type { ManifestPair } from './integrity.js';
export { loadDataset, scaleOf } from './datasets.js';
export type { LoadedDataset } from './datasets.js';
export { prepareModel } from './models.js';
export type { PreparedModel } from './models.js';
export type { ModelOpener, ModelSource, RegisteredReport, SuiteDeps, SuiteRegistry } from './ports.js';
