/**
 * @module store/postgres/migrations/004-rollback
 * PostgreSQL schema of the rollback context, mirroring SQLite's 004-rollback: the breaker
 * write-ahead log with per-step marks, incidents, the forensic bundle index, the operator
 * command queue and a ledger lookup by incident. One table more than SQLite:
 * `forensic_bundles` holds the bundle bytes (SQLite keeps them as files next to the
 * database), so that every replica reads the bundles every other one wrote.
 *
 * Types: times are ms since the epoch in `bigint` (as in the other migrations), except the
 * command lease, which is judged by the server's clock alone (`timestamptz`), so replicas
 * with skewed clocks agree on when it expires. Documents are `json`, not `jsonb`: `json`
 * still refuses malformed input and answers `->`/`->>`, but keeps the text as written and
 * accepts `\u0000`, which `jsonb` rejects; a decision must never fail to persist because a
 * reason or an evidence string holds an odd character.
 *
 * Concurrency: `(model, seq)` is the WAL's primary key, and an append inserts only when it
 * directly follows the model's latest record, so two replicas deciding for one model
 * cannot both persist the same step. Commands carry a lease (`claimed_by`,
 * `claimed_until`) that `pending()` takes with `FOR UPDATE SKIP LOCKED`.
 */
import type { PostgresMigration } from '../migration.js';

/** Creates breaker_wal, breaker_wal_marks, incidents, forensic_index, forensic_bundles, breaker_commands. */
export const migration: PostgresMigration = {
  version: 4,
  name: 'rollback',
  up: `
CREATE TABLE breaker_wal (
  model        text COLLATE "C" NOT NULL,
  seq          bigint NOT NULL CHECK (seq >= 1),   -- 1, 2, 3… per model, no gaps
  at           bigint NOT NULL,                    -- ms, the decision
  state_kind   text NOT NULL,                      -- the new state's kind, for reading at a glance
  record       json NOT NULL,                      -- command, prev, state, events, effects, context
  completed_at bigint,                             -- NULL while some effect is pending
  PRIMARY KEY (model, seq)
);
CREATE INDEX breaker_wal_incomplete ON breaker_wal (model, seq) WHERE completed_at IS NULL;

CREATE TABLE breaker_wal_marks (
  model  text COLLATE "C" NOT NULL,
  seq    bigint NOT NULL,
  step   text NOT NULL,                            -- "<effect index>", "<index>:<sub-step>" or "events"
  result json NOT NULL,
  PRIMARY KEY (model, seq, step),
  FOREIGN KEY (model, seq) REFERENCES breaker_wal (model, seq)
);

CREATE TABLE incidents (
  id         text COLLATE "C" PRIMARY KEY,
  model      text COLLATE "C" NOT NULL,
  anomaly_id text NOT NULL,
  state      text NOT NULL,
  opened_at  bigint NOT NULL,
  data       json NOT NULL                         -- the whole incident
);
CREATE INDEX incidents_by_time ON incidents (opened_at DESC, id DESC);
CREATE INDEX incidents_by_model ON incidents (model, opened_at DESC, id DESC);

CREATE TABLE forensic_index (
  digest      text COLLATE "C" PRIMARY KEY,        -- sha256 of the bundle's canonical JSON
  model       text COLLATE "C" NOT NULL,
  anomaly_id  text NOT NULL,
  incident_id text COLLATE "C" NOT NULL,
  created_at  bigint NOT NULL,
  bytes       bigint NOT NULL,
  location    text NOT NULL
);
CREATE INDEX forensic_by_incident ON forensic_index (incident_id);
CREATE INDEX forensic_by_time ON forensic_index (created_at);
CREATE INDEX forensic_by_model_time ON forensic_index (model, created_at);

CREATE TABLE forensic_bundles (
  digest  text COLLATE "C" PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),  -- sha256 hex of content
  content bytea NOT NULL,
  size    bigint NOT NULL
);

CREATE TABLE breaker_commands (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model         text COLLATE "C" NOT NULL,
  command       json NOT NULL,                     -- { type: approve, version } | { type: unfreeze }
  actor         text NOT NULL,
  reason        text NOT NULL,
  created_at    bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'applied', 'rejected')),
  settled_at    bigint,
  detail        text,
  claimed_by    text,                              -- the store instance (replica) holding the lease
  claimed_until timestamptz                        -- server time the lease ends
);
CREATE INDEX breaker_commands_pending ON breaker_commands (id) WHERE status = 'pending';
CREATE INDEX breaker_commands_by_model ON breaker_commands (model, id);

CREATE INDEX ledger_by_incident ON ledger (incident_id) WHERE incident_id IS NOT NULL;
`,
};
