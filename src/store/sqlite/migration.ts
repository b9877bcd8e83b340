/**
 * @module store/sqlite/migration
 * The shape of one numbered schema migration. Migrations live in `migrations/NNN-name.ts`,
 * are listed in `migrations/index.ts`, and are never edited once released: a schema change
 * is a new migration.
 */

/**
 * One schema migration.
 *
 * @example
 * export const migration: Migration = { version: 3, name: 'ledger', up: 'CREATE TABLE ledger (…);' };
 */
export interface Migration {
  /** 1, 2, 3, … without gaps, in the order they are applied. */
  readonly version: number;
  /** Short kebab-case name, recorded in `schema_version`. */
  readonly name: string;
  /** SQL run in one transaction with the `schema_version` insert; may hold several statements. */
  readonly up: string;
}
