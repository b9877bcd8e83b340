/**
 * @module store/sqlite/migrations/003-ledger
 * Schema of the gateway's decision ledger: one row per served request (which version
 * answered, digests of both bodies). `untrusted_at` and `incident_id` stay NULL until a
 * rollback marks the row's window untrusted. Request ids are not unique (clients may
 * supply their own), so `seq` is the key.
 */
import type { Migration } from '../migration.js';

/** Creates ledger with its two lookups: by request id, and by (model, version, time). */
export const migration: Migration = {
  version: 3,
  name: 'ledger',
  up: `
CREATE TABLE ledger (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,  -- insertion order, never reused
  request_id    TEXT NOT NULL,
  at            INTEGER NOT NULL,                   -- ms since the epoch, request arrival
  model         TEXT NOT NULL,
  version       TEXT NOT NULL,
  api_key_id    TEXT,                               -- NULL for anonymous requests
  input_digest  TEXT NOT NULL,                      -- sha256 hex of the request body
  output_digest TEXT NOT NULL,                      -- sha256 hex of the response body sent
  status        INTEGER NOT NULL,
  untrusted_at  INTEGER,                            -- set by a rollback's untrusted window
  incident_id   TEXT
);
CREATE INDEX ledger_by_request ON ledger (request_id);
CREATE INDEX ledger_by_model_time ON ledger (model, version, at);
`,
};
