/**
 * @module store/audit-append-check
 * The compare step of the audit log's compare-and-append, shared by every adapter so that
 * they reject exactly the same appends. Adapters run it and the insert as one atomic step.
 */
import type { AuditEntry } from '../audit/ports.js';
import type { BulwarkError } from '../shared/errors.js';
import { storeErrors } from './errors.js';

/** `prevHash` of the first entry: 64 zeros. */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/**
 * Returns the STO_ERR_CONFLICT error to raise when `entry` does not directly follow
 * `head`, or undefined when it does. "Follows" means `seq` = head.seq + 1 (1 on an empty
 * log) and `prevHash` = head.hash (64 zeros on an empty log); the store does not check
 * `entry.hash` itself, which is the audit context's job (`bulwark audit verify`).
 *
 * @example
 * auditAppendConflict(undefined, { seq: 1, prevHash: GENESIS_PREV_HASH }); // undefined
 * auditAppendConflict({ seq: 1, hash: 'ab…' }, { seq: 3, prevHash: 'ab…' }); // BulwarkError
 */
export function auditAppendConflict(
  head: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
  entry: Pick<AuditEntry, 'seq' | 'prevHash'>,
): BulwarkError | undefined {
  const expectedSeq = head === undefined ? 1 : head.seq + 1;
  const expectedPrevHash = head === undefined ? GENESIS_PREV_HASH : head.hash;
  if (entry.seq === expectedSeq && entry.prevHash === expectedPrevHash) return undefined;
  const headSeq = head?.seq ?? 0;
  const why = entry.seq !== expectedSeq ? `seq ${entry.seq} does not follow head seq ${headSeq}` : `prevHash does not match the hash of head seq ${headSeq}`;
  return storeErrors.error('STO_ERR_CONFLICT', `audit append rejected: ${why}`, {
    seq: entry.seq,
    expectedSeq,
    prevHash: entry.prevHash,
    expectedPrevHash,
  });
}
