/**
 * @module inspect/entropy
 * Public surface of the entropy inspector: per-request byte/token entropy, the quantised
 * input fingerprint and the window entropy the detection engine computes from it.
 */
export { ENTROPY_DEFAULTS, ENTROPY_ID } from './defaults.js';
export { FINGERPRINT_SCHEME, fingerprintRows, quantiseValue, textFingerprint } from './fingerprint.js';
export { windowEntropy } from './window-entropy.js';
export type { WindowEntropy } from './window-entropy.js';
export { textEntropy } from './text-entropy.js';
export type { TextEntropy } from './text-entropy.js';
export { createEntropyTextInspector, entropySignals } from './entropy-inspector.js';
export type { EntropyRequest, EntropySignals } from './entropy-inspector.js';
export { entropyDefinition } from './definition.js';
