/**
 * @module store/postgres/migrations/002-audit
 * PostgreSQL schema of the hash-chained audit log, mirroring SQLite's 002-audit. `seq` is
 * given by the writer (compare-and-append), so it is a plain `bigint` primary key: two
 * entries can never share a seq, whatever happens.
 *
 * `audit_append_lock` holds exactly one row. Every append locks it (`SELECT … FOR UPDATE`)
 * before reading the head, so appenders on any connection of any replica take turns, and
 * each one compares against the head its predecessor committed. It is a lock, not a copy
 * of the head: the head is always read from `audit_log` itself.
 */
import type { PostgresMigration } from '../migration.js';

/** Creates audit_log and the one-row audit_append_lock. */
export const migration: PostgresMigration = {
  version: 2,
  name: 'audit',
  up: `
CREATE TABLE audit_log (
  seq       bigint PRIMARY KEY,
  at        bigint NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL,
  target    text NOT NULL,
  details   text NOT NULL,  -- canonical JSON object: the entry hash is computed over it
  prev_hash text NOT NULL,
  hash      text NOT NULL
);

CREATE TABLE audit_append_lock (
  id smallint PRIMARY KEY CHECK (id = 1)
);
INSERT INTO audit_append_lock (id) VALUES (1);
`,
};
