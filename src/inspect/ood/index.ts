/**
 * @module inspect/ood
 * Public surface of the out-of-distribution inspector: z-scores and Mahalanobis distance to
 * a version's baseline features.
 */
export { OOD_DEFAULTS, OOD_ID } from './defaults.js';
export { chiQuantile, compileOod } from './ood-model.js';
export type { OodModel, OodScore } from './ood-model.js';
export { oodSignals } from './ood-inspector.js';
export type { OodSignals } from './ood-inspector.js';
export { oodDefinition } from './definition.js';
export { cholesky, inverseFromCholesky, quadraticForm } from './linalg.js';
