/**
 * @module inspect/squeeze
 * Public surface of feature squeezing (Xu et al. 2018): the squeezers, the layout rule, the
 * async scorer of a loaded model, threshold calibration, and the gateway hook.
 */
export { SQUEEZE_DEFAULTS, SQUEEZE_ID } from './defaults.js';
export { bitDepth, l1, median2x2, roundSignificant } from './squeezers.js';
export type { ImageLayout } from './squeezers.js';
export { squeezeLayout } from './layout.js';
export type { SqueezeLayout } from './layout.js';
export { createSqueezer } from './squeezer.js';
export type { Squeezer, SqueezerOptions } from './squeezer.js';
export { calibrateThreshold } from './calibrate.js';
export { createSqueezeHook } from './definition.js';
export type { SqueezeHook, SqueezeHookOptions } from './definition.js';
