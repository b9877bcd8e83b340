/**
 * @module store/postgres/postgres-alert-outbox
 * The alert outbox on PostgreSQL (migration 005-outbox), with the semantics of the SQLite
 * one (`alerts/outbox.contract.ts`): enqueue is insert-or-ignore per (sink, key) in one
 * statement; a claim locks the due rows it takes (`FOR UPDATE SKIP LOCKED`) and stamps
 * the lease in the same transaction, so replicas sharing the database never claim one
 * delivery twice; every state change after a claim is guarded by the lease owner.
 */
import type { Pool } from 'pg';
import type { AlertOutbox, OutboxDepth, OutboxEntry, OutboxItem, OutboxListFilter, OutboxRef, OutboxStatus } from '../../alerts/ports.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeOutboxRow } from '../outbox-rows.js';
import { queryRows, withTransaction } from './connection.js';
import { limitParam } from './query-bounds.js';
import { quoteSchema } from './schema-name.js';

const COLUMNS = 'sink, key, dedupe_key, severity, payload, created_at, status, attempts, next_attempt_at, lease_owner, lease_until, last_error, last_status, updated_at, delivered_at';
const OWNED = "sink = $1 AND key = $2 AND status = 'pending' AND lease_owner = $3";

/**
 * @example
 * const outbox = new PostgresAlertOutbox(pool, 'bulwark', guard);
 * await outbox.enqueue([{ sink: 'webhook-1', key: 'incident/inc-1:trigger', dedupeKey: 'incident/inc-1', severity: 'page', payload, createdAt: now }]);
 */
export class PostgresAlertOutbox implements AlertOutbox {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #table: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#table = `${quoteSchema(schema)}.alert_outbox`;
  }

  async enqueue(entries: readonly OutboxEntry[]): Promise<{ readonly inserted: number }> {
    this.#guard.assertOpen();
    if (entries.length === 0) return { inserted: 0 };
    const rows = await queryRows(
      this.#pool,
      `INSERT INTO ${this.#table} (sink, key, dedupe_key, severity, payload, created_at, status, attempts, next_attempt_at, updated_at)
       SELECT sink, key, dedupe_key, severity, payload::json, created_at, 'pending', 0, created_at, created_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY AS e(sink, key, dedupe_key, severity, payload, created_at, n)
       ORDER BY n
       ON CONFLICT (sink, key) DO NOTHING RETURNING key`,
      [
        entries.map((e) => e.sink),
        entries.map((e) => e.key),
        entries.map((e) => e.dedupeKey),
        entries.map((e) => e.severity),
        entries.map((e) => JSON.stringify(e.payload)),
        entries.map((e) => e.createdAt),
      ],
    );
    return { inserted: rows.length };
  }

  async claim(request: { readonly owner: string; readonly now: number; readonly leaseMs: number; readonly limit: number }): Promise<OutboxItem[]> {
    this.#guard.assertOpen();
    const limit = Math.max(0, Math.floor(request.limit));
    if (limit === 0) return [];
    const until = request.now + request.leaseMs;
    return withTransaction(this.#pool, async (client) => {
      const rows = await queryRows(
        client,
        `UPDATE ${this.#table} o SET lease_owner = $1, lease_until = $2, attempts = o.attempts + 1, updated_at = $3
         FROM (SELECT sink, key FROM ${this.#table}
               WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_until IS NULL OR lease_until <= $3)
               ORDER BY next_attempt_at, created_at, sink, key LIMIT $4 FOR UPDATE SKIP LOCKED) due
         WHERE o.sink = due.sink AND o.key = due.key
         RETURNING ${COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
        [request.owner, until, request.now, limit],
      );
      return rows.map(decodeOutboxRow).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || cmp(a.sink, b.sink) || cmp(a.key, b.key));
    });
  }

  async markDelivered(ref: OutboxRef, outcome: { readonly at: number; readonly status?: number }): Promise<boolean> {
    this.#guard.assertOpen();
    const rows = await queryRows(
      this.#pool,
      `UPDATE ${this.#table} SET status = 'delivered', delivered_at = $3, last_status = $4, lease_owner = NULL, lease_until = NULL, updated_at = $3
       WHERE sink = $1 AND key = $2 AND status = 'pending' RETURNING key`,
      [ref.sink, ref.key, outcome.at, outcome.status ?? null],
    );
    return rows.length === 1;
  }

  async scheduleRetry(ref: OutboxRef, outcome: { readonly at: number; readonly nextAttemptAt: number; readonly error: string; readonly status?: number }): Promise<boolean> {
    this.#guard.assertOpen();
    const rows = await queryRows(
      this.#pool,
      `UPDATE ${this.#table} SET next_attempt_at = $4, last_error = $5, last_status = $6, lease_owner = NULL, lease_until = NULL, updated_at = $7 WHERE ${OWNED} RETURNING key`,
      [ref.sink, ref.key, ref.owner, outcome.nextAttemptAt, outcome.error, outcome.status ?? null, outcome.at],
    );
    return rows.length === 1;
  }

  async deadLetter(ref: OutboxRef, outcome: { readonly at: number; readonly error: string; readonly status?: number }): Promise<boolean> {
    this.#guard.assertOpen();
    const rows = await queryRows(
      this.#pool,
      `UPDATE ${this.#table} SET status = 'dead', last_error = $4, last_status = $5, lease_owner = NULL, lease_until = NULL, updated_at = $6 WHERE ${OWNED} RETURNING key`,
      [ref.sink, ref.key, ref.owner, outcome.error, outcome.status ?? null, outcome.at],
    );
    return rows.length === 1;
  }

  async release(owner: string, at: number): Promise<number> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `UPDATE ${this.#table} SET lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE status = 'pending' AND lease_owner = $1 RETURNING key`, [owner, at]);
    return rows.length;
  }

  async requeueDead(filter: { readonly sink?: string; readonly now: number }): Promise<number> {
    this.#guard.assertOpen();
    const rows = await queryRows(
      this.#pool,
      `UPDATE ${this.#table} SET status = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1 WHERE status = 'dead' AND ($2::text IS NULL OR sink = $2) RETURNING key`,
      [filter.now, filter.sink ?? null],
    );
    return rows.length;
  }

  async get(sink: string, key: string): Promise<OutboxItem | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${COLUMNS} FROM ${this.#table} WHERE sink = $1 AND key = $2`, [sink, key]);
    return rows[0] === undefined ? undefined : decodeOutboxRow(rows[0]);
  }

  async list(filter: OutboxListFilter = {}): Promise<OutboxItem[]> {
    this.#guard.assertOpen();
    const order = filter.order === 'newest' ? 'created_at DESC, sink DESC, key DESC' : 'created_at, sink, key';
    const rows = await queryRows(
      this.#pool,
      `SELECT ${COLUMNS} FROM ${this.#table} WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR sink = $2) ORDER BY ${order} LIMIT $3`,
      [filter.status ?? null, filter.sink ?? null, limitParam(filter.limit)],
    );
    return rows.map(decodeOutboxRow);
  }

  async depth(): Promise<OutboxDepth> {
    this.#guard.assertOpen();
    const depth = { pending: 0, delivered: 0, dead: 0 };
    for (const row of await queryRows(this.#pool, `SELECT status, count(*)::bigint AS n FROM ${this.#table} GROUP BY status`)) {
      const status = row['status'] as OutboxStatus;
      if (status in depth) depth[status] = Number(row['n']);
    }
    return depth;
  }

  async purgeDelivered(before: number): Promise<number> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `DELETE FROM ${this.#table} WHERE status = 'delivered' AND delivered_at < $1 RETURNING key`, [before]);
    return rows.length;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
