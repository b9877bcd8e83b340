/**
 * @module store/registry-rows
 * Decoding of registry rows (model versions, status events, attached documents) into the
 * registry's records, shared by the SQLite and PostgreSQL adapters: both use the same column
 * names, and a row that does not decode raises STO_ERR_CORRUPT_ROW naming table, key and column.
 */
import type { ModelSignature } from '../shared/signature.js';
import { VERSION_STATUSES } from '../registry/ports.js';
import type { AttachedDocument, ModelVersionRecord, StatusEvent, VersionStatus } from '../registry/ports.js';
import { RowReader } from './sqlite/row-reader.js';

export function rowKey(row: unknown, ...columns: string[]): string {
  const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  return columns.map((c) => String(r[c])).join('/');
}

export function decodeVersion(row: unknown): ModelVersionRecord {
  const r = new RowReader('model_versions', rowKey(row, 'model', 'version'), row);
  const upstream = r.optionalText('upstream');
  const signature = r.optionalJsonObject('signature') as ModelSignature | undefined;
  const datasetManifestDigest = r.optionalText('dataset_manifest_digest');
  const notes = r.optionalText('notes');
  return {
    model: r.text('model'),
    version: r.text('version'),
    artifact: { digest: r.text('artifact_digest'), sizeBytes: r.number('artifact_size_bytes'), path: r.text('artifact_path') },
    ...(upstream !== undefined && { upstream }),
    ...(signature !== undefined && { signature }),
    ...(datasetManifestDigest !== undefined && { datasetManifestDigest }),
    ...(notes !== undefined && { notes }),
    createdAt: r.number('created_at'),
  };
}

export function decodeStatusEvent(row: unknown): StatusEvent {
  const r = new RowReader('status_events', rowKey(row, 'seq'), row);
  const status = r.text('status');
  if (!(VERSION_STATUSES as readonly string[]).includes(status)) throw r.corrupt('status', `has unknown status ${JSON.stringify(status)}`);
  const reason = r.optionalText('reason');
  return {
    seq: r.number('seq'),
    model: r.text('model'),
    version: r.text('version'),
    status: status as VersionStatus,
    at: r.number('at'),
    actor: r.text('actor'),
    ...(reason !== undefined && { reason }),
  };
}

export function decodeDocument(row: unknown): AttachedDocument {
  const r = new RowReader('documents_attached', rowKey(row, 'id'), row);
  return {
    model: r.text('model'),
    version: r.text('version'),
    kind: r.text('kind'),
    digest: r.text('digest'),
    attachedAt: r.number('attached_at'),
    actor: r.text('actor'),
  };
}
