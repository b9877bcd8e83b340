/**
 * @module store/outbox-rows
 * Decodes `alert_outbox` rows into OutboxItems, for the SQLite and PostgreSQL outboxes
 * alike (both return times as numbers and the payload as JSON text); a corrupt row names
 * the table, the row and the column.
 */
import type { OutboxItem, OutboxStatus } from '../alerts/ports.js';
import type { AlertClass, AlertNotification } from '../alerts/types.js';
import { RowReader } from './sqlite/row-reader.js';

const STATUSES: readonly OutboxStatus[] = ['pending', 'delivered', 'dead'];
const CLASSES: readonly AlertClass[] = ['page', 'ticket', 'info'];

/**
 * One `alert_outbox` row as the port returns it.
 *
 * @throws STO_ERR_CORRUPT_ROW naming the column that does not decode.
 */
export function decodeOutboxRow(row: unknown): OutboxItem {
  const raw = row as Record<string, unknown> | undefined;
  const r = new RowReader('alert_outbox', `${String(raw?.['sink'])}/${String(raw?.['key'])}`, row);
  const status = r.text('status') as OutboxStatus;
  if (!STATUSES.includes(status)) throw r.corrupt('status', `is "${status}"`);
  const severity = r.text('severity') as AlertClass;
  if (!CLASSES.includes(severity)) throw r.corrupt('severity', `is "${severity}"`);
  const nullableNumber = (column: string): number | null => (raw?.[column] === null ? null : r.number(column));
  return {
    sink: r.text('sink'),
    key: r.text('key'),
    dedupeKey: r.text('dedupe_key'),
    severity,
    payload: r.jsonObject('payload') as unknown as AlertNotification,
    createdAt: r.number('created_at'),
    status,
    attempts: r.number('attempts'),
    nextAttemptAt: r.number('next_attempt_at'),
    leaseOwner: r.optionalText('lease_owner') ?? null,
    leaseUntil: nullableNumber('lease_until'),
    lastError: r.optionalText('last_error') ?? null,
    lastStatus: nullableNumber('last_status'),
    updatedAt: r.number('updated_at'),
    deliveredAt: nullableNumber('delivered_at'),
  };
}
