/**
 * @module store/errors
 * Error catalog of the storage adapters.
 */
import { defineErrors } from '../shared/errors.js';

export const storeErrors = defineErrors('STO', {
  STO_ERR_OPEN_FAILED: {
    kind: 'failure',
    meaning: 'The store could not be opened (the database file or its folder is not writable, or the server is unreachable).',
    fix: 'Check `store.path` (or `store.url`) in the config and the permissions of the folder.',
  },
  STO_ERR_MIGRATION_FAILED: {
    kind: 'failure',
    meaning: 'A schema migration failed; the transaction was rolled back and the store is unchanged.',
    fix: 'Keep the database file and report the error with its details.',
  },
  STO_ERR_SCHEMA_TOO_NEW: {
    kind: 'user',
    meaning: 'The database was migrated by a newer bulwark than this one.',
    fix: 'Upgrade bulwark, or point `store.path` at another database.',
  },
  STO_ERR_CONFLICT: {
    kind: 'failure',
    meaning: 'A compare-and-append lost a race with another writer (for example two audit appends at once).',
    fix: 'Retry the operation; callers normally retry automatically.',
  },
  STO_ERR_UNSUPPORTED_KIND: {
    kind: 'user',
    meaning: 'The configured store kind has no adapter in this build or for this command yet.',
    fix: 'Use `store.kind: sqlite` (the embedded default) or `postgres`; `memory` keeps nothing, for tests and the gateway only.',
  },
  STO_ERR_CORRUPT_ROW: {
    kind: 'failure',
    meaning: 'A stored row could not be decoded (malformed JSON or a missing column).',
    fix: 'Run `bulwark audit verify`; restore the database from a backup if it was edited.',
  },
});
