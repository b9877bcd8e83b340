/**
 * @module gateway/hardening/settings
 * Output-hardening settings (against model extraction) and how the levels combine: a key's
 * `output` replaces the model's (so a trusted key can be exempted, or one key hardened more);
 * a run-time hardening (the detection engine's containment) is combined with the configured
 * settings by taking the strictest of each field, so containment can only tighten.
 */
import { gatewayErrors } from '../errors.js';

/**
 * Output hardening of an OIP classifier (structurally the config's `OutputConfig`).
 *
 * @example
 * const settings: OutputHardening = { roundDecimals: 2, topK: 3, noise: { stddev: 0.01, seed: 7 } };
 */
export interface OutputHardening {
  /** Round every FP score to this many decimals (0–15). */
  readonly roundDecimals?: number | undefined;
  /** Keep the k largest scores of each row; the others become 0. */
  readonly topK?: number | undefined;
  /** Replace each FP output by an INT64 output of the predicted label per row. */
  readonly labelOnly?: boolean | undefined;
  /** Gaussian noise (standard deviation in score units) from a seeded generator. */
  readonly noise?: { readonly stddev: number; readonly seed: number } | undefined;
}

/**
 * True when `settings` change anything.
 *
 * @example
 * isActive({ labelOnly: false }); // false
 */
export function isActive(settings: OutputHardening | undefined): settings is OutputHardening {
  return settings !== undefined && (settings.roundDecimals !== undefined || settings.topK !== undefined || settings.labelOnly === true || settings.noise !== undefined);
}

const minDefined = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * The stricter of two settings, field by field: fewer decimals, smaller k, label-only if
 * either says so, the larger noise (with its seed).
 *
 * @example
 * strictest({ roundDecimals: 3 }, { roundDecimals: 1, topK: 2 }); // { roundDecimals: 1, topK: 2, labelOnly: false, noise: undefined }
 */
export function strictest(a: OutputHardening | undefined, b: OutputHardening | undefined): OutputHardening | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const noise = a.noise === undefined ? b.noise : b.noise === undefined ? a.noise : a.noise.stddev >= b.noise.stddev ? a.noise : b.noise;
  return { roundDecimals: minDefined(a.roundDecimals, b.roundDecimals), topK: minDefined(a.topK, b.topK), labelOnly: a.labelOnly === true || b.labelOnly === true, noise };
}

/**
 * Checks run-time settings as the config schema checks configured ones; throws
 * GW_ERR_INVALID_HARDENING naming the bad field.
 *
 * @example
 * validateHardening({ topK: 0 }); // throws GW_ERR_INVALID_HARDENING (topK)
 */
export function validateHardening(settings: OutputHardening): void {
  const bad = (field: string, expected: string): never => {
    throw gatewayErrors.error('GW_ERR_INVALID_HARDENING', `output hardening: ${field} must be ${expected}`, { field });
  };
  const { roundDecimals, topK, noise } = settings;
  if (roundDecimals !== undefined && !(Number.isInteger(roundDecimals) && roundDecimals >= 0 && roundDecimals <= 15)) bad('roundDecimals', 'an integer from 0 to 15');
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) bad('topK', 'an integer ≥ 1');
  if (noise !== undefined) {
    if (!(Number.isFinite(noise.stddev) && noise.stddev > 0 && noise.stddev <= 1)) bad('noise.stddev', 'a number in (0, 1]');
    if (!(Number.isInteger(noise.seed) && noise.seed >= 0 && noise.seed <= 0xffffffff)) bad('noise.seed', 'an integer from 0 to 4294967295');
  }
}
