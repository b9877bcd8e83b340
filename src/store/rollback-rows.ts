/**
 * @module store/rollback-rows
 * The rows of the rollback tables (migration 004: breaker_wal, breaker_wal_marks,
 * incidents, forensic_index, breaker_commands) as the rollback ports see them, shared by
 * the SQLite and PostgreSQL adapters: both use the same column names and keep documents as
 * JSON text (PostgreSQL's `json` columns reach the decoders as text). A row that does not
 * decode raises STO_ERR_CORRUPT_ROW naming the table, the row's key and the column.
 */
import type { ForensicIndexEntry, Incident, IncidentPatch, QueuedCommand, WalRecord } from '../rollback/types.js';
import { rowKey } from './registry-rows.js';
import { RowReader } from './sqlite/row-reader.js';

/** Columns of breaker_wal that {@link decodeWalRecord} reads. */
export const WAL_COLUMNS = 'model, seq, at, record, completed_at';
/** Columns of forensic_index, in table order ({@link decodeForensicEntry}). */
export const FORENSIC_COLUMNS = 'digest, model, anomaly_id, incident_id, created_at, bytes, location';
/** Columns of breaker_commands that {@link decodeQueuedCommand} reads. */
export const COMMAND_COLUMNS = 'id, model, command, actor, reason, created_at, status, settled_at, detail';

const WAL_BODY_FIELDS = ['command', 'state', 'events', 'effects', 'context'] as const;

/**
 * The `record` column of a WAL record: everything but the columns of its own.
 *
 * @example
 * encodeWalBody(record); // '{"command":…,"prev":null,"state":…,"events":[],"effects":[],"context":{}}'
 */
export function encodeWalBody(record: Omit<WalRecord, 'completedAt'>): string {
  const { command, prev, state, events, effects, context } = record;
  return JSON.stringify({ command, prev, state, events, effects, context });
}

/** A breaker_wal row (columns {@link WAL_COLUMNS}) as a WalRecord. */
export function decodeWalRecord(row: unknown): WalRecord {
  const r = new RowReader('breaker_wal', rowKey(row, 'model', 'seq'), row);
  const body = r.jsonObject('record');
  for (const field of WAL_BODY_FIELDS) if (!(field in body)) throw r.corrupt('record', `lacks "${field}"`);
  return {
    model: r.text('model'),
    seq: r.number('seq'),
    at: r.number('at'),
    ...(body as Pick<WalRecord, 'command' | 'state' | 'events' | 'effects' | 'context'>),
    prev: (body['prev'] ?? null) as WalRecord['prev'],
    completedAt: optionalNumber(r, row, 'completed_at') ?? null,
  };
}

/**
 * breaker_wal_marks rows (`step`, `result`) of one record, by step.
 *
 * @example
 * decodeWalMarks('fraud', 3, rows); // Map { '0' => { at: 11 } }
 */
export function decodeWalMarks(model: string, seq: number, rows: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const row of rows) {
    const r = new RowReader('breaker_wal_marks', `${model}/${seq}`, row);
    out.set(r.text('step'), json(r, 'result'));
  }
  return out;
}

/** An incidents row (`id`, `data`) as the Incident it holds. */
export function decodeIncident(row: unknown): Incident {
  const r = new RowReader('incidents', rowKey(row, 'id'), row);
  const data = r.jsonObject('data');
  if (typeof data['id'] !== 'string' || typeof data['model'] !== 'string' || typeof data['state'] !== 'string') throw r.corrupt('data', 'is not an incident');
  return data as unknown as Incident;
}

/**
 * The incident after `patch`: a shallow merge, as stored (keys patched to `undefined`
 * disappear in the JSON).
 *
 * @example
 * patchIncident(stored, { state: 'resolved', updatedAt: 300 });
 */
export function patchIncident(stored: Incident, patch: IncidentPatch): Incident {
  return { ...stored, ...patch } as Incident;
}

/** A forensic_index row (columns {@link FORENSIC_COLUMNS}) as a ForensicIndexEntry. */
export function decodeForensicEntry(row: unknown): ForensicIndexEntry {
  const r = new RowReader('forensic_index', rowKey(row, 'digest'), row);
  return {
    digest: r.text('digest'),
    model: r.text('model'),
    anomalyId: r.text('anomaly_id'),
    incidentId: r.text('incident_id'),
    createdAt: r.number('created_at'),
    bytes: r.number('bytes'),
    location: r.text('location'),
  };
}

/** A breaker_commands row (columns {@link COMMAND_COLUMNS}) as a QueuedCommand. */
export function decodeQueuedCommand(row: unknown): QueuedCommand {
  const r = new RowReader('breaker_commands', rowKey(row, 'id'), row);
  const command = r.jsonObject('command') as unknown as QueuedCommand['command'];
  const status = r.text('status');
  if (status !== 'pending' && status !== 'applied' && status !== 'rejected') throw r.corrupt('status', `is "${status}"`);
  return {
    id: r.number('id'),
    model: r.text('model'),
    command,
    actor: r.text('actor'),
    reason: r.text('reason'),
    createdAt: r.number('created_at'),
    status,
    settledAt: optionalNumber(r, row, 'settled_at') ?? null,
    detail: r.optionalText('detail') ?? null,
  };
}

function optionalNumber(r: RowReader, row: unknown, column: string): number | undefined {
  const value = (row as Record<string, unknown>)[column];
  return value === null || value === undefined ? undefined : r.number(column);
}

function json(r: RowReader, column: string): unknown {
  const text = r.text(column);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw r.corrupt(column, 'is not valid JSON', err);
  }
}
