/**
 * @module store/postgres/migrations
 * The ordered list of PostgreSQL schema migrations. Each mirrors the SQLite migration of
 * the same version and name; a new one is a new file here and one more line in this list.
 *
 * Versions here: 1 `registry`, 2 `audit`. SQLite's 3 `ledger` (the gateway's decision
 * ledger) has no PostgreSQL counterpart yet, so this list stops at 2 until it does.
 */
import type { PostgresMigration } from '../migration.js';
import { migration as registry } from './001-registry.js';
import { migration as audit } from './002-audit.js';

/** Every PostgreSQL migration the code knows, in version order (1..N without gaps). */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = Object.freeze([registry, audit]);
