/**
 * @module audit/audit-log
 * The append-only, hash-chained audit log. Appends are compare-and-append on the head
 * (retried on a lost race), so concurrent writers never fork the chain. `verify` walks the
 * whole log and names the first entry that was edited, deleted or reordered.
 */
import type { Clock } from '../shared/clock.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { isBulwarkError } from '../shared/errors.js';
import { isSha256Hex } from '../shared/digest.js';
import { auditErrors } from './errors.js';
import { ChainVerifier, nextEntry } from './chain.js';
import type { ChainBreak } from './chain.js';
import type { AuditEntry, AuditStore } from './ports.js';

/** What a caller records; seq, time and hashes are added by the log. */
export interface AuditDraft {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface VerifyReport {
  readonly intact: boolean;
  /** Entries that verified before the first break (all of them when intact). */
  readonly verified: number;
  readonly head?: { readonly seq: number; readonly hash: string };
  readonly firstBad?: ChainBreak;
}

const PAGE = 1_000;
const MAX_ATTEMPTS = 20;

/**
 * @example
 * const log = new AuditLog({ store: sqlite.audit, clock: systemClock });
 * await log.record({ actor: 'alice', action: 'registry.add', target: 'model:fraud/v1', details: {} });
 * (await log.verify()).intact; // true
 */
export class AuditLog {
  readonly #store: AuditStore;
  readonly #clock: Clock;

  constructor(deps: { store: AuditStore; clock: Clock }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
  }

  /** Appends one entry, retrying when another writer appended first. */
  async record(draft: AuditDraft): Promise<AuditEntry> {
    checkDraft(draft);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = await this.#store.head();
      const entry = nextEntry(head, { at: this.#clock.now(), ...draft });
      try {
        await this.#store.append(entry);
        return entry;
      } catch (err) {
        if (!(isBulwarkError(err) && err.code === 'STO_ERR_CONFLICT')) throw err;
        lastError = err;
      }
    }
    throw auditErrors.error('AUD_ERR_APPEND_FAILED', `could not append "${draft.action}" after ${MAX_ATTEMPTS} attempts`, { action: draft.action }, lastError);
  }

  /** Entries in ascending seq. */
  async list(options: { afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.#store.list(options);
  }

  /**
   * Walks the log from the first entry. With `expectHead` (a hash printed by an earlier
   * verify and kept elsewhere), also detects entries deleted from the end.
   */
  async verify(options: { expectHead?: string } = {}): Promise<VerifyReport> {
    if (options.expectHead !== undefined && !isSha256Hex(options.expectHead)) {
      throw auditErrors.error('AUD_ERR_BAD_ANCHOR', `--expect-head "${options.expectHead}" is not a sha256 hex string`, {});
    }
    const verifier = new ChainVerifier();
    let afterSeq = 0;
    for (;;) {
      let page: AuditEntry[];
      try {
        page = await this.#store.list({ afterSeq, limit: PAGE });
      } catch (err) {
        if (!isBulwarkError(err) || err.code !== 'STO_ERR_CORRUPT_ROW') throw err;
        verifier.fail(afterSeq + 1, 'undecodable', `an entry after ${afterSeq} cannot be decoded: ${err.message}`);
        break;
      }
      for (const entry of page) if (!verifier.push(entry)) break;
      if (verifier.broken || page.length < PAGE) break;
      afterSeq = page[page.length - 1]?.seq ?? afterSeq;
    }
    if (!verifier.broken && options.expectHead !== undefined) checkAnchor(verifier, options.expectHead.toLowerCase());
    const head = verifier.head;
    return {
      intact: verifier.broken === undefined,
      verified: verifier.count,
      ...(head ? { head: { seq: head.seq, hash: head.hash } } : {}),
      ...(verifier.broken ? { firstBad: verifier.broken } : {}),
    };
  }
}

function checkAnchor(verifier: ChainVerifier, expected: string): void {
  const head = verifier.head;
  if (head?.hash === expected) return;
  // The anchor may be an earlier entry when the log has grown since: that is fine only if
  // it still appears in the chain, which the caller can check with `audit list`. We keep
  // the strict meaning: the anchor must be the head.
  verifier.fail(head?.seq ?? 0, 'head-mismatch', `the log's head is ${head ? `entry ${head.seq} (${head.hash})` : 'empty'}, not the expected ${expected}: entries were deleted from the end, or the log grew since the anchor was taken`);
}

function checkDraft(draft: AuditDraft): void {
  for (const field of ['actor', 'action', 'target'] as const) {
    if (typeof draft[field] !== 'string' || draft[field].length === 0) {
      throw auditErrors.error('AUD_ERR_INVALID_ENTRY', `audit entry needs a non-empty ${field}`, { field });
    }
  }
  try {
    canonicalJson(draft.details);
  } catch (err) {
    throw auditErrors.error('AUD_ERR_INVALID_ENTRY', `audit entry details are not plain JSON: ${(err as Error).message}`, { field: 'details' }, err);
  }
}
