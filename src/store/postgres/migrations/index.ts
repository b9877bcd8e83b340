/**
 * @module store/postgres/migrations
 * The ordered list of PostgreSQL schema migrations. Each mirrors the SQLite migration of
 * the same version and name; a new one is a new file here and one more line in this list.
 *
 * Versions here: 1 `registry`, 2 `audit`, 3 `ledger`, 4 `rollback` (which also holds the
 * forensic bundle bytes, kept as files by SQLite).
 */
import type { PostgresMigration } from '../migration.js';
import { migration as registry } from './001-registry.js';
import { migration as audit } from './002-audit.js';
import { migration as ledger } from './003-ledger.js';
import { migration as rollback } from './004-rollback.js';
import { migration as outbox } from './005-outbox.js';

/** Every PostgreSQL migration the code knows, in version order (1..N without gaps). */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = Object.freeze([registry, audit, ledger, rollback, outbox]);
