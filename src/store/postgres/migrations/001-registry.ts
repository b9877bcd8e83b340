/**
 * @module store/postgres/migrations/001-registry
 * PostgreSQL schema of the registry ports, mirroring SQLite's 001-registry: immutable
 * model versions, their status events, documents attached to them, and the
 * content-addressed blobs those documents point at.
 *
 * Names and versions are `COLLATE "C"` so that they sort by code point (the port's order,
 * SQLite's default). JSON stays canonical `text`, never `jsonb`, which would reorder keys
 * and reject `\u0000`. Times are ms since the epoch in `bigint`.
 */
import type { PostgresMigration } from '../migration.js';

/** Creates model_versions, status_events, documents_attached and blobs. */
export const migration: PostgresMigration = {
  version: 1,
  name: 'registry',
  up: `
CREATE TABLE model_versions (
  model                   text COLLATE "C" NOT NULL,
  version                 text COLLATE "C" NOT NULL,
  artifact_digest         text NOT NULL,
  artifact_size_bytes     bigint NOT NULL,
  artifact_path           text NOT NULL,
  upstream                text,
  signature               text,    -- canonical JSON of ModelSignature
  dataset_manifest_digest text,
  notes                   text,
  created_at              bigint NOT NULL,   -- ms since the epoch
  PRIMARY KEY (model, version)
);

CREATE TABLE status_events (
  seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- never reused, increasing across models
  model   text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  status  text NOT NULL,
  at      bigint NOT NULL,
  actor   text NOT NULL,
  reason  text,
  FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
CREATE INDEX status_events_by_model ON status_events (model, version, seq);

CREATE TABLE documents_attached (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- attachment order
  model       text COLLATE "C" NOT NULL,
  version     text COLLATE "C" NOT NULL,
  kind        text NOT NULL,
  digest      text NOT NULL,
  attached_at bigint NOT NULL,
  actor       text NOT NULL,
  UNIQUE (model, version, kind, digest),
  FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE TABLE blobs (
  digest     text PRIMARY KEY,  -- sha256 hex of content
  media_type text NOT NULL,
  content    bytea NOT NULL,
  size       bigint NOT NULL
);
`,
};
