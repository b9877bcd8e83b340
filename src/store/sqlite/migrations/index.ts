/**
 * @module store/sqlite/migrations
 * The ordered list of SQLite schema migrations. A new migration is a new file here and one
 * more line in this list; released migrations are never edited.
 */
import type { Migration } from '../migration.js';
import { migration as registry } from './001-registry.js';
import { migration as audit } from './002-audit.js';
import { migration as ledger } from './003-ledger.js';
import { migration as rollback } from './004-rollback.js';
import { migration as outbox } from './005-outbox.js';
import { migration as ledgerBatches } from './006-ledger-batches.js';

/** Every migration the code knows, in version order (1..N without gaps). */
export const SQLITE_MIGRATIONS: readonly Migration[] = Object.freeze([registry, audit, ledger, rollback, outbox, ledgerBatches]);
