/**
 * @module store/postgres/migrations/003-ledger
 * PostgreSQL schema of the gateway's decision ledger, mirroring SQLite's 003-ledger: one
 * row per served request, `untrusted_at` and `incident_id` NULL until a rollback marks the
 * row's window untrusted. Request ids are not unique (clients may supply their own), so
 * `seq` is the key.
 *
 * `seq` comes from an identity column: it increases in insertion order within a batch and
 * never repeats, but with several replicas writing, a lower seq may commit after a higher
 * one (as for `status_events`). Times are ms since the epoch in `bigint`, like every other
 * table of the store, so that they round-trip exactly through the port's numbers.
 */
import type { PostgresMigration } from '../migration.js';

/** Creates ledger with its lookups: by request id, by (model, time) and by (model, version, time). */
export const migration: PostgresMigration = {
  version: 3,
  name: 'ledger',
  up: `
CREATE TABLE ledger (
  seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- insertion order, never reused
  request_id    text NOT NULL,
  at            bigint NOT NULL,                   -- ms since the epoch, request arrival
  model         text COLLATE "C" NOT NULL,
  version       text COLLATE "C" NOT NULL,
  api_key_id    text,                              -- NULL for anonymous requests
  input_digest  text NOT NULL,                     -- sha256 hex of the request body
  output_digest text NOT NULL,                     -- sha256 hex of the response body sent
  status        integer NOT NULL,
  untrusted_at  bigint,                            -- set by a rollback's untrusted window
  incident_id   text
);
CREATE INDEX ledger_by_request ON ledger (request_id);
-- query() and markUntrusted() select one model in [fromMs, toMs), with or without a version.
CREATE INDEX ledger_by_model_time ON ledger (model, at);
CREATE INDEX ledger_by_model_version_time ON ledger (model, version, at);
`,
};
