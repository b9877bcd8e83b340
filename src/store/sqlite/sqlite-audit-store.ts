/**
 * @module store/sqlite/sqlite-audit-store
 * SQLite AuditStore over `audit_log`. Compare-and-append runs in an IMMEDIATE transaction:
 * the write lock is taken before the head is read, so two processes sharing the file
 * cannot both append the same seq and fork the hash chain.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry, AuditStore } from '../../audit/ports.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { auditAppendConflict } from '../audit-append-check.js';
import { normaliseAuditListOptions } from '../audit-list-options.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeAuditEntry, decodeAuditLink } from '../audit-rows.js';

const COLUMNS = 'seq, at, actor, action, target, details, prev_hash, hash';

/**
 * The SQLite implementation of {@link AuditStore}. `details` are stored as canonical JSON.
 *
 * @example
 * const audit = new SqliteAuditStore(db, guard); // db already migrated
 * await audit.append(entry); // rejects with STO_ERR_CONFLICT unless entry follows the head
 */
export class SqliteAuditStore implements AuditStore {
  readonly #guard: OpenGuard;
  readonly #head: Statement;
  readonly #headLink: Statement;
  readonly #list: Statement;
  readonly #append: { immediate(entry: AuditEntry, details: string): void };

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#head = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`);
    // The compare step reads only what it compares, so a head row whose details were
    // mangled does not stop the log from growing (`bulwark audit verify` reports it).
    this.#headLink = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    // LIMIT -1 is SQLite for "no limit".
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`);
    const insert = db.prepare(
      `INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @actor, @action, @target, @details, @prevHash, @hash)`,
    );
    this.#append = db.transaction((entry: AuditEntry, details: string): void => {
      const conflict = auditAppendConflict(this.#readHeadLink(), entry);
      if (conflict !== undefined) throw conflict;
      const { seq, at, actor, action, target, prevHash, hash } = entry;
      insert.run({ seq, at, actor, action, target, details, prevHash, hash });
    });
  }

  async append(entry: AuditEntry): Promise<void> {
    this.#guard.assertOpen();
    this.#append.immediate(entry, canonicalJson(entry.details));
  }

  async head(): Promise<AuditEntry | undefined> {
    this.#guard.assertOpen();
    return this.#readHead();
  }

  async list(options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<AuditEntry[]> {
    this.#guard.assertOpen();
    const { afterSeq, limit } = normaliseAuditListOptions(options);
    return this.#list.all(afterSeq, limit ?? -1).map(decodeAuditEntry);
  }

  #readHead(): AuditEntry | undefined {
    const row = this.#head.get();
    return row === undefined ? undefined : decodeAuditEntry(row);
  }

  #readHeadLink(): Pick<AuditEntry, 'seq' | 'hash'> | undefined {
    const row = this.#headLink.get();
    if (row === undefined) return undefined;
    return decodeAuditLink(row);
  }
}
