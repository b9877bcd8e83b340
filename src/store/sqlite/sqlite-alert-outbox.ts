/**
 * @module store/sqlite/sqlite-alert-outbox
 * SQLite AlertOutbox over `alert_outbox` (migration 005). Enqueue is one transaction of
 * INSERT OR IGNORE (the (sink, key) primary key makes a repeat a no-op); a claim selects
 * and leases due rows in one IMMEDIATE transaction, so dispatchers in several processes
 * sharing the file never claim the same row while its lease runs. The row decoder is
 * exported for the PostgreSQL adapter (same columns, payload as JSON text).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { AlertOutbox, OutboxDepth, OutboxEntry, OutboxItem, OutboxListFilter, OutboxRef, OutboxStatus } from '../../alerts/ports.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeOutboxRow } from '../outbox-rows.js';

/** Columns {@link decodeOutboxRow} reads, in table order. */
export const OUTBOX_COLUMNS =
  'sink, key, dedupe_key, severity, payload, created_at, status, attempts, next_attempt_at, lease_owner, lease_until, last_error, last_status, updated_at, delivered_at';

const ORDER = 'ORDER BY next_attempt_at, created_at, sink, key';

/**
 * @example
 * const outbox = new SqliteAlertOutbox(db, guard);
 * await outbox.enqueue([entry]);
 */
export class SqliteAlertOutbox implements AlertOutbox {
  readonly #db: Database;
  readonly #guard: OpenGuard;
  readonly #insert: Statement;
  readonly #due: Statement;
  readonly #lease: Statement;
  readonly #delivered: Statement;
  readonly #retry: Statement;
  readonly #dead: Statement;
  readonly #release: Statement;
  readonly #requeue: Statement;
  readonly #get: Statement;
  readonly #list: Statement;
  readonly #listNewest: Statement;
  readonly #depth: Statement;
  readonly #purge: Statement;

  constructor(db: Database, guard: OpenGuard) {
    this.#db = db;
    this.#guard = guard;
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO alert_outbox (sink, key, dedupe_key, severity, payload, created_at, status, attempts, next_attempt_at, updated_at)
       VALUES (@sink, @key, @dedupeKey, @severity, @payload, @createdAt, 'pending', 0, @createdAt, @createdAt)`,
    );
    this.#due = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) ${ORDER} LIMIT @limit`);
    this.#lease = db.prepare('UPDATE alert_outbox SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now WHERE sink = @sink AND key = @key');
    this.#delivered = db.prepare(
      "UPDATE alert_outbox SET status = 'delivered', delivered_at = @at, last_status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @at WHERE sink = @sink AND key = @key AND status = 'pending'",
    );
    const owned = "WHERE sink = @sink AND key = @key AND status = 'pending' AND lease_owner = @owner";
    this.#retry = db.prepare(`UPDATE alert_outbox SET next_attempt_at = @next, last_error = @error, last_status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @at ${owned}`);
    this.#dead = db.prepare(`UPDATE alert_outbox SET status = 'dead', last_error = @error, last_status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @at ${owned}`);
    this.#release = db.prepare("UPDATE alert_outbox SET lease_owner = NULL, lease_until = NULL, updated_at = @at WHERE status = 'pending' AND lease_owner = @owner");
    this.#requeue = db.prepare("UPDATE alert_outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, updated_at = @now WHERE status = 'dead' AND (@sink IS NULL OR sink = @sink)");
    this.#get = db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox WHERE sink = ? AND key = ?`);
    const listed = `SELECT ${OUTBOX_COLUMNS} FROM alert_outbox WHERE (@status IS NULL OR status = @status) AND (@sink IS NULL OR sink = @sink)`;
    this.#list = db.prepare(`${listed} ORDER BY created_at, sink, key LIMIT @limit`);
    this.#listNewest = db.prepare(`${listed} ORDER BY created_at DESC, sink DESC, key DESC LIMIT @limit`);
    this.#depth = db.prepare('SELECT status, count(*) AS n FROM alert_outbox GROUP BY status');
    this.#purge = db.prepare("DELETE FROM alert_outbox WHERE status = 'delivered' AND delivered_at < ?");
  }

  async enqueue(entries: readonly OutboxEntry[]): Promise<{ readonly inserted: number }> {
    this.#guard.assertOpen();
    const insertAll = this.#db.transaction((rows: readonly OutboxEntry[]) => {
      let inserted = 0;
      for (const e of rows) {
        inserted += this.#insert.run({ sink: e.sink, key: e.key, dedupeKey: e.dedupeKey, severity: e.severity, payload: JSON.stringify(e.payload), createdAt: e.createdAt }).changes;
      }
      return inserted;
    });
    return { inserted: insertAll.immediate(entries) };
  }

  async claim(request: { readonly owner: string; readonly now: number; readonly leaseMs: number; readonly limit: number }): Promise<OutboxItem[]> {
    this.#guard.assertOpen();
    const claimAll = this.#db.transaction((): OutboxItem[] => {
      const rows = this.#due.all({ now: request.now, limit: Math.max(0, request.limit) }).map(decodeOutboxRow);
      const until = request.now + request.leaseMs;
      for (const row of rows) this.#lease.run({ owner: request.owner, until, now: request.now, sink: row.sink, key: row.key });
      return rows.map((row) => ({ ...row, attempts: row.attempts + 1, leaseOwner: request.owner, leaseUntil: until, updatedAt: request.now }));
    });
    return claimAll.immediate();
  }

  async markDelivered(ref: OutboxRef, outcome: { readonly at: number; readonly status?: number }): Promise<boolean> {
    this.#guard.assertOpen();
    return this.#delivered.run({ sink: ref.sink, key: ref.key, at: outcome.at, status: outcome.status ?? null }).changes === 1;
  }

  async scheduleRetry(ref: OutboxRef, outcome: { readonly at: number; readonly nextAttemptAt: number; readonly error: string; readonly status?: number }): Promise<boolean> {
    this.#guard.assertOpen();
    return this.#retry.run({ ...ref, next: outcome.nextAttemptAt, error: outcome.error, status: outcome.status ?? null, at: outcome.at }).changes === 1;
  }

  async deadLetter(ref: OutboxRef, outcome: { readonly at: number; readonly error: string; readonly status?: number }): Promise<boolean> {
    this.#guard.assertOpen();
    return this.#dead.run({ ...ref, error: outcome.error, status: outcome.status ?? null, at: outcome.at }).changes === 1;
  }

  async release(owner: string, at: number): Promise<number> {
    this.#guard.assertOpen();
    return this.#release.run({ owner, at }).changes;
  }

  async requeueDead(filter: { readonly sink?: string; readonly now: number }): Promise<number> {
    this.#guard.assertOpen();
    return this.#requeue.run({ sink: filter.sink ?? null, now: filter.now }).changes;
  }

  async get(sink: string, key: string): Promise<OutboxItem | undefined> {
    this.#guard.assertOpen();
    const row = this.#get.get(sink, key);
    return row === undefined ? undefined : decodeOutboxRow(row);
  }

  async list(filter: OutboxListFilter = {}): Promise<OutboxItem[]> {
    this.#guard.assertOpen();
    return (filter.order === 'newest' ? this.#listNewest : this.#list).all({ status: filter.status ?? null, sink: filter.sink ?? null, limit: filter.limit ?? -1 }).map(decodeOutboxRow);
  }

  async depth(): Promise<OutboxDepth> {
    this.#guard.assertOpen();
    const depth = { pending: 0, delivered: 0, dead: 0 };
    for (const { status, n } of this.#depth.all() as { status: OutboxStatus; n: number }[]) if (status in depth) depth[status] = n;
    return depth;
  }

  async purgeDelivered(before: number): Promise<number> {
    this.#guard.assertOpen();
    return this.#purge.run(before).changes;
  }
}

export { decodeOutboxRow };
