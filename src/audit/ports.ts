/**
 * @module audit/ports
 * What the audit log needs from storage: an append-only sequence with compare-and-append
 * on the head, so that two writers can never fork the hash chain.
 */

/** One audit entry. `hash` = sha256(canonicalJson(entry without `hash`)). */
export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  /** Dotted verb, e.g. `registry.add`, `registry.status`, `knobs.update`, `route.switch`. */
  readonly action: string;
  /** What was acted upon, e.g. `model:fraud/v2`. */
  readonly target: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** Hash of the previous entry; 64 zeros for the first. */
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditStore {
  /**
   * Appends `entry` only if it directly follows the current head (`entry.seq` = head.seq + 1
   * and `entry.prevHash` = head.hash; or seq 1 and 64 zeros on an empty log). Otherwise
   * rejects with STO_ERR_CONFLICT and writes nothing. The store does not check `entry.hash`:
   * that is the verifier's job.
   */
  append(entry: AuditEntry): Promise<void>;
  /** The entry with the highest seq, if any. */
  head(): Promise<AuditEntry | undefined>;
  /** Entries in ascending seq, starting after `afterSeq` (default 0), at most `limit`. */
  list(options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<AuditEntry[]>;
}
