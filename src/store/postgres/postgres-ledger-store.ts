/**
 * @module store/postgres/postgres-ledger-store
 * PostgreSQL LedgerStore over `ledger` (migration 003). A batch is one INSERT over
 * `unnest` of eight column arrays: one statement and one round trip whatever its size
 * (no parameter limit), atomic without an explicit transaction, and its rows take their
 * seqs in batch order. Queries use the (model, time) and (model, version, time) indexes.
 */
import type { Pool } from 'pg';
import type { LedgerEntry, LedgerQuery, LedgerRow, LedgerStore } from '../../gateway/ports.js';
import { checkLedgerRows, normaliseLedgerQuery } from '../ledger-checks.js';
import type { NormalisedLedgerQuery } from '../ledger-checks.js';
import { LEDGER_COLUMNS, decodeLedgerEntry } from '../ledger-rows.js';
import type { OpenGuard } from '../open-guard.js';
import { queryRows } from './connection.js';
import { afterBound, limitParam, timeBound } from './query-bounds.js';
import { quoteSchema } from './schema-name.js';

const INSERT_COLUMNS = 'request_id, at, model, version, api_key_id, input_digest, output_digest, status';

/**
 * The PostgreSQL implementation of {@link LedgerStore}.
 *
 * @example
 * const ledger = new PostgresLedgerStore(pool, 'bulwark', guard); // schema already migrated
 * await ledger.append(rows);
 */
export class PostgresLedgerStore implements LedgerStore {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #table: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#table = `${quoteSchema(schema)}.ledger`;
  }

  async append(rows: readonly LedgerRow[]): Promise<void> {
    this.#guard.assertOpen();
    checkLedgerRows(rows);
    // `at` is a bigint column: a fraction would fail the whole batch with a driver error
    // that names no row, so it is refused here, by row, before anything is sent.
    rows.forEach((row, index) => {
      if (!Number.isSafeInteger(row.at)) throw new TypeError(`ledger row ${index}: at must be an integer number of ms, got ${row.at}`);
    });
    if (rows.length === 0) return;
    await this.#pool.query(
      `INSERT INTO ${this.#table} (${INSERT_COLUMNS})
       SELECT request_id, at, model, version, api_key_id, input_digest, output_digest, status
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[])
         WITH ORDINALITY AS batch (request_id, at, model, version, api_key_id, input_digest, output_digest, status, n)
       ORDER BY n`,
      [
        rows.map((r) => r.requestId),
        rows.map((r) => r.at),
        rows.map((r) => r.model),
        rows.map((r) => r.version),
        rows.map((r) => r.apiKeyId ?? null),
        rows.map((r) => r.inputDigest),
        rows.map((r) => r.outputDigest),
        rows.map((r) => r.status),
      ],
    );
  }

  async byRequestId(requestId: string): Promise<LedgerEntry[]> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${LEDGER_COLUMNS} FROM ${this.#table} WHERE request_id = $1 ORDER BY seq`, [requestId]);
    return rows.map(decodeLedgerEntry);
  }

  async query(query: LedgerQuery): Promise<LedgerEntry[]> {
    this.#guard.assertOpen();
    const q = normaliseLedgerQuery(query);
    const { where, values } = windowFilter(q);
    const rows = await queryRows(
      this.#pool,
      `SELECT ${LEDGER_COLUMNS} FROM ${this.#table} WHERE ${where} AND seq > $${values.length + 1} ORDER BY seq LIMIT $${values.length + 2}`,
      [...values, afterBound(q.afterSeq), limitParam(q.limit)],
    );
    return rows.map(decodeLedgerEntry);
  }

  /**
   * One UPDATE: rows another replica marks at the same time are locked, re-checked after
   * its commit and skipped, so every row is marked (and counted) once.
   */
  async markUntrusted(query: Omit<LedgerQuery, 'afterSeq' | 'limit'> & { readonly incidentId: string; readonly at: number }): Promise<{ readonly marked: number }> {
    this.#guard.assertOpen();
    const q = normaliseLedgerQuery(query);
    const { where, values } = windowFilter(q);
    const result = await this.#pool.query(
      `UPDATE ${this.#table} SET untrusted_at = $${values.length + 1}, incident_id = $${values.length + 2} WHERE untrusted_at IS NULL AND ${where}`,
      [...values, query.at, query.incidentId],
    );
    return { marked: result.rowCount ?? 0 };
  }
}

/** `model = $1 AND at >= $2 AND at < $3 [AND version = $4]` and its values. */
function windowFilter(q: NormalisedLedgerQuery): { where: string; values: unknown[] } {
  const values: unknown[] = [q.model, timeBound(q.fromMs), timeBound(q.toMs)];
  let where = 'model = $1 AND at >= $2 AND at < $3';
  if (q.version !== undefined) {
    values.push(q.version);
    where += ' AND version = $4';
  }
  return { where, values };
}
