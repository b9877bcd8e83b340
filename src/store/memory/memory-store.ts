/**
 * @module store/memory/memory-store
 * The memory storage adapter: every port in process memory, nothing persisted. For tests,
 * `bulwark demo` and single-shot commands that need no history.
 */
import type { AlertOutbox } from '../../alerts/ports.js';
import { OpenGuard } from '../open-guard.js';
import type { StorageAdapter } from '../storage-adapter.js';
import { MemoryAuditStore } from './memory-audit-store.js';
import { MemoryDocumentStore } from './memory-document-store.js';
import { MemoryLedgerStore } from './memory-ledger-store.js';
import { MemoryRegistryStore } from './memory-registry-store.js';
import { MemoryBreakerWal } from './memory-breaker-wal.js';
import { MemoryCommandQueue, MemoryForensicIndex, MemoryIncidentStore } from './memory-rollback-stores.js';
import { MemoryBundleStore } from '../forensics/file-bundle-store.js';
import { MemoryAlertOutbox } from './memory-alert-outbox.js';

/** The memory adapter; its data lives as long as the object. */
export type MemoryStore = StorageAdapter & { readonly alerts: AlertOutbox };

/**
 * Creates an empty memory store. Ports return copies, never the objects they hold.
 *
 * @example
 * const store = createMemoryStore();
 * const { created } = await store.registry.insertVersion(record);
 * await store.shutdown();
 */
export function createMemoryStore(): MemoryStore {
  const guard = new OpenGuard('memory store');
  return {
    registry: new MemoryRegistryStore(guard),
    documents: new MemoryDocumentStore(guard),
    audit: new MemoryAuditStore(guard),
    ledger: new MemoryLedgerStore(guard),
    rollback: { wal: new MemoryBreakerWal(guard), incidents: new MemoryIncidentStore(guard), forensics: new MemoryForensicIndex(guard), commands: new MemoryCommandQueue(guard) },
    bundles: new MemoryBundleStore(),
    alerts: new MemoryAlertOutbox(guard),
    async start() {
      guard.assertOpen();
    },
    async forceFlush() {},
    async shutdown() {
      guard.close();
    },
  };
}
