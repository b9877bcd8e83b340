/**
 * @module store/sqlite/sqlite-store
 * The SQLite storage adapter (the embedded default, under `.bulwark/`): opens the file
 * with the pragmas bulwark relies on, applies the numbered migrations, and builds the
 * ports over one better-sqlite3 connection. Also the tests-only escape hatch to that
 * connection, for tests that edit the file behind the store's back.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import type { AlertOutbox } from '../../alerts/ports.js';
import type { Clock } from '../../shared/clock.js';
import { systemClock } from '../../shared/clock.js';
import { storeErrors } from '../errors.js';
import { OpenGuard } from '../open-guard.js';
import type { StorageAdapter } from '../storage-adapter.js';
import { applyMigrations } from './migrate.js';
import { SQLITE_MIGRATIONS } from './migrations/index.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';
import { SqliteDocumentStore } from './sqlite-document-store.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';
import type { SqliteLedgerWrites } from './sqlite-ledger-store.js';
import { SqliteRegistryStore } from './sqlite-registry-store.js';
import { SqliteBreakerWal } from './sqlite-breaker-wal.js';
import { SqliteCommandQueue } from './sqlite-command-queue.js';
import { SqliteForensicIndex } from './sqlite-forensic-index.js';
import { SqliteIncidentStore } from './sqlite-incident-store.js';
import { FileBundleStore, MemoryBundleStore } from '../forensics/file-bundle-store.js';
import { SqliteAlertOutbox } from './sqlite-alert-outbox.js';

/** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file; its parent folder is created. `:memory:` for a private in-memory database. */
  readonly path: string;
  /** Stamps `schema_version.applied_at`. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * Where decision-ledger inserts run: `worker` (default for a file) on a worker thread with
   * its own connection, off the gateway's event loop; `inline` on the store's connection
   * (always for `:memory:`; saves the thread's ~15 MB of resident memory).
   */
  readonly ledgerWrites?: SqliteLedgerWrites;
  /** Background failures of the store (a crashed ledger worker). Default: a process warning. */
  readonly onError?: (error: Error) => void;
}

/** The SQLite adapter. */
export interface SqliteStore extends StorageAdapter {
  /** The database file, as given. */
  readonly path: string;
  readonly alerts: AlertOutbox;
}

/** What {@link sqliteStoreInternals} exposes. */
export interface SqliteStoreInternals {
  /** The store's own connection: writes through it bypass every check of the ports. */
  readonly db: Database;
}

const internals = new WeakMap<SqliteStore, SqliteStoreInternals>();

/**
 * Opens (creating if needed) the SQLite database at `path` in WAL mode with foreign keys
 * on, `synchronous = NORMAL` and a {@link SQLITE_BUSY_TIMEOUT_MS} busy timeout, then
 * applies the migrations the file lacks. The ports are usable at once.
 *
 * @throws STO_ERR_OPEN_FAILED when the folder or file cannot be created, opened or written.
 * @throws STO_ERR_SCHEMA_TOO_NEW when a newer bulwark migrated the file.
 * @throws STO_ERR_MIGRATION_FAILED when a migration fails (rolled back).
 * @example
 * const store = openSqliteStore({ path: '.bulwark/bulwark.db' });
 * await store.registry.listVersions();
 * await store.shutdown();
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const { path } = options;
  const db = openDatabase(path);
  try {
    applyMigrations(db, SQLITE_MIGRATIONS, { path, clock: options.clock ?? systemClock });
  } catch (err) {
    db.close();
    throw err;
  }
  const guard = new OpenGuard(`sqlite store ${path}`);
  const ledger = new SqliteLedgerStore(db, guard, {
    writes: path === ':memory:' ? 'inline' : (options.ledgerWrites ?? 'worker'),
    path,
    busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  let closing: Promise<void> | undefined;
  const store: SqliteStore = {
    path,
    registry: new SqliteRegistryStore(db, guard),
    documents: new SqliteDocumentStore(db, guard),
    audit: new SqliteAuditStore(db, guard),
    ledger,
    rollback: { wal: new SqliteBreakerWal(db, guard), incidents: new SqliteIncidentStore(db, guard), forensics: new SqliteForensicIndex(db, guard), commands: new SqliteCommandQueue(db, guard) },
    bundles: path === ':memory:' ? new MemoryBundleStore() : new FileBundleStore(forensicsDir(path)),
    alerts: new SqliteAlertOutbox(db, guard),
    async start() {
      guard.assertOpen();
    },
    async forceFlush() {
      await ledger.idle();
      if (!guard.closed) db.pragma('wal_checkpoint(PASSIVE)');
    },
    shutdown() {
      if (!guard.close()) return closing ?? Promise.resolve();
      // Ledger appends in flight finish on the worker's connection before this one closes.
      closing = ledger.close().finally(() => {
        try {
          db.pragma('optimize');
        } finally {
          db.close();
        }
      });
      return closing;
    },
  };
  internals.set(store, { db });
  return store;
}

/**
 * Tests only: the connection behind a store from {@link openSqliteStore}, e.g. to edit a
 * row and check that tampering is detected. Never use it in product code.
 *
 * @example
 * sqliteStoreInternals(store).db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
 */
export function sqliteStoreInternals(store: SqliteStore): SqliteStoreInternals {
  const found = internals.get(store);
  if (found === undefined) throw new TypeError('sqliteStoreInternals: not a store returned by openSqliteStore');
  return found;
}

/**
 * Where the forensic bundles of the store at `path` go: `forensics/` next to the file
 * (`.bulwark/forensics/` for the default `.bulwark/bulwark.db`).
 *
 * @example
 * forensicsDir('/srv/.bulwark/bulwark.db'); // '/srv/.bulwark/forensics'
 */
export function forensicsDir(path: string): string {
  return join(dirname(path), 'forensics');
}

function openDatabase(path: string): Database {
  let db: Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.pragma('synchronous = NORMAL');
    // Reading the header fails here, not later, when the file is not a database.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (err) {
    db?.close();
    throw storeErrors.error(
      'STO_ERR_OPEN_FAILED',
      `cannot open the SQLite store at ${path}: ${(err as Error).message}`,
      { path },
      err,
    );
  }
}
