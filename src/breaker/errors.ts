/**
 * @module breaker/errors
 * Error catalog of the per-model circuit breaker.
 */
import { defineErrors } from '../shared/errors.js';

export const breakerErrors = defineErrors('BRK', {
  BRK_ERR_NOT_ALLOWED: {
    kind: 'user',
    meaning: 'The command is not allowed in the breaker\'s current state (for example an approval while nothing was rolled back, or an unfreeze when not frozen).',
    fix: 'Check the state with `bulwark incidents list` or the control plane; approvals apply to `rolled_back`, unfreeze to `frozen`.',
  },
  BRK_ERR_BAD_COMMAND: {
    kind: 'user',
    meaning: 'A breaker command is malformed: missing actor or reason, unknown version, or a version that cannot be the target.',
    fix: 'Give --actor/--reason and a registered version other than the last-known-good one.',
  },
  BRK_ERR_CORRUPT_STATE: {
    kind: 'failure',
    meaning: 'A persisted breaker state could not be restored (unknown state or missing fields).',
    fix: 'Inspect the breaker write-ahead log in the store; restore from backup or reset the model\'s breaker explicitly.',
  },
  BRK_ERR_BAD_CONFIG: {
    kind: 'user',
    meaning: 'The breaker settings are invalid (canary steps not increasing to 100, non-positive loop-guard window).',
    fix: 'Fix `rollback.canary.steps` (e.g. [5, 100]) or `rollback.loopGuard` in bulwark.yaml.',
  },
});
