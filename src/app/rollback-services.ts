/**
 * @module app/rollback-services
 * What the rollback CLI commands need from an open store: the rollback ports, the ledger,
 * the forensic archive (index + bundle files) and the audit log. Adapters without them
 * (PostgreSQL, for now) are refused with STO_ERR_UNSUPPORTED_KIND.
 */
import type { AuditLog } from '../audit/index.js';
import type { LedgerStore } from '../gateway/index.js';
import { ForensicArchive } from '../rollback/index.js';
import type { RollbackStores } from '../rollback/index.js';
import type { Clock } from '../shared/clock.js';
import { storeErrors } from '../store/index.js';
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
  if (rollback === undefined || ledger === undefined || bundles === undefined) {
    throw storeErrors.error('STO_ERR_UNSUPPORTED_KIND', `the store at ${services.storeLocation} has no rollback tables yet (use the SQLite store the gateway runs on)`, { location: services.storeLocation });
  }
  return { stores: rollback, ledger, archive: new ForensicArchive({ index: rollback.forensics, files: bundles }), audit: services.audit, clock: services.clock, storeLocation: services.storeLocation };
}
