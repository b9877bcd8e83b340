/**
 * @module inspect/baseline
 * Public surface of the baseline builder: build a version's `BaselineProfile` from recorded
 * traffic or a dataset, merge profiles of several replicas, validate a profile read back.
 * Pure: reading and writing files is the CLI's job (`bulwark baseline`).
 */
export { BASELINE_DEFAULTS, BASELINE_FORMAT } from './defaults.js';
export { buildDatasetBaseline, buildTrafficBaseline } from './build.js';
export type { BuildOptions, DatasetInput, TrafficEvent } from './build.js';
export type { BaselineMeta } from './profile-accumulator.js';
export { OOD_SIGNALS } from './profile-accumulator.js';
export { mergeBaselines } from './merge.js';
export { parseBaselineProfile } from './profile-schema.js';
export { parseTrafficEvent, selectEvents } from './traffic.js';
export type { RecordedEvent } from './traffic.js';
export { BITS_EDGES, BOOLEAN_EDGES, BYTE_ENTROPY_EDGES, edgesFor, LOG_EDGES, UNIT_EDGES } from './grid.js';
export { FeatureAccumulator, mergeFeatureBaselines, shrink } from './covariance.js';
export { mergeSignalBaselines, SignalAccumulator } from './signal-accumulator.js';
export { FingerprintWindows, WINDOWED_KEYS } from './windows.js';
export type { WindowSpec } from './windows.js';
