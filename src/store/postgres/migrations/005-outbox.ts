/**
 * @module store/postgres/migrations/005-outbox
 * PostgreSQL schema of the alerting context, mirroring SQLite's 005-outbox: the durable
 * alert outbox, one row per (sink, delivery key), with its delivery state. Times are ms
 * since the epoch in `bigint` (leases are judged by the dispatchers' injected clocks, as in
 * SQLite); the notification is `json` text. Claims take rows with `FOR UPDATE SKIP LOCKED`,
 * so two replicas' dispatchers never deliver one notification at the same time.
 */
import type { PostgresMigration } from '../migration.js';

/** Creates alert_outbox. */
export const migration: PostgresMigration = {
  version: 5,
  name: 'outbox',
  up: `
CREATE TABLE alert_outbox (
  sink            text COLLATE "C" NOT NULL,
  key             text COLLATE "C" NOT NULL,
  dedupe_key      text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('page', 'ticket', 'info')),
  payload         json NOT NULL,
  created_at      bigint NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  lease_owner     text,
  lease_until     bigint,
  last_error      text,
  last_status     integer,
  updated_at      bigint NOT NULL,
  delivered_at    bigint,
  PRIMARY KEY (sink, key)
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at, created_at) WHERE status = 'pending';
CREATE INDEX alert_outbox_by_dedupe ON alert_outbox (dedupe_key);
CREATE INDEX alert_outbox_delivered ON alert_outbox (delivered_at) WHERE status = 'delivered';
`,
};
