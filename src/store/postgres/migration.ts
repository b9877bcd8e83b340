/**
 * @module store/postgres/migration
 * The shape of one numbered PostgreSQL schema migration. Migrations live in
 * `migrations/NNN-name.ts`, are listed in `migrations/index.ts`, keep the version numbers
 * and meaning of the SQLite migrations they mirror, and are never edited once released.
 */

/**
 * One schema migration. `up` runs with `search_path` set to the store's schema, so its
 * DDL names tables without a schema.
 *
 * @example
 * export const migration: PostgresMigration = { version: 3, name: 'ledger', up: 'CREATE TABLE ledger (…);' };
 */
export interface PostgresMigration {
  /** 1, 2, 3, … without gaps; the same number as the SQLite migration it mirrors. */
  readonly version: number;
  /** Short kebab-case name, recorded in `schema_version`; the SQLite migration's name. */
  readonly name: string;
  /** SQL run in one transaction with the `schema_version` insert; may hold several statements. */
  readonly up: string;
}
