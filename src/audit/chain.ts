/**
 * @module audit/chain
 * The hash chain of the audit log, as pure functions: an entry's hash is sha256 over the
 * canonical JSON of every other field, and each entry names the previous entry's hash.
 * Editing, deleting or reordering any entry breaks the chain at that entry.
 */
import { canonicalJson } from '../shared/canonical-json.js';
import { sha256Hex } from '../shared/digest.js';
import type { AuditEntry } from './ports.js';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the canonical JSON of the entry without its `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, target, details, prevHash } = entry;
  return sha256Hex(canonicalJson({ seq, at, actor, action, target, details, prevHash }));
}

/** The entry that follows `head` (or starts the log). */
export function nextEntry(
  head: AuditEntry | undefined,
  draft: { at: number; actor: string; action: string; target: string; details: Readonly<Record<string, unknown>> },
): AuditEntry {
  const unsigned = { seq: (head?.seq ?? 0) + 1, ...draft, prevHash: head?.hash ?? GENESIS_HASH };
  return { ...unsigned, hash: entryHash(unsigned) };
}

export type ChainProblem = 'hash-mismatch' | 'broken-link' | 'sequence-gap' | 'undecodable' | 'head-mismatch';

export interface ChainBreak {
  /** The seq of the first entry that does not verify (for `head-mismatch`: the last entry's seq, or 0). */
  readonly seq: number;
  readonly problem: ChainProblem;
  readonly message: string;
}

/** Incremental verifier: feed entries in ascending seq; the first break is kept. */
export class ChainVerifier {
  #prev: AuditEntry | undefined;
  #count = 0;
  #break: ChainBreak | undefined;

  /** Returns false once the chain is broken (later entries are not checked). */
  push(entry: AuditEntry): boolean {
    if (this.#break) return false;
    const expectedSeq = (this.#prev?.seq ?? 0) + 1;
    const expectedPrev = this.#prev?.hash ?? GENESIS_HASH;
    if (entry.seq !== expectedSeq) {
      this.#break = { seq: entry.seq, problem: 'sequence-gap', message: `entry ${entry.seq} follows entry ${expectedSeq - 1}: entries ${expectedSeq}…${entry.seq - 1} are missing or were reordered` };
    } else if (entryHash(entry) !== entry.hash) {
      this.#break = { seq: entry.seq, problem: 'hash-mismatch', message: `entry ${entry.seq} does not match its hash: it was edited` };
    } else if (entry.prevHash !== expectedPrev) {
      this.#break = { seq: entry.seq, problem: 'broken-link', message: `entry ${entry.seq} does not chain to entry ${expectedSeq - 1}: an entry before it was replaced, deleted or reordered` };
    }
    if (this.#break) return false;
    this.#prev = entry;
    this.#count++;
    return true;
  }

  fail(seq: number, problem: ChainProblem, message: string): void {
    this.#break ??= { seq, problem, message };
  }

  get count(): number {
    return this.#count;
  }

  get head(): AuditEntry | undefined {
    return this.#prev;
  }

  get broken(): ChainBreak | undefined {
    return this.#break;
  }
}
