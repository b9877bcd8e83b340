/**
 * @module audit
 * Public surface of the audit context: the hash-chained, append-only audit log.
 */
export { AuditLog } from './audit-log.js';
export type { AuditDraft, VerifyReport } from './audit-log.js';
export { ChainVerifier, GENESIS_HASH, entryHash, nextEntry } from './chain.js';
export type { ChainBreak, ChainProblem } from './chain.js';
export { auditErrors } from './errors.js';
export type { AuditEntry, AuditStore } from './ports.js';
