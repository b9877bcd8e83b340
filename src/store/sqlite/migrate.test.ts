/**
 * @module store/sqlite/migrate.test
 * applyMigrations with hand-made migration lists: a failing migration rolls back and
 * leaves the ones before it applied; a list with gaps is a bug.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { applyMigrations, schemaVersion } from './migrate.js';
import type { Migration } from './migration.js';

const ok: Migration = { version: 1, name: 'one', up: 'CREATE TABLE one (x INTEGER);' };
const broken: Migration = {
  version: 2,
  name: 'two',
  up: 'CREATE TABLE two (x INTEGER); INSERT INTO two VALUES (1); INSERT INTO missing VALUES (1);',
};
const tables = (db: Database): unknown[] =>
  db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all();

describe('applyMigrations', () => {
  let db: Database;
  const options = { path: 'test.db', clock: new ManualClock(7) };
  beforeEach(() => {
    db = new BetterSqlite3(':memory:');
  });
  afterEach(() => {
    db.close();
  });

  it('applies in order, returns what it applied, then nothing', () => {
    expect(applyMigrations(db, [ok], options)).toEqual([1]);
    expect(applyMigrations(db, [ok], options)).toEqual([]);
    expect(schemaVersion(db)).toBe(1);
  });

  it('rolls a failing migration back with STO_ERR_MIGRATION_FAILED, keeping earlier ones', () => {
    expect(() => applyMigrations(db, [ok, broken], options)).toThrow(
      expect.objectContaining({
        code: 'STO_ERR_MIGRATION_FAILED',
        details: { path: 'test.db', version: 2, name: 'two' },
        message: expect.stringMatching(/no such table: missing/),
      }),
    );
    expect(tables(db)).toEqual(['one', 'schema_version']);
    expect(schemaVersion(db)).toBe(1);
    expect(db.inTransaction).toBe(false);
  });

  it('treats a list with a gap as a bug', () => {
    expect(() => applyMigrations(db, [{ ...broken, version: 3 }], options)).toThrow(/expected 1/);
    expect(tables(db)).toEqual([]);
  });
});
