/**
 * @module store/sqlite/sqlite-command-queue
 * SQLite CommandQueue over `breaker_commands` (migration 004): the CLI inserts, the
 * gateway's orchestrator polls pending rows and settles them. Several processes share the
 * file safely (WAL mode, busy timeout); settling only touches a pending row.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { CommandQueue } from '../../rollback/ports.js';
import type { QueuedCommand } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';
import { COMMAND_COLUMNS as COLUMNS, decodeQueuedCommand as decode } from '../rollback-rows.js';

/**
 * @example
 * const queue = new SqliteCommandQueue(db, guard);
 * const queued = await queue.enqueue({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'alice', reason: 'keys revoked', createdAt: now });
 */
export class SqliteCommandQueue implements CommandQueue {
  readonly #guard: OpenGuard;
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #pending: Statement;
  readonly #settle: Statement;
  readonly #list: Statement;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#insert = db.prepare("INSERT INTO breaker_commands (model, command, actor, reason, created_at, status) VALUES (?, ?, ?, ?, ?, 'pending')");
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM breaker_commands WHERE id = ?`);
    this.#pending = db.prepare(`SELECT ${COLUMNS} FROM breaker_commands WHERE status = 'pending' ORDER BY id`);
    this.#settle = db.prepare("UPDATE breaker_commands SET status = ?, detail = ?, settled_at = ? WHERE id = ? AND status = 'pending'");
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM breaker_commands WHERE (@model IS NULL OR model = @model) ORDER BY id DESC LIMIT @limit`);
  }

  async enqueue(c: Pick<QueuedCommand, 'model' | 'command' | 'actor' | 'reason' | 'createdAt'>): Promise<QueuedCommand> {
    this.#guard.assertOpen();
    const { lastInsertRowid } = this.#insert.run(c.model, JSON.stringify(c.command), c.actor, c.reason, c.createdAt);
    return decode(this.#get.get(Number(lastInsertRowid)));
  }

  async pending(): Promise<QueuedCommand[]> {
    this.#guard.assertOpen();
    return this.#pending.all().map(decode);
  }

  async get(id: number): Promise<QueuedCommand | undefined> {
    this.#guard.assertOpen();
    const row = this.#get.get(id);
    return row === undefined ? undefined : decode(row);
  }

  async settle(id: number, outcome: { readonly status: 'applied' | 'rejected'; readonly detail: string; readonly at: number }): Promise<void> {
    this.#guard.assertOpen();
    this.#settle.run(outcome.status, outcome.detail, outcome.at, id);
  }

  async list(filter: { readonly model?: string; readonly limit?: number } = {}): Promise<QueuedCommand[]> {
    this.#guard.assertOpen();
    return this.#list.all({ model: filter.model ?? null, limit: filter.limit ?? -1 }).map(decode);
  }
}
