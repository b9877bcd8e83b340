/**
 * @module store/audit-rows
 * Decoding of audit-log rows, shared by the SQLite and PostgreSQL adapters (same column
 * names); a row that does not decode raises STO_ERR_CORRUPT_ROW naming the table, the
 * entry's seq and the column.
 */
import type { AuditEntry } from '../audit/ports.js';
import { RowReader } from './sqlite/row-reader.js';

function reader(row: unknown): RowReader {
  const seq = (row as { seq?: unknown } | null)?.seq;
  return new RowReader('audit_log', `seq ${String(seq)}`, row);
}

/** A whole entry. */
export function decodeAuditEntry(row: unknown): AuditEntry {
  const r = reader(row);
  return {
    seq: r.number('seq'),
    at: r.number('at'),
    actor: r.text('actor'),
    action: r.text('action'),
    target: r.text('target'),
    details: r.jsonObject('details'),
    prevHash: r.text('prev_hash'),
    hash: r.text('hash'),
  };
}

/**
 * Only what the append's compare step reads, so that a head row whose details were mangled
 * does not stop the log from growing (`bulwark audit verify` reports it).
 */
export function decodeAuditLink(row: unknown): Pick<AuditEntry, 'seq' | 'hash'> {
  const r = reader(row);
  return { seq: r.number('seq'), hash: r.text('hash') };
}
