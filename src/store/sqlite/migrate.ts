/**
 * @module store/sqlite/migrate
 * Applies numbered migrations to a SQLite database and records them in `schema_version`.
 * Each migration runs in its own IMMEDIATE transaction with its `schema_version` row, so
 * it is applied completely or not at all, and two processes opening a fresh database at
 * once apply it only once.
 */
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import type { Clock } from '../../shared/clock.js';
import { isBulwarkError } from '../../shared/errors.js';
import { storeErrors } from '../errors.js';
import type { Migration } from './migration.js';

const CREATE_SCHEMA_VERSION = `
CREATE TABLE IF NOT EXISTS schema_version (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/** Where the database is, for error details, and the clock stamping `applied_at`. */
export interface MigrateOptions {
  readonly path: string;
  readonly clock: Clock;
}

/**
 * Brings `db` up to the last of `migrations` and returns the versions it applied (empty
 * when the schema was current).
 *
 * @throws STO_ERR_SCHEMA_TOO_NEW when the database is ahead of `migrations`.
 * @throws STO_ERR_MIGRATION_FAILED when a migration fails; it is rolled back and the
 *   migrations before it stay applied.
 * @example
 * applyMigrations(db, SQLITE_MIGRATIONS, { path, clock: systemClock }); // [1, 2] on a new file
 */
export function applyMigrations(db: Database, migrations: readonly Migration[], options: MigrateOptions): number[] {
  assertWellFormed(migrations);
  db.exec(CREATE_SCHEMA_VERSION);
  const known = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > known) {
    throw storeErrors.error(
      'STO_ERR_SCHEMA_TOO_NEW',
      `${options.path} has schema version ${current}; this bulwark knows up to ${known}`,
      { path: options.path, databaseVersion: current, knownVersion: known },
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version > current && applyOne(db, migration, options)) applied.push(migration.version);
  }
  return applied;
}

/** The highest version recorded in `schema_version`, 0 when none. */
export function schemaVersion(db: Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null } | undefined;
  return row?.v ?? 0;
}

function applyOne(db: Database, migration: Migration, options: MigrateOptions): boolean {
  const run = db.transaction((): boolean => {
    // Another process may have applied it between our read and this lock.
    if (schemaVersion(db) >= migration.version) return false;
    db.exec(migration.up);
    db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      options.clock.now(),
    );
    return true;
  });
  try {
    return run.immediate();
  } catch (err) {
    if (isBulwarkError(err)) throw err;
    throw storeErrors.error(
      'STO_ERR_MIGRATION_FAILED',
      `migration ${migration.version} (${migration.name}) failed on ${options.path}: ${(err as Error).message}`,
      { path: options.path, version: migration.version, name: migration.name },
      err,
    );
  }
}

function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    assert.equal(m.version, i + 1, `migration #${i} (${m.name}) has version ${m.version}, expected ${i + 1}`);
  });
}
