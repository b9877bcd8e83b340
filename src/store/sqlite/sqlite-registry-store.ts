/**
 * @module store/sqlite/sqlite-registry-store
 * SQLite RegistryStore over the tables of migration 001: model_versions, status_events
 * and documents_attached. Statements are prepared once, when the store is built.
 */
import type { Database, Statement } from 'better-sqlite3';
import type {
  AttachedDocument,
  InsertVersionResult,
  ModelVersionRecord,
  RegistryStore,
  StatusEvent,
} from '../../registry/ports.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeDocument, decodeStatusEvent, decodeVersion } from '../registry-rows.js';

const VERSION_COLUMNS = `model, version, artifact_digest, artifact_size_bytes, artifact_path, upstream, signature,
  dataset_manifest_digest, notes, created_at`;
const VERSION_ORDER = 'ORDER BY model, created_at, version';

/**
 * The SQLite implementation of {@link RegistryStore}. Status events and attached documents
 * must name an inserted version (foreign keys); otherwise the driver's constraint error
 * rejects the call.
 *
 * @example
 * const registry = new SqliteRegistryStore(db, guard); // db already migrated
 */
export class SqliteRegistryStore implements RegistryStore {
  readonly #guard: OpenGuard;
  readonly #insertVersion: { immediate(record: ModelVersionRecord): InsertVersionResult };
  readonly #getVersion: Statement;
  readonly #listAll: Statement;
  readonly #listModel: Statement;
  readonly #insertStatus: Statement;
  readonly #listStatusModel: Statement;
  readonly #listStatusVersion: Statement;
  readonly #insertDocument: Statement;
  readonly #listDocuments: Statement;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    const insert = db.prepare(
      `INSERT INTO model_versions (${VERSION_COLUMNS}) VALUES (@model, @version, @artifactDigest, @artifactSizeBytes,
        @artifactPath, @upstream, @signature, @datasetManifestDigest, @notes, @createdAt)
       ON CONFLICT (model, version) DO NOTHING`,
    );
    this.#getVersion = db.prepare(`SELECT ${VERSION_COLUMNS} FROM model_versions WHERE model = ? AND version = ?`);
    this.#listAll = db.prepare(`SELECT ${VERSION_COLUMNS} FROM model_versions ${VERSION_ORDER}`);
    this.#listModel = db.prepare(`SELECT ${VERSION_COLUMNS} FROM model_versions WHERE model = ? ${VERSION_ORDER}`);
    this.#insertStatus = db.prepare(
      'INSERT INTO status_events (model, version, status, at, actor, reason) VALUES (@model, @version, @status, @at, @actor, @reason)',
    );
    this.#listStatusModel = db.prepare('SELECT * FROM status_events WHERE model = ? ORDER BY seq');
    this.#listStatusVersion = db.prepare('SELECT * FROM status_events WHERE model = ? AND version = ? ORDER BY seq');
    this.#insertDocument = db.prepare(
      `INSERT INTO documents_attached (model, version, kind, digest, attached_at, actor)
       VALUES (@model, @version, @kind, @digest, @attachedAt, @actor)
       ON CONFLICT (model, version, kind, digest) DO NOTHING`,
    );
    this.#listDocuments = db.prepare('SELECT * FROM documents_attached WHERE model = ? AND version = ? ORDER BY id');
    // Insert and read back in one write transaction: the record returned is the stored one.
    this.#insertVersion = db.transaction((record: ModelVersionRecord): InsertVersionResult => {
      const { changes } = insert.run(versionParams(record));
      const stored = this.#getVersion.get(record.model, record.version);
      return { created: changes === 1, record: decodeVersion(stored) };
    });
  }

  async insertVersion(record: ModelVersionRecord): Promise<InsertVersionResult> {
    this.#guard.assertOpen();
    return this.#insertVersion.immediate(record);
  }

  async getVersion(model: string, version: string): Promise<ModelVersionRecord | undefined> {
    this.#guard.assertOpen();
    const row = this.#getVersion.get(model, version);
    return row === undefined ? undefined : decodeVersion(row);
  }

  async listVersions(filter?: { readonly model?: string }): Promise<ModelVersionRecord[]> {
    this.#guard.assertOpen();
    const model = filter?.model;
    const rows = model === undefined ? this.#listAll.all() : this.#listModel.all(model);
    return rows.map(decodeVersion);
  }

  async appendStatus(event: Omit<StatusEvent, 'seq'>): Promise<StatusEvent> {
    this.#guard.assertOpen();
    const { model, version, status, at, actor, reason } = event;
    const { lastInsertRowid } = this.#insertStatus.run({ model, version, status, at, actor, reason: reason ?? null });
    return { seq: Number(lastInsertRowid), model, version, status, at, actor, ...(reason !== undefined && { reason }) };
  }

  async listStatusEvents(model: string, version?: string): Promise<StatusEvent[]> {
    this.#guard.assertOpen();
    const rows = version === undefined ? this.#listStatusModel.all(model) : this.#listStatusVersion.all(model, version);
    return rows.map(decodeStatusEvent);
  }

  async attachDocument(doc: AttachedDocument): Promise<{ readonly created: boolean }> {
    this.#guard.assertOpen();
    const { model, version, kind, digest, attachedAt, actor } = doc;
    const { changes } = this.#insertDocument.run({ model, version, kind, digest, attachedAt, actor });
    return { created: changes === 1 };
  }

  async listDocuments(model: string, version: string): Promise<AttachedDocument[]> {
    this.#guard.assertOpen();
    return this.#listDocuments.all(model, version).map(decodeDocument);
  }
}

function versionParams(r: ModelVersionRecord): Record<string, unknown> {
  return {
    model: r.model,
    version: r.version,
    artifactDigest: r.artifact.digest,
    artifactSizeBytes: r.artifact.sizeBytes,
    artifactPath: r.artifact.path,
    upstream: r.upstream ?? null,
    signature: r.signature === undefined ? null : canonicalJson(r.signature),
    datasetManifestDigest: r.datasetManifestDigest ?? null,
    notes: r.notes ?? null,
    createdAt: r.createdAt,
  };
}
