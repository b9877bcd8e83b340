/**
 * @module app/rollback-services
 * What the rollback CLI commands need from an open store: the rollback ports, the ledger,
 * the forensic archive (index + bundle files) and the audit log. Every storage adapter has
 * them (memory, SQLite, PostgreSQL).
 */
import type { AuditLog } from '../audit/index.js';
import type { LedgerStore } from '../gateway/index.js';
import { ForensicArchive } from '../rollback/index.js';
import type { RollbackStores } from '../rollback/index.js';
import type { Clock } from '../shared/clock.js';
import type { Services } from './services.js';

/** The rollback side of the services. */
export interface RollbackServices {
  readonly stores: RollbackStores;
  readonly ledger: LedgerStore;
  readonly archive: ForensicArchive;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly storeLocation: string;
}

/**
 * @example
 * await withServices(ctx, opts, async (s) => (await rollbackServices(s)).stores.incidents.list());
 */
export function rollbackServices(services: Services): RollbackServices {
  const { rollback, ledger, bundles } = services.store;
  return { stores: rollback, ledger, archive: new ForensicArchive({ index: rollback.forensics, files: bundles }), audit: services.audit, clock: services.clock, storeLocation: services.storeLocation };
}
