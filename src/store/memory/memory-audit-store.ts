/**
 * @module store/memory/memory-audit-store
 * In-memory AuditStore. Compare-and-append is atomic because the check and the push run
 * in one synchronous step (no await between them).
 */
import type { AuditEntry, AuditStore } from '../../audit/ports.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { auditAppendConflict } from '../audit-append-check.js';
import { normaliseAuditListOptions } from '../audit-list-options.js';
import type { OpenGuard } from '../open-guard.js';

/**
 * The memory implementation of {@link AuditStore}. `details` go through canonical JSON on
 * the way in, as they do in the SQLite column, so both adapters return the same values.
 *
 * @example
 * await audit.append(entry); // rejects with STO_ERR_CONFLICT unless entry follows the head
 */
export class MemoryAuditStore implements AuditStore {
  readonly #guard: OpenGuard;
  readonly #entries: AuditEntry[] = [];

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async append(entry: AuditEntry): Promise<void> {
    this.#guard.assertOpen();
    const stored = copyEntry(entry);
    const conflict = auditAppendConflict(this.#entries.at(-1), stored);
    if (conflict !== undefined) throw conflict;
    this.#entries.push(stored);
  }

  async head(): Promise<AuditEntry | undefined> {
    this.#guard.assertOpen();
    const last = this.#entries.at(-1);
    return last === undefined ? undefined : copyEntry(last);
  }

  async list(options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<AuditEntry[]> {
    this.#guard.assertOpen();
    const { afterSeq, limit } = normaliseAuditListOptions(options);
    const after = this.#entries.filter((e) => e.seq > afterSeq);
    return (limit === undefined ? after : after.slice(0, limit)).map(copyEntry);
  }
}

function copyEntry(e: AuditEntry): AuditEntry {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target,
    details: JSON.parse(canonicalJson(e.details)) as Record<string, unknown>,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}
