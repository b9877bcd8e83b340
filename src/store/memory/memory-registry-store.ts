/**
 * @module store/memory/memory-registry-store
 * In-memory RegistryStore: model versions, status events and attached documents in maps
 * and arrays. Everything crossing the boundary is copied, so that callers can neither
 * mutate the store nor see later changes through an object they hold.
 */
import type {
  AttachedDocument,
  InsertVersionResult,
  ModelVersionRecord,
  RegistryStore,
  StatusEvent,
} from '../../registry/ports.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { ModelSignature } from '../../shared/signature.js';
import type { OpenGuard } from '../open-guard.js';

/**
 * The memory implementation of {@link RegistryStore}. Behaves like the SQLite adapter,
 * including its ordering (strings compare by code point, as SQLite's BINARY collation
 * does) and its refusal to reference a version that was never inserted.
 *
 * @example
 * const registry = new MemoryRegistryStore(new OpenGuard('memory store'));
 */
export class MemoryRegistryStore implements RegistryStore {
  readonly #guard: OpenGuard;
  readonly #versions = new Map<string, ModelVersionRecord>();
  readonly #events: StatusEvent[] = [];
  readonly #documents: AttachedDocument[] = [];
  readonly #documentKeys = new Set<string>();
  #nextSeq = 1;

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async insertVersion(record: ModelVersionRecord): Promise<InsertVersionResult> {
    this.#guard.assertOpen();
    const key = versionKey(record.model, record.version);
    const existing = this.#versions.get(key);
    if (existing !== undefined) return { created: false, record: copyVersion(existing) };
    const stored = copyVersion(record);
    this.#versions.set(key, stored);
    return { created: true, record: copyVersion(stored) };
  }

  async getVersion(model: string, version: string): Promise<ModelVersionRecord | undefined> {
    this.#guard.assertOpen();
    const found = this.#versions.get(versionKey(model, version));
    return found === undefined ? undefined : copyVersion(found);
  }

  async listVersions(filter?: { readonly model?: string }): Promise<ModelVersionRecord[]> {
    this.#guard.assertOpen();
    const model = filter?.model;
    return [...this.#versions.values()]
      .filter((r) => model === undefined || r.model === model)
      .sort(compareVersions)
      .map(copyVersion);
  }

  async appendStatus(event: Omit<StatusEvent, 'seq'>): Promise<StatusEvent> {
    this.#guard.assertOpen();
    this.#assertVersionExists(event.model, event.version, 'appendStatus');
    const stored: StatusEvent = {
      seq: this.#nextSeq++,
      model: event.model,
      version: event.version,
      status: event.status,
      at: event.at,
      actor: event.actor,
      ...(event.reason !== undefined && { reason: event.reason }),
    };
    this.#events.push(stored);
    return { ...stored };
  }

  async listStatusEvents(model: string, version?: string): Promise<StatusEvent[]> {
    this.#guard.assertOpen();
    return this.#events
      .filter((e) => e.model === model && (version === undefined || e.version === version))
      .map((e) => ({ ...e }));
  }

  async attachDocument(doc: AttachedDocument): Promise<{ readonly created: boolean }> {
    this.#guard.assertOpen();
    this.#assertVersionExists(doc.model, doc.version, 'attachDocument');
    const key = JSON.stringify([doc.model, doc.version, doc.kind, doc.digest]);
    if (this.#documentKeys.has(key)) return { created: false };
    this.#documentKeys.add(key);
    const { model, version, kind, digest, attachedAt, actor } = doc;
    this.#documents.push({ model, version, kind, digest, attachedAt, actor });
    return { created: true };
  }

  async listDocuments(model: string, version: string): Promise<AttachedDocument[]> {
    this.#guard.assertOpen();
    return this.#documents.filter((d) => d.model === model && d.version === version).map((d) => ({ ...d }));
  }

  /** Mirrors the SQLite foreign key: events and documents must name an inserted version. */
  #assertVersionExists(model: string, version: string, operation: string): void {
    if (!this.#versions.has(versionKey(model, version))) {
      throw new Error(`${operation}: no model version ${model}/${version} (insert the version first)`);
    }
  }
}

function versionKey(model: string, version: string): string {
  return JSON.stringify([model, version]);
}

/** Code point order, i.e. the byte order of UTF-8 (SQLite BINARY, PostgreSQL "C"). */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function compareVersions(a: ModelVersionRecord, b: ModelVersionRecord): number {
  return compareText(a.model, b.model) || a.createdAt - b.createdAt || compareText(a.version, b.version);
}

/** A deep copy holding only the port's fields; absent optionals are left out, not undefined. */
function copyVersion(r: ModelVersionRecord): ModelVersionRecord {
  return {
    model: r.model,
    version: r.version,
    artifact: { digest: r.artifact.digest, sizeBytes: r.artifact.sizeBytes, path: r.artifact.path },
    ...(r.upstream !== undefined && { upstream: r.upstream }),
    // Through JSON, like the SQLite column, so both adapters return the same shape.
    ...(r.signature !== undefined && { signature: JSON.parse(canonicalJson(r.signature)) as ModelSignature }),
    ...(r.datasetManifestDigest !== undefined && { datasetManifestDigest: r.datasetManifestDigest }),
    ...(r.notes !== undefined && { notes: r.notes }),
    createdAt: r.createdAt,
  };
}
