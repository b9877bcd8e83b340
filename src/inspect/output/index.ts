/**
 * @module inspect/output
 * Public surface of the output inspector: classifier confidence, margin and class; chat
 * refusals and PII/secret leakage.
 */
export { classifierSignals, chatOutputSignals, oipOutputSignals } from './output-signals.js';
export type { ChatOutputSignals, ClassifierSignals } from './output-signals.js';
export { findRefusal, REFUSAL_MARKERS, REFUSAL_SCAN_CHARS } from './refusal.js';
export type { RefusalMatch } from './refusal.js';
export { outputDefinition, OUTPUT_ID } from './definition.js';
