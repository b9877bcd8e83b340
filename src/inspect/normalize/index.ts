/**
 * @module inspect/normalize
 * Public surface of the text normaliser shared by the text inspectors: Unicode NFKC,
 * confusable folding, invisible-character removal, payload decoding and leetspeak folding.
 */
export { normalizeText, NORMALIZE_DEFAULTS } from './normalize.js';
export type { AppendedPayload, NormalizeOptions, NormalizedText } from './normalize.js';
export { OffsetMap } from './offsets.js';
export type { AppendedSegment } from './offsets.js';
export { foldText } from './fold-text.js';
export type { FoldedText } from './fold-text.js';
export { foldChar } from './fold-char.js';
export type { FoldedChar } from './fold-char.js';
export { foldConfusable } from './confusables.js';
export { invisibleKind, tagToAscii } from './invisible.js';
export type { InvisibleCounts, InvisibleKind } from './invisible.js';
export { findPayloads, isMostlyText } from './payloads.js';
export type { FoundPayload, PayloadKind, PayloadLimits } from './payloads.js';
export { foldLeet } from './leet.js';
