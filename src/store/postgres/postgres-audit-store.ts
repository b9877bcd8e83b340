/**
 * @module store/postgres/postgres-audit-store
 * PostgreSQL AuditStore over `audit_log`. Compare-and-append is one READ COMMITTED
 * transaction that first locks the single row of `audit_append_lock` (`FOR UPDATE`), then
 * reads the head, compares and inserts. Appenders on every connection of every replica
 * therefore take turns, and each reads the head after its predecessor committed. The
 * primary key on `seq` backs this up: should two inserts of one seq ever meet, the second
 * fails and is reported as the same STO_ERR_CONFLICT, so the chain cannot fork.
 */
import type { Pool, PoolClient } from 'pg';
import type { AuditEntry, AuditStore } from '../../audit/ports.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { auditAppendConflict } from '../audit-append-check.js';
import { normaliseAuditListOptions } from '../audit-list-options.js';
import { storeErrors } from '../errors.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeAuditEntry, decodeAuditLink } from '../audit-rows.js';
import { RowReader } from '../sqlite/row-reader.js';
import { queryRows, sqlState, withTransaction } from './connection.js';
import { quoteSchema } from './schema-name.js';

const COLUMNS = 'seq, at, actor, action, target, details, prev_hash, hash';
const UNIQUE_VIOLATION = '23505';

/**
 * The PostgreSQL implementation of {@link AuditStore}. `details` are stored as canonical
 * JSON text, byte for byte what the entry hash was computed over.
 *
 * @example
 * const audit = new PostgresAuditStore(pool, 'bulwark', guard); // schema already migrated
 * await audit.append(entry); // rejects with STO_ERR_CONFLICT unless entry follows the head
 */
export class PostgresAuditStore implements AuditStore {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #log: string;
  readonly #lock: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#log = `${quoteSchema(schema)}.audit_log`;
    this.#lock = `${quoteSchema(schema)}.audit_append_lock`;
  }

  async append(entry: AuditEntry): Promise<void> {
    this.#guard.assertOpen();
    const details = canonicalJson(entry.details);
    try {
      await withTransaction(this.#pool, (client) => this.#compareAndAppend(client, entry, details));
    } catch (err) {
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      throw storeErrors.error('STO_ERR_CONFLICT', `audit append rejected: seq ${entry.seq} was appended by another writer`, { seq: entry.seq }, err);
    }
  }

  async head(): Promise<AuditEntry | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT ${COLUMNS} FROM ${this.#log} ORDER BY seq DESC LIMIT 1`);
    return rows[0] === undefined ? undefined : decodeAuditEntry(rows[0]);
  }

  async list(options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<AuditEntry[]> {
    this.#guard.assertOpen();
    const { afterSeq, limit } = normaliseAuditListOptions(options);
    // seq is a bigint: compare with an integer (seq > 2.5 ⇔ seq > 2) that the column's
    // index can use, and keep both bounds inside the safe range. LIMIT NULL is no limit.
    const after = Math.max(-1, Math.min(Math.floor(afterSeq), Number.MAX_SAFE_INTEGER));
    const max = limit === undefined ? null : Math.min(limit, Number.MAX_SAFE_INTEGER);
    const rows = await queryRows(this.#pool, `SELECT ${COLUMNS} FROM ${this.#log} WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, max]);
    return rows.map(decodeAuditEntry);
  }

  async #compareAndAppend(client: PoolClient, entry: AuditEntry, details: string): Promise<void> {
    // READ COMMITTED whatever the server's default: the head read below must take its
    // snapshot after the lock is granted, not when the transaction began.
    await client.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    const locked = await client.query(`SELECT id FROM ${this.#lock} WHERE id = 1 FOR UPDATE`);
    if (locked.rowCount !== 1) {
      throw new RowReader('audit_append_lock', 'id 1', {}).corrupt('id', 'is missing: audit appends cannot be serialised');
    }
    const conflict = auditAppendConflict(await readHeadLink(client, this.#log), entry);
    if (conflict !== undefined) throw conflict;
    const { seq, at, actor, action, target, prevHash, hash } = entry;
    await client.query(`INSERT INTO ${this.#log} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      seq,
      at,
      actor,
      action,
      target,
      details,
      prevHash,
      hash,
    ]);
  }
}

/**
 * The compare step reads only what it compares, so a head row whose details were mangled
 * does not stop the log from growing (`bulwark audit verify` reports it).
 */
async function readHeadLink(client: PoolClient, log: string): Promise<Pick<AuditEntry, 'seq' | 'hash'> | undefined> {
  const rows = await queryRows(client, `SELECT seq, hash FROM ${log} ORDER BY seq DESC LIMIT 1`);
  const row = rows[0];
  if (row === undefined) return undefined;
  return decodeAuditLink(row);
}
