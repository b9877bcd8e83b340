/**
 * @module store/sqlite/migrations/004-rollback
 * Schema of the rollback context: the breaker write-ahead log (one row per decision per
 * model, with per-step completion marks), incidents, the forensic bundle index, the
 * operator command queue the gateway polls, and a ledger lookup by incident.
 */
import type { Migration } from '../migration.js';

/** Creates breaker_wal, breaker_wal_marks, incidents, forensic_index, breaker_commands. */
export const migration: Migration = {
  version: 4,
  name: 'rollback',
  up: `
CREATE TABLE breaker_wal (
  model        TEXT NOT NULL,
  seq          INTEGER NOT NULL,                  -- 1, 2, 3… per model
  at           INTEGER NOT NULL,                  -- ms, the decision
  state_kind   TEXT NOT NULL,                     -- the new state's kind, for reading at a glance
  record       TEXT NOT NULL,                     -- JSON: command, prev, state, events, effects, context
  completed_at INTEGER,                           -- NULL while some effect is pending
  PRIMARY KEY (model, seq)
) WITHOUT ROWID;
CREATE INDEX breaker_wal_incomplete ON breaker_wal (model, seq) WHERE completed_at IS NULL;
CREATE TABLE breaker_wal_marks (
  model  TEXT NOT NULL,
  seq    INTEGER NOT NULL,
  step   TEXT NOT NULL,                           -- "<effect index>", "<index>:<sub-step>" or "events"
  result TEXT NOT NULL,                           -- JSON
  PRIMARY KEY (model, seq, step),
  FOREIGN KEY (model, seq) REFERENCES breaker_wal (model, seq)
) WITHOUT ROWID;
CREATE TABLE incidents (
  id         TEXT PRIMARY KEY,
  model      TEXT NOT NULL,
  anomaly_id TEXT NOT NULL,
  state      TEXT NOT NULL,
  opened_at  INTEGER NOT NULL,
  data       TEXT NOT NULL                        -- JSON: the whole incident
);
CREATE INDEX incidents_by_model ON incidents (model, opened_at);
CREATE TABLE forensic_index (
  digest      TEXT PRIMARY KEY,                   -- sha256 of the bundle's canonical JSON
  model       TEXT NOT NULL,
  anomaly_id  TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  location    TEXT NOT NULL
);
CREATE INDEX forensic_by_incident ON forensic_index (incident_id);
CREATE INDEX forensic_by_time ON forensic_index (created_at);
CREATE TABLE breaker_commands (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  model      TEXT NOT NULL,
  command    TEXT NOT NULL,                       -- JSON: { type: approve, version } | { type: unfreeze }
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status     TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'rejected')),
  settled_at INTEGER,
  detail     TEXT
);
CREATE INDEX breaker_commands_pending ON breaker_commands (id) WHERE status = 'pending';
CREATE INDEX ledger_by_incident ON ledger (incident_id) WHERE incident_id IS NOT NULL;
`,
};
