/**
 * @module store/sqlite/sqlite-breaker-wal
 * SQLite BreakerWal over `breaker_wal` and `breaker_wal_marks` (migration 004). An append
 * is one INSERT (the primary key refuses a second record with the same model and seq);
 * marks are upserts. better-sqlite3 commits each statement before returning, so a record is
 * durable (WAL journal) before the orchestrator applies its first effect.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { BreakerWal } from '../../rollback/ports.js';
import type { WalRecord } from '../../rollback/types.js';
import { storeErrors } from '../errors.js';
import type { OpenGuard } from '../open-guard.js';
import { WAL_COLUMNS as COLUMNS, decodeWalMarks, decodeWalRecord as decode, encodeWalBody } from '../rollback-rows.js';
import { RowReader } from './row-reader.js';

/**
 * @example
 * const wal = new SqliteBreakerWal(db, guard); // db already migrated
 * await wal.append(record);
 */
export class SqliteBreakerWal implements BreakerWal {
  readonly #guard: OpenGuard;
  readonly #insert: Statement;
  readonly #latest: Statement;
  readonly #list: Statement;
  readonly #models: Statement;
  readonly #incomplete: Statement;
  readonly #mark: Statement;
  readonly #marks: Statement;
  readonly #complete: Statement;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#insert = db.prepare('INSERT INTO breaker_wal (model, seq, at, state_kind, record, completed_at) VALUES (?, ?, ?, ?, ?, NULL)');
    this.#latest = db.prepare(`SELECT ${COLUMNS} FROM breaker_wal WHERE model = ? ORDER BY seq DESC LIMIT 1`);
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM breaker_wal WHERE model = ? AND seq > ? ORDER BY seq LIMIT ?`);
    this.#models = db.prepare('SELECT DISTINCT model FROM breaker_wal ORDER BY model');
    this.#incomplete = db.prepare(`SELECT ${COLUMNS} FROM breaker_wal WHERE completed_at IS NULL ORDER BY model, seq`);
    this.#mark = db.prepare('INSERT INTO breaker_wal_marks (model, seq, step, result) VALUES (?, ?, ?, ?) ON CONFLICT (model, seq, step) DO UPDATE SET result = excluded.result');
    this.#marks = db.prepare('SELECT step, result FROM breaker_wal_marks WHERE model = ? AND seq = ?');
    this.#complete = db.prepare('UPDATE breaker_wal SET completed_at = ? WHERE model = ? AND seq = ? AND completed_at IS NULL');
  }

  async append(record: Omit<WalRecord, 'completedAt'>): Promise<void> {
    this.#guard.assertOpen();
    const { model, seq, at, state } = record;
    try {
      this.#insert.run(model, seq, at, state.kind, encodeWalBody(record));
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true) {
        throw storeErrors.error('STO_ERR_CONFLICT', `breaker WAL of "${model}" already has record ${seq}`, { model, seq }, err);
      }
      throw err;
    }
  }

  async latest(model: string): Promise<WalRecord | undefined> {
    this.#guard.assertOpen();
    const row = this.#latest.get(model);
    return row === undefined ? undefined : decode(row);
  }

  async list(model: string, options: { readonly afterSeq?: number; readonly limit?: number } = {}): Promise<WalRecord[]> {
    this.#guard.assertOpen();
    return this.#list.all(model, options.afterSeq ?? 0, options.limit ?? -1).map(decode);
  }

  async models(): Promise<string[]> {
    this.#guard.assertOpen();
    return this.#models.all().map((row) => new RowReader('breaker_wal', 'model', row).text('model'));
  }

  async incomplete(): Promise<WalRecord[]> {
    this.#guard.assertOpen();
    return this.#incomplete.all().map(decode);
  }

  async mark(model: string, seq: number, step: string, result: unknown): Promise<void> {
    this.#guard.assertOpen();
    this.#mark.run(model, seq, step, JSON.stringify(result ?? null));
  }

  async marks(model: string, seq: number): Promise<Map<string, unknown>> {
    this.#guard.assertOpen();
    return decodeWalMarks(model, seq, this.#marks.all(model, seq));
  }

  async complete(model: string, seq: number, at: number): Promise<void> {
    this.#guard.assertOpen();
    this.#complete.run(at, model, seq);
  }
}
