/**
 * @module inspect/pii
 * The public surface of the PII and secrets inspector: the inspector itself, span
 * detection, redaction, and the entity table. See docs/inspectors.md, "PII and secrets".
 */
export type { Candidate, EntityType, PiiEntity, Recognizer, SecretEntity } from './types.js';
export { ENTITIES, ENTITY_TYPES, isEntityType, isSecret } from './entities.js';
export type { EntityInfo } from './entities.js';
export { RECOGNIZERS } from './recognizers.js';
export { detectSpans, detectWith, resolveDetectSettings } from './detect.js';
export type { Detection, DetectOptions, DetectSettings } from './detect.js';
export { createPiiInspector, countByType, TRUNCATED_REASON } from './pii-inspector.js';
export type { PiiCounts, PiiInspectorOptions } from './pii-inspector.js';
export { redact, redactText } from './redact.js';
export type { RedactOptions, RedactTextOptions } from './redact.js';
export { PII_DEFAULTS } from './defaults.js';
export { luhnValid, ibanMod97Valid } from './checksums.js';
