/**
 * @module redteam/defaults
 * Every default of the red-team runner, written once. Attack parameters keep their
 * defaults in their own schemas (attacks/*.ts), next to the paper they follow.
 */

/**
 * Defaults of `runAttack` and `bulwark attack`.
 *
 * @example
 * runAttack({ …, batchSize: REDTEAM_DEFAULTS.batchSize });
 */
export const REDTEAM_DEFAULTS = Object.freeze({
  /** Samples per batch: every model call of an attack carries up to this many rows. */
  batchSize: 1024,
  /** Seed of random starts; each sample's stream depends on it and on the sample's index only. */
  seed: 0,
});
