/**
 * @module store/sqlite/migrations/006-ledger-batches
 * The batches the ledger worker committed, by token, for a few minutes: when a worker dies
 * between its commit and its answer, the main thread looks the token up before writing the
 * batch again, so a retried batch is never written twice.
 */
import type { Migration } from '../migration.js';

/** Creates ledger_batches. */
export const migration: Migration = {
  version: 6,
  name: 'ledger-batches',
  up: `
CREATE TABLE ledger_batches (
  token TEXT NOT NULL PRIMARY KEY,  -- the writer's id of the batch (client session and sequence)
  at    INTEGER NOT NULL            -- ms when it was committed; old tokens are pruned
) WITHOUT ROWID;
`,
};
