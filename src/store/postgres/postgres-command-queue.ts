/**
 * @module store/postgres/postgres-command-queue
 * PostgreSQL CommandQueue over `breaker_commands` (migration 004). The CLI enqueues; every
 * gateway replica polls `pending()`. So that a command is delivered to one replica, not to
 * each, `pending()` claims what it returns: one UPDATE over the pending rows picked with
 * `FOR UPDATE SKIP LOCKED` that are unclaimed, already claimed by this store, or whose
 * lease ran out, stamping them with this store's id and a lease end on the server's clock.
 * Two replicas polling at once therefore split the pending commands between them; a
 * replica that dies holding a claim delays its commands by one lease at most.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { CommandQueue } from '../../rollback/ports.js';
import type { QueuedCommand } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';
import { COMMAND_COLUMNS, decodeQueuedCommand } from '../rollback-rows.js';
import { queryRows } from './connection.js';
import { limitParam } from './query-bounds.js';
import { quoteSchema } from './schema-name.js';

/** How long a replica keeps the commands `pending()` handed it before another may take them, by default, ms. */
export const POSTGRES_DEFAULT_COMMAND_LEASE_MS = 30_000;

/**
 * The PostgreSQL implementation of {@link CommandQueue}, for one replica.
 *
 * @example
 * const queue = new PostgresCommandQueue(pool, 'bulwark', guard, { leaseMs: 30_000 });
 * for (const command of await queue.pending()) … // claimed by this replica for 30 s
 */
export class PostgresCommandQueue implements CommandQueue {
  /** This replica's id in `claimed_by`: random per store. */
  readonly claimant: string;
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #table: string;
  readonly #leaseMs: number;

  /** `leaseMs`: a positive integer (openPostgresStore checks `commandLeaseMs`). */
  constructor(pool: Pool, schema: string, guard: OpenGuard, options: { readonly leaseMs: number }) {
    this.claimant = randomUUID();
    this.#pool = pool;
    this.#guard = guard;
    this.#table = `${quoteSchema(schema)}.breaker_commands`;
    this.#leaseMs = options.leaseMs;
  }

  async enqueue(c: Pick<QueuedCommand, 'model' | 'command' | 'actor' | 'reason' | 'createdAt'>): Promise<QueuedCommand> {
    this.#guard.assertOpen();
    const rows = await queryRows(
      this.#pool,
      `INSERT INTO ${this.#table} (model, command, actor, reason, created_at, status) VALUES ($1, $2, $3, $4, $5, 'pending') RETURNING ${COMMAND_COLUMNS}`,
      [c.model, JSON.stringify(c.command), c.actor, c.reason, c.createdAt],
    );
    return decodeQueuedCommand(rows[0]);
  }

  /** Pending commands this replica may apply, oldest first, claimed for the lease. */
  async pending(): Promise<QueuedCommand[]> {
    this.#guard.assertOpen();
    const rows = await queryRows(
      this.#pool,
      `WITH claimable AS (
         SELECT id FROM ${this.#table}
         WHERE status = 'pending' AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until <= clock_timestamp())
         ORDER BY id
         FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.#table} AS c SET claimed_by = $1, claimed_until = clock_timestamp() + $2::double precision * interval '1 millisecond'
       FROM claimable WHERE c.id = claimable.id
       RETURNING ${COMMAND_COLUMNS.split(', ').map((column) => `c.${column}`).join(', ')}`,
      [this.claimant, this.#leaseMs],
    );
    return rows.map(decodeQueuedCommand).sort((a, b) => a.id - b.id);
  }

  async get(id: number): Promise<QueuedCommand | undefined> {
    this.#guard.assertOpen();
    if (!Number.isSafeInteger(id)) return undefined;
    const rows = await queryRows(this.#pool, `SELECT ${COMMAND_COLUMNS} FROM ${this.#table} WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : decodeQueuedCommand(rows[0]);
  }

  async settle(id: number, outcome: { readonly status: 'applied' | 'rejected'; readonly detail: string; readonly at: number }): Promise<void> {
    this.#guard.assertOpen();
    await this.#pool.query(
      `UPDATE ${this.#table} SET status = $2, detail = $3, settled_at = $4, claimed_until = NULL WHERE id = $1 AND status = 'pending'`,
      [id, outcome.status, outcome.detail, outcome.at],
    );
  }

  async list(filter: { readonly model?: string; readonly limit?: number } = {}): Promise<QueuedCommand[]> {
    this.#guard.assertOpen();
    const limit = limitParam(filter.limit);
    const rows =
      filter.model === undefined
        ? await queryRows(this.#pool, `SELECT ${COMMAND_COLUMNS} FROM ${this.#table} ORDER BY id DESC LIMIT $1`, [limit])
        : await queryRows(this.#pool, `SELECT ${COMMAND_COLUMNS} FROM ${this.#table} WHERE model = $1 ORDER BY id DESC LIMIT $2`, [filter.model, limit]);
    return rows.map(decodeQueuedCommand);
  }
}
