/**
 * @module store/sqlite/migrations/002-audit
 * Schema of the hash-chained audit log. `seq` is given by the writer (compare-and-append),
 * not by SQLite, so it is a plain INTEGER PRIMARY KEY.
 */
import type { Migration } from '../migration.js';

/** Creates audit_log. */
export const migration: Migration = {
  version: 2,
  name: 'audit',
  up: `
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  details   TEXT NOT NULL,  -- canonical JSON object
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
`,
};
