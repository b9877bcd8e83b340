/**
 * @module store/ledger-rows
 * Decoding of decision-ledger rows into `LedgerEntry`, shared by the adapters whose
 * `ledger` table has the columns of migration 003 (the same names on SQLite and
 * PostgreSQL). A row that does not decode raises STO_ERR_CORRUPT_ROW naming `ledger`, the
 * row's seq and the column.
 */
import type { LedgerEntry } from '../gateway/ports.js';
import { RowReader } from './sqlite/row-reader.js';

/** The columns {@link decodeLedgerEntry} reads, in table order. */
export const LEDGER_COLUMNS = 'seq, request_id, at, model, version, api_key_id, input_digest, output_digest, status, untrusted_at, incident_id';

/**
 * One stored ledger row as the port returns it: absent `apiKeyId`, `untrustedAt` and
 * `incidentId` when their columns are NULL.
 *
 * @example
 * rows.map(decodeLedgerEntry); // LedgerEntry[]
 */
export function decodeLedgerEntry(row: unknown): LedgerEntry {
  const seq = (row as { seq?: unknown } | null)?.seq;
  const r = new RowReader('ledger', `seq ${String(seq)}`, row);
  const apiKeyId = r.optionalText('api_key_id');
  const untrusted = (row as { untrusted_at?: unknown }).untrusted_at;
  const incidentId = r.optionalText('incident_id');
  return {
    seq: r.number('seq'),
    requestId: r.text('request_id'),
    at: r.number('at'),
    model: r.text('model'),
    version: r.text('version'),
    ...(apiKeyId === undefined ? {} : { apiKeyId }),
    inputDigest: r.text('input_digest'),
    outputDigest: r.text('output_digest'),
    status: r.number('status'),
    ...(untrusted === null || untrusted === undefined ? {} : { untrustedAt: r.number('untrusted_at') }),
    ...(incidentId === undefined ? {} : { incidentId }),
  };
}
