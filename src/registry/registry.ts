/**
 * @module registry/registry
 * The model registry: immutable versions identified by their artifact's sha256, status
 * changes appended as events, documents (baselines, robustness reports, dataset manifests)
 * attached by content digest. Every mutation writes one audit entry.
 */
import type { Clock } from '../shared/clock.js';
import { modelSignatureSchema } from '../shared/signature.js';
import type { ModelSignature } from '../shared/signature.js';
import { registryErrors } from './errors.js';
import type {
  AttachedDocument,
  AuditSink,
  DocumentStore,
  ModelVersionRecord,
  RegistryStore,
  StatusEvent,
  VersionStatus,
} from './ports.js';
import { checkTransition, isVersionStatus } from './status.js';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface RegistryDeps {
  readonly store: RegistryStore;
  readonly documents: DocumentStore;
  readonly audit: AuditSink;
  readonly clock: Clock;
}

/** What `addVersion` needs; the caller has hashed the artifact already. */
export interface AddVersionInput {
  readonly model: string;
  readonly version: string;
  readonly artifact: { readonly digest: string; readonly sizeBytes: number; readonly path: string };
  readonly upstream?: string;
  /** Parsed signature document (validated here). */
  readonly signature?: unknown;
  /** A dataset manifest to attach, already validated by the caller (provenance context). */
  readonly datasetManifest?: { readonly content: Uint8Array; readonly mediaType: string };
  readonly notes?: string;
  readonly actor: string;
}

export interface AddVersionResult {
  /** False when the same version with the same digest was already there (a no-op). */
  readonly created: boolean;
  readonly record: ModelVersionRecord;
}

/** A version with its current status, status history and attached documents. */
export interface VersionView {
  readonly record: ModelVersionRecord;
  readonly status: VersionStatus;
  readonly history: readonly StatusEvent[];
  readonly documents: readonly AttachedDocument[];
}

/**
 * @example
 * const registry = new Registry({ store, documents, audit, clock: systemClock });
 * await registry.addVersion({ model: 'fraud', version: 'v1', artifact, actor: 'alice' });
 */
export class Registry {
  readonly #deps: RegistryDeps;

  constructor(deps: RegistryDeps) {
    this.#deps = deps;
  }

  /** Registers a version (status `candidate`). Same digest again: no-op; another digest: REG_ERR_VERSION_CONFLICT. */
  async addVersion(input: AddVersionInput): Promise<AddVersionResult> {
    checkName('model', input.model);
    checkName('version', input.version);
    const signature = input.signature === undefined ? undefined : parseSignature(input.signature);
    if (input.upstream !== undefined) checkUpstream(input.upstream);
    const existing = await this.#deps.store.getVersion(input.model, input.version);
    if (existing) return this.#sameOrConflict(existing, input.artifact.digest);

    const manifestDigest = input.datasetManifest
      ? await this.#deps.documents.put(input.datasetManifest.content, input.datasetManifest.mediaType)
      : undefined;
    const record: ModelVersionRecord = {
      model: input.model,
      version: input.version,
      artifact: { ...input.artifact },
      ...(input.upstream === undefined ? {} : { upstream: input.upstream }),
      ...(signature === undefined ? {} : { signature }),
      ...(manifestDigest === undefined ? {} : { datasetManifestDigest: manifestDigest }),
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      createdAt: this.#deps.clock.now(),
    };
    // Audit first: a crash between the two leaves an audit entry for an add that a re-run
    // completes (adds are idempotent), never a silent unaudited mutation.
    await this.#deps.audit.record({
      actor: input.actor,
      action: 'registry.add',
      target: target(input.model, input.version),
      details: { digest: record.artifact.digest, sizeBytes: record.artifact.sizeBytes, upstream: record.upstream ?? null },
    });
    const inserted = await this.#deps.store.insertVersion(record);
    if (!inserted.created) return this.#sameOrConflict(inserted.record, input.artifact.digest);
    await this.#deps.store.appendStatus({ model: record.model, version: record.version, status: 'candidate', at: record.createdAt, actor: input.actor, reason: 'registered' });
    if (manifestDigest !== undefined) {
      await this.#deps.store.attachDocument({ model: record.model, version: record.version, kind: 'dataset-manifest', digest: manifestDigest, attachedAt: record.createdAt, actor: input.actor });
    }
    return { created: true, record: inserted.record };
  }

  #sameOrConflict(existing: ModelVersionRecord, digest: string): AddVersionResult {
    if (existing.artifact.digest === digest) return { created: false, record: existing };
    throw registryErrors.error(
      'REG_ERR_VERSION_CONFLICT',
      `${existing.model} ${existing.version} is already registered with artifact sha256 ${existing.artifact.digest}, not ${digest}`,
      { model: existing.model, version: existing.version, registeredDigest: existing.artifact.digest, givenDigest: digest },
    );
  }

  /** Appends a status change after checking the transition table. Returns the new status event, or undefined for a no-op. */
  async setStatus(model: string, version: string, status: string, by: { actor: string; reason?: string }): Promise<StatusEvent | undefined> {
    if (!isVersionStatus(status)) {
      throw registryErrors.error('REG_ERR_INVALID_STATUS', `unknown status "${status}" (expected candidate, active, lkg, quarantined or retired)`, { status });
    }
    const view = await this.getVersion(model, version);
    const verdict = checkTransition(view.status, status);
    if (verdict.kind === 'noop') return undefined;
    if (verdict.kind === 'forbidden') {
      throw registryErrors.error(
        'REG_ERR_INVALID_TRANSITION',
        `${model} ${version} cannot go from ${view.status} to ${status} (allowed: ${verdict.allowed.join(', ') || 'none'})`,
        { model, version, from: view.status, to: status },
      );
    }
    await this.#deps.audit.record({ actor: by.actor, action: 'registry.status', target: target(model, version), details: { from: view.status, to: status, reason: by.reason ?? null } });
    return this.#deps.store.appendStatus({ model, version, status, at: this.#deps.clock.now(), actor: by.actor, ...(by.reason === undefined ? {} : { reason: by.reason }) });
  }

  /** Attaches a document by content digest (idempotent); returns the digest. */
  async attachDocument(model: string, version: string, doc: { kind: string; content: Uint8Array; mediaType: string; actor: string }): Promise<string> {
    await this.getVersion(model, version);
    if (!/^[a-z][a-z0-9-]{0,63}$/.test(doc.kind)) {
      throw registryErrors.error('REG_ERR_INVALID_DOCUMENT', `document kind "${doc.kind}" must be lower-case letters, digits and "-"`, { kind: doc.kind });
    }
    const digest = await this.#deps.documents.put(doc.content, doc.mediaType);
    await this.#deps.audit.record({ actor: doc.actor, action: 'registry.attach', target: target(model, version), details: { kind: doc.kind, digest } });
    await this.#deps.store.attachDocument({ model, version, kind: doc.kind, digest, attachedAt: this.#deps.clock.now(), actor: doc.actor });
    return digest;
  }

  /** A version with status, history and documents; REG_ERR_UNKNOWN_MODEL / _VERSION when absent. */
  async getVersion(model: string, version: string): Promise<VersionView> {
    checkName('model', model);
    checkName('version', version);
    const record = await this.#deps.store.getVersion(model, version);
    if (!record) {
      const others = await this.#deps.store.listVersions({ model });
      if (others.length === 0) throw registryErrors.error('REG_ERR_UNKNOWN_MODEL', `no model named "${model}" is registered`, { model });
      throw registryErrors.error('REG_ERR_UNKNOWN_VERSION', `model "${model}" has no version "${version}" (registered: ${others.map((o) => o.version).join(', ')})`, { model, version });
    }
    const history = await this.#deps.store.listStatusEvents(model, version);
    const documents = await this.#deps.store.listDocuments(model, version);
    return { record, status: currentStatus(history), history, documents };
  }

  /** All versions (of one model when given) with their current status. */
  async list(model?: string): Promise<VersionView[]> {
    if (model !== undefined) checkName('model', model);
    const records = await this.#deps.store.listVersions(model === undefined ? {} : { model });
    if (model !== undefined && records.length === 0) throw registryErrors.error('REG_ERR_UNKNOWN_MODEL', `no model named "${model}" is registered`, { model });
    const views: VersionView[] = [];
    for (const record of records) {
      const history = await this.#deps.store.listStatusEvents(record.model, record.version);
      const documents = await this.#deps.store.listDocuments(record.model, record.version);
      views.push({ record, status: currentStatus(history), history, documents });
    }
    return views;
  }

  /** Content of an attached document by digest. */
  async readDocument(digest: string): Promise<{ content: Uint8Array; mediaType: string } | undefined> {
    return this.#deps.documents.get(digest);
  }
}

function currentStatus(history: readonly StatusEvent[]): VersionStatus {
  return history.at(-1)?.status ?? 'candidate';
}

function target(model: string, version: string): string {
  return `model:${model}/${version}`;
}

function checkName(what: 'model' | 'version', name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw registryErrors.error('REG_ERR_INVALID_NAME', `${what} name "${name}" is not valid (1–128 of A–Z a–z 0–9 . _ -, starting with a letter or digit)`, { [what]: name });
  }
}

function checkUpstream(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw registryErrors.error('REG_ERR_INVALID_UPSTREAM', `upstream "${url}" is not an absolute http(s) URL`, { upstream: url });
  }
}

function parseSignature(raw: unknown): ModelSignature {
  const result = modelSignatureSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw registryErrors.error('REG_ERR_INVALID_SIGNATURE', `signature is not valid: ${problems[0] ?? 'unknown problem'}`, { problems });
}
