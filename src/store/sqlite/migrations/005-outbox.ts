/**
 * @module store/sqlite/migrations/005-outbox
 * Schema of the alerting context: the durable alert outbox, one row per (sink, delivery
 * key), with its delivery state (attempts, next attempt, lease, last error, dead letters).
 */
import type { Migration } from '../migration.js';

/** Creates alert_outbox. */
export const migration: Migration = {
  version: 5,
  name: 'outbox',
  up: `
CREATE TABLE alert_outbox (
  sink            TEXT NOT NULL,                  -- configured sink id, e.g. webhook-3fa9c2d1
  key             TEXT NOT NULL,                  -- delivery key: enqueuing it again is a no-op
  dedupe_key      TEXT NOT NULL,                  -- the alert's name (PagerDuty dedup_key)
  severity        TEXT NOT NULL CHECK (severity IN ('page', 'ticket', 'info')),
  payload         TEXT NOT NULL,                  -- JSON: the notification
  created_at      INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner     TEXT,                           -- the dispatcher holding the claim
  lease_until     INTEGER,
  last_error      TEXT,
  last_status     INTEGER,                        -- HTTP status of the last attempt (0: network)
  updated_at      INTEGER NOT NULL,
  delivered_at    INTEGER,
  PRIMARY KEY (sink, key)
) WITHOUT ROWID;
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, created_at) WHERE status = 'pending';
CREATE INDEX alert_outbox_by_dedupe ON alert_outbox (dedupe_key);
CREATE INDEX alert_outbox_delivered ON alert_outbox (delivered_at) WHERE status = 'delivered';
`,
};
