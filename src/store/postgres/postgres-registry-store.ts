/**
 * @module store/postgres/postgres-registry-store
 * PostgreSQL RegistryStore over the tables of migration 001: model_versions,
 * status_events and documents_attached, in the store's schema. Rows are decoded with the
 * same checked reader as SQLite's, so a row edited behind our back is STO_ERR_CORRUPT_ROW.
 */
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import type {
  AttachedDocument,
  InsertVersionResult,
  ModelVersionRecord,
  RegistryStore,
  StatusEvent,
} from '../../registry/ports.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { OpenGuard } from '../open-guard.js';
import { queryRows } from './connection.js';
import { quoteSchema } from './schema-name.js';
import { decodeDocument, decodeStatusEvent, decodeVersion } from '../registry-rows.js';

const VERSION_COLUMNS = `model, version, artifact_digest, artifact_size_bytes, artifact_path, upstream, signature,
  dataset_manifest_digest, notes, created_at`;
// The columns are COLLATE "C" already; saying it again keeps the order explicit.
const VERSION_ORDER = 'ORDER BY model COLLATE "C", created_at, version COLLATE "C"';
const STATUS_COLUMNS = 'seq, model, version, status, at, actor, reason';
const DOCUMENT_COLUMNS = 'id, model, version, kind, digest, attached_at, actor';

/**
 * The PostgreSQL implementation of {@link RegistryStore}. Status events and attached
 * documents must name an inserted version (foreign keys); otherwise the driver's
 * constraint error rejects the call and nothing is written.
 *
 * @example
 * const registry = new PostgresRegistryStore(pool, 'bulwark', guard); // schema already migrated
 */
export class PostgresRegistryStore implements RegistryStore {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #versions: string;
  readonly #statuses: string;
  readonly #documents: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#versions = `${quoteSchema(schema)}.model_versions`;
    this.#statuses = `${quoteSchema(schema)}.status_events`;
    this.#documents = `${quoteSchema(schema)}.documents_attached`;
  }

  /**
   * Two statements, not one: when ON CONFLICT skips the insert because another connection
   * just committed the row, only a later statement's snapshot is sure to see that row.
   */
  async insertVersion(record: ModelVersionRecord): Promise<InsertVersionResult> {
    this.#guard.assertOpen();
    const inserted = await queryRows(
      this.#pool,
      `INSERT INTO ${this.#versions} (${VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (model, version) DO NOTHING RETURNING ${VERSION_COLUMNS}`,
      versionParams(record),
    );
    const created = inserted[0];
    if (created !== undefined) return { created: true, record: decodeVersion(created) };
    const stored = await this.getVersion(record.model, record.version);
    assert.ok(stored !== undefined, `model_versions ${record.model}/${record.version} conflicted but cannot be read back`);
    return { created: false, record: stored };
  }

  async getVersion(model: string, version: string): Promise<ModelVersionRecord | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${VERSION_COLUMNS} FROM ${this.#versions} WHERE model = $1 AND version = $2`, [model, version]);
    return rows[0] === undefined ? undefined : decodeVersion(rows[0]);
  }

  async listVersions(filter?: { readonly model?: string }): Promise<ModelVersionRecord[]> {
    this.#guard.assertOpen();
    const model = filter?.model;
    const rows =
      model === undefined
        ? await queryRows(this.#pool, `SELECT ${VERSION_COLUMNS} FROM ${this.#versions} ${VERSION_ORDER}`)
        : await queryRows(this.#pool, `SELECT ${VERSION_COLUMNS} FROM ${this.#versions} WHERE model = $1 ${VERSION_ORDER}`, [model]);
    return rows.map(decodeVersion);
  }

  async appendStatus(event: Omit<StatusEvent, 'seq'>): Promise<StatusEvent> {
    this.#guard.assertOpen();
    const { model, version, status, at, actor, reason } = event;
    const rows = await queryRows(
      this.#pool,
      `INSERT INTO ${this.#statuses} (model, version, status, at, actor, reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${STATUS_COLUMNS}`,
      [model, version, status, at, actor, reason ?? null],
    );
    return decodeStatusEvent(rows[0]);
  }

  async listStatusEvents(model: string, version?: string): Promise<StatusEvent[]> {
    this.#guard.assertOpen();
    const rows =
      version === undefined
        ? await queryRows(this.#pool, `SELECT ${STATUS_COLUMNS} FROM ${this.#statuses} WHERE model = $1 ORDER BY seq`, [model])
        : await queryRows(this.#pool, `SELECT ${STATUS_COLUMNS} FROM ${this.#statuses} WHERE model = $1 AND version = $2 ORDER BY seq`, [model, version]);
    return rows.map(decodeStatusEvent);
  }

  async attachDocument(doc: AttachedDocument): Promise<{ readonly created: boolean }> {
    this.#guard.assertOpen();
    const { model, version, kind, digest, attachedAt, actor } = doc;
    const result = await this.#pool.query(
      `INSERT INTO ${this.#documents} (model, version, kind, digest, attached_at, actor) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (model, version, kind, digest) DO NOTHING`,
      [model, version, kind, digest, attachedAt, actor],
    );
    return { created: result.rowCount === 1 };
  }

  async listDocuments(model: string, version: string): Promise<AttachedDocument[]> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${DOCUMENT_COLUMNS} FROM ${this.#documents} WHERE model = $1 AND version = $2 ORDER BY id`, [
      model,
      version,
    ]);
    return rows.map(decodeDocument);
  }
}

function versionParams(r: ModelVersionRecord): unknown[] {
  return [
    r.model,
    r.version,
    r.artifact.digest,
    r.artifact.sizeBytes,
    r.artifact.path,
    r.upstream ?? null,
    r.signature === undefined ? null : canonicalJson(r.signature),
    r.datasetManifestDigest ?? null,
    r.notes ?? null,
    r.createdAt,
  ];
}
