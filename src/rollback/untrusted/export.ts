/**
 * @module rollback/untrusted/export
 * The export format of `bulwark untrusted export`: one record per untrusted ledger row,
 * as JSON lines or CSV (RFC 4180 quoting), times in ISO 8601.
 */
import type { LedgerEntry } from '../../gateway/index.js';

/** Output formats. */
export const UNTRUSTED_FORMATS = ['jsonl', 'csv'] as const;
export type UntrustedFormat = (typeof UNTRUSTED_FORMATS)[number];

/** Columns, in order. */
export const UNTRUSTED_COLUMNS = ['request_id', 'at', 'model', 'version', 'api_key_id', 'status', 'input_digest', 'output_digest', 'untrusted_at', 'incident_id'] as const;

/**
 * One exported record.
 *
 * @example
 * untrustedRecord(row).request_id;
 */
export function untrustedRecord(row: LedgerEntry): Record<(typeof UNTRUSTED_COLUMNS)[number], string | number | null> {
  return {
    request_id: row.requestId,
    at: new Date(row.at).toISOString(),
    model: row.model,
    version: row.version,
    api_key_id: row.apiKeyId ?? null,
    status: row.status,
    input_digest: row.inputDigest,
    output_digest: row.outputDigest,
    untrusted_at: row.untrustedAt === undefined ? null : new Date(row.untrustedAt).toISOString(),
    incident_id: row.incidentId ?? null,
  };
}

/**
 * The rows as text lines (CSV starts with a header line).
 *
 * @example
 * formatUntrusted(rows, 'csv')[0]; // 'request_id,at,model,version,api_key_id,status,…'
 */
export function formatUntrusted(rows: readonly LedgerEntry[], format: UntrustedFormat): string[] {
  if (format === 'jsonl') return rows.map((row) => JSON.stringify(untrustedRecord(row)));
  const lines = [UNTRUSTED_COLUMNS.join(',')];
  for (const row of rows) {
    const record = untrustedRecord(row);
    lines.push(UNTRUSTED_COLUMNS.map((c) => csvField(record[c])).join(','));
  }
  return lines;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
