/**
 * @module audit/errors
 * Error catalog of the audit log.
 */
import { defineErrors } from '../shared/errors.js';

export const auditErrors = defineErrors('AUD', {
  AUD_ERR_APPEND_FAILED: {
    kind: 'failure',
    meaning: 'An audit entry could not be appended after retrying (constant contention or a store failure); the mutation it records was not applied.',
    fix: 'Retry the command; check that the store is writable.',
  },
  AUD_ERR_INVALID_ENTRY: {
    kind: 'user',
    meaning: 'An audit entry is missing its actor, action or target, or its details are not plain JSON.',
    fix: 'This is a programming error in the caller; report it.',
  },
  AUD_ERR_BAD_ANCHOR: {
    kind: 'user',
    meaning: 'The head hash given to `bulwark audit verify --expect-head` is not a sha256 hex string.',
    fix: 'Pass the 64-character hash printed by an earlier `bulwark audit verify`.',
  },
});
