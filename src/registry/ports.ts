/**
 * @module registry/ports
 * What the model registry needs from storage. Declared here, by the consumer; adapters in
 * store/ implement it (memory, sqlite; postgres later). Every adapter passes the contract
 * suite in registry-store.contract.ts.
 */
import type { ModelSignature } from '../shared/signature.js';

/** Lifecycle statuses of a model version. The current status is the last status event. */
export const VERSION_STATUSES = ['candidate', 'active', 'lkg', 'quarantined', 'retired'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** An immutable model version. Never updated once inserted. */
export interface ModelVersionRecord {
  readonly model: string;
  readonly version: string;
  /** sha256 (hex) of the artifact file, its size and the path it was registered from. */
  readonly artifact: { readonly digest: string; readonly sizeBytes: number; readonly path: string };
  readonly upstream?: string;
  readonly signature?: ModelSignature;
  /** Digest of the dataset manifest document this version was trained on, if any. */
  readonly datasetManifestDigest?: string;
  readonly notes?: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

/** One status change, appended, never updated. `seq` is assigned by the store, increasing. */
export interface StatusEvent {
  readonly seq: number;
  readonly model: string;
  readonly version: string;
  readonly status: VersionStatus;
  readonly at: number;
  readonly actor: string;
  readonly reason?: string;
}

/** A document (baseline profile, robustness report, dataset manifest…) attached by digest. */
export interface AttachedDocument {
  readonly model: string;
  readonly version: string;
  /** Free-form kind such as `baseline`, `robustness-report`, `dataset-manifest`. */
  readonly kind: string;
  readonly digest: string;
  readonly attachedAt: number;
  readonly actor: string;
}

export interface InsertVersionResult {
  /** False when (model, version) already existed; `record` is then the stored one. */
  readonly created: boolean;
  readonly record: ModelVersionRecord;
}

export interface RegistryStore {
  /** Inserts unless (model, version) exists, atomically; never overwrites. */
  insertVersion(record: ModelVersionRecord): Promise<InsertVersionResult>;
  getVersion(model: string, version: string): Promise<ModelVersionRecord | undefined>;
  /** Ordered by model name, then createdAt, then version; strings compare by Unicode code point (SQLite's default, `COLLATE "C"` in PostgreSQL). */
  listVersions(filter?: { readonly model?: string }): Promise<ModelVersionRecord[]>;
  /**
   * Appends a status event; the store assigns `seq`. The version must exist (the registry
   * checks first and raises REG_ERR_UNKNOWN_VERSION); an adapter rejects otherwise and writes nothing.
   */
  appendStatus(event: Omit<StatusEvent, 'seq'>): Promise<StatusEvent>;
  /** Status events of a model (optionally one version), in `seq` order. */
  listStatusEvents(model: string, version?: string): Promise<StatusEvent[]>;
  /** Idempotent on (model, version, kind, digest): attaching the same one twice keeps the first. The version must exist, as for appendStatus. */
  attachDocument(doc: AttachedDocument): Promise<{ readonly created: boolean }>;
  /** In attachment order. */
  listDocuments(model: string, version: string): Promise<AttachedDocument[]>;
}

/** A content-addressed blob store: the key is the sha256 of the content. */
export interface DocumentStore {
  /** Stores `content` and returns its sha256 (hex). Storing the same bytes twice is a no-op (the first media type is kept). `get` re-hashes and raises STO_ERR_CORRUPT_ROW on a mismatch. */
  put(content: Uint8Array, mediaType: string): Promise<string>;
  get(digest: string): Promise<{ readonly content: Uint8Array; readonly mediaType: string } | undefined>;
}

/** Where the registry records its mutations (the hash-chained audit log implements it). */
export interface AuditSink {
  record(entry: {
    readonly actor: string;
    readonly action: string;
    readonly target: string;
    readonly details: Readonly<Record<string, unknown>>;
  }): Promise<unknown>;
}
