/**
 * @module store/storage-adapter
 * The shape every storage adapter returns (memory, SQLite and PostgreSQL): one
 * implementation of each consumer-declared port, plus the resource lifecycle of STYLE.md
 * §2.7. `app/` picks the adapter from config and hands the ports to the contexts.
 */
import type { AlertOutbox } from '../alerts/ports.js';
import type { AuditStore } from '../audit/ports.js';
import type { LedgerStore } from '../gateway/ports.js';
import type { DocumentStore, RegistryStore } from '../registry/ports.js';
import type { BundleFiles, RollbackStores } from '../rollback/ports.js';

/**
 * A storage adapter: the ports it implements and its lifecycle.
 *
 * The ports are usable as soon as the factory returns; `start()` exists for symmetry with
 * other resources and resolves at once. After `shutdown()` every port method rejects.
 *
 * @example
 * const store = createMemoryStore();
 * await store.start();
 * await store.registry.insertVersion(record);
 * await store.shutdown(); // idempotent
 */
export interface StorageAdapter {
  readonly registry: RegistryStore;
  readonly documents: DocumentStore;
  readonly audit: AuditStore;
  /** The gateway's decision ledger. */
  readonly ledger: LedgerStore;
  /** The rollback context: breaker WAL, incidents, forensic index, command queue. */
  readonly rollback: RollbackStores;
  /**
   * Forensic bundle bytes: files in `.bulwark/forensics/` next to the SQLite file, rows of
   * `forensic_bundles` for PostgreSQL (shared by replicas), memory for the memory store.
   */
  readonly bundles: BundleFiles;
  /**
   * The durable alert outbox (memory, SQLite, PostgreSQL: migration 005-outbox).
   */
  readonly alerts: AlertOutbox;
  /** Resolves when the adapter is ready; a no-op for every adapter so far (their factories open them). */
  start(): Promise<void>;
  /** Makes every committed write durable (SQLite: a WAL checkpoint; PostgreSQL: nothing to do). No-op after shutdown. */
  forceFlush(): Promise<void>;
  /** Releases the adapter's resources. Idempotent: later calls resolve at once. */
  shutdown(): Promise<void>;
}
