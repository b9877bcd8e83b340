/**
 * @module store/postgres/postgres-breaker-wal
 * PostgreSQL BreakerWal over `breaker_wal` and `breaker_wal_marks` (migration 004). An
 * append is a compare-and-append in one statement: the record is inserted only when its
 * seq directly follows the model's latest one (1 for a new model), and `ON CONFLICT DO
 * NOTHING` on the (model, seq) key settles two replicas appending the same seq at once:
 * the second waits for the first to commit, then inserts nothing. Either way the loser gets
 * STO_ERR_CONFLICT and nothing of its record is stored. Each statement commits before it
 * resolves, so a record is durable before the orchestrator applies its first effect.
 */
import type { Pool } from 'pg';
import type { BreakerWal } from '../../rollback/ports.js';
import type { WalRecord } from '../../rollback/types.js';
import { storeErrors } from '../errors.js';
import type { OpenGuard } from '../open-guard.js';
import { WAL_COLUMNS, decodeWalMarks, decodeWalRecord, encodeWalBody } from '../rollback-rows.js';
import { RowReader } from '../sqlite/row-reader.js';
import { queryRows } from './connection.js';
import { afterBound, limitParam } from './query-bounds.js';
import { quoteSchema } from './schema-name.js';

/**
 * The PostgreSQL implementation of {@link BreakerWal}.
 *
 * @example
 * const wal = new PostgresBreakerWal(pool, 'bulwark', guard); // schema already migrated
 * await wal.append(record); // STO_ERR_CONFLICT unless record.seq = latest seq + 1
 */
export class PostgresBreakerWal implements BreakerWal {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #wal: string;
  readonly #marks: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#wal = `${quoteSchema(schema)}.breaker_wal`;
    this.#marks = `${quoteSchema(schema)}.breaker_wal_marks`;
  }

  async append(record: Omit<WalRecord, 'completedAt'>): Promise<void> {
    this.#guard.assertOpen();
    const { model, seq, at, state } = record;
    if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`breaker WAL append: seq must be an integer >= 1, got ${seq}`);
    const inserted = await this.#pool.query(
      `INSERT INTO ${this.#wal} (model, seq, at, state_kind, record, completed_at)
       SELECT $1, $2, $3, $4, $5, NULL
       WHERE (SELECT COALESCE(MAX(seq), 0) FROM ${this.#wal} WHERE model = $1) = $2::bigint - 1
       ON CONFLICT (model, seq) DO NOTHING`,
      [model, seq, at, state.kind, encodeWalBody(record)],
    );
    if (inserted.rowCount === 1) return;
    const latest = await this.#latestSeq(model);
    const why = latest >= seq ? `already has record ${seq}` : `has no record ${seq - 1} (latest is ${latest}): record ${seq} does not follow it`;
    throw storeErrors.error('STO_ERR_CONFLICT', `breaker WAL of "${model}" ${why}`, { model, seq, latestSeq: latest });
  }

  async latest(model: string): Promise<WalRecord | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${WAL_COLUMNS} FROM ${this.#wal} WHERE model = $1 ORDER BY seq DESC LIMIT 1`, [model]);
    return rows[0] === undefined ? undefined : decodeWalRecord(rows[0]);
  }

  async list(model: string, options: { readonly afterSeq?: number; readonly limit?: number } = {}): Promise<WalRecord[]> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${WAL_COLUMNS} FROM ${this.#wal} WHERE model = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [
      model,
      afterBound(options.afterSeq ?? 0),
      limitParam(options.limit),
    ]);
    return rows.map(decodeWalRecord);
  }

  async models(): Promise<string[]> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT DISTINCT model FROM ${this.#wal} ORDER BY model`);
    return rows.map((row) => new RowReader('breaker_wal', 'model', row).text('model'));
  }

  async incomplete(): Promise<WalRecord[]> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${WAL_COLUMNS} FROM ${this.#wal} WHERE completed_at IS NULL ORDER BY model, seq`);
    return rows.map(decodeWalRecord);
  }

  async mark(model: string, seq: number, step: string, result: unknown): Promise<void> {
    this.#guard.assertOpen();
    await this.#pool.query(
      `INSERT INTO ${this.#marks} (model, seq, step, result) VALUES ($1, $2, $3, $4)
       ON CONFLICT (model, seq, step) DO UPDATE SET result = excluded.result`,
      [model, seq, step, JSON.stringify(result ?? null)],
    );
  }

  async marks(model: string, seq: number): Promise<Map<string, unknown>> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT step, result FROM ${this.#marks} WHERE model = $1 AND seq = $2`, [model, seq]);
    return decodeWalMarks(model, seq, rows);
  }

  async complete(model: string, seq: number, at: number): Promise<void> {
    this.#guard.assertOpen();
    await this.#pool.query(`UPDATE ${this.#wal} SET completed_at = $3 WHERE model = $1 AND seq = $2 AND completed_at IS NULL`, [model, seq, at]);
  }

  async #latestSeq(model: string): Promise<number> {
    const rows = await queryRows(this.#pool, `SELECT COALESCE(MAX(seq), 0) AS seq FROM ${this.#wal} WHERE model = $1`, [model]);
    return new RowReader('breaker_wal', `${model}/latest`, rows[0]).number('seq');
  }
}
