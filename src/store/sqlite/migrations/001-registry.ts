/**
 * @module store/sqlite/migrations/001-registry
 * Schema of the registry ports: immutable model versions, their status events, documents
 * attached to them, and the content-addressed blobs those documents point at.
 */
import type { Migration } from '../migration.js';

/** Creates model_versions, status_events, documents_attached and blobs. */
export const migration: Migration = {
  version: 1,
  name: 'registry',
  up: `
CREATE TABLE model_versions (
  model                   TEXT NOT NULL,
  version                 TEXT NOT NULL,
  artifact_digest         TEXT NOT NULL,
  artifact_size_bytes     INTEGER NOT NULL,
  artifact_path           TEXT NOT NULL,
  upstream                TEXT,
  signature               TEXT,    -- canonical JSON of ModelSignature
  dataset_manifest_digest TEXT,
  notes                   TEXT,
  created_at              INTEGER NOT NULL,   -- ms since the epoch
  PRIMARY KEY (model, version)
);

CREATE TABLE status_events (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, increasing across models
  model   TEXT NOT NULL,
  version TEXT NOT NULL,
  status  TEXT NOT NULL,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  reason  TEXT,
  FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
CREATE INDEX status_events_by_model ON status_events (model, version, seq);

CREATE TABLE documents_attached (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- attachment order
  model       TEXT NOT NULL,
  version     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  digest      TEXT NOT NULL,
  attached_at INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  UNIQUE (model, version, kind, digest),
  FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE TABLE blobs (
  digest     TEXT PRIMARY KEY,  -- sha256 hex of content
  media_type TEXT NOT NULL,
  content    BLOB NOT NULL,
  size       INTEGER NOT NULL
);
`,
};
