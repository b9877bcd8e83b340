/**
 * @module store/postgres/postgres-store
 * The PostgreSQL storage adapter, for fleets of gateway replicas sharing one database:
 * opens a connection pool, applies the numbered migrations to the store's schema under an
 * advisory lock, and builds every port over the pool: registry, documents, audit log,
 * decision ledger, the rollback stores and the forensic bundle bytes.
 */
import type { Pool } from 'pg';
import type { Clock } from '../../shared/clock.js';
import { systemClock } from '../../shared/clock.js';
import { OpenGuard } from '../open-guard.js';
import type { StorageAdapter } from '../storage-adapter.js';
import { connectOrFail, createPool, describePostgresUrl, formatLocation } from './connection.js';
import type { PostgresLocation } from './connection.js';
import { applyPostgresMigrations } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations/index.js';
import { PostgresAlertOutbox } from './postgres-alert-outbox.js';
import { PostgresAuditStore } from './postgres-audit-store.js';
import { PostgresBreakerWal } from './postgres-breaker-wal.js';
import { PostgresBundleStore } from './postgres-bundle-store.js';
import { POSTGRES_DEFAULT_COMMAND_LEASE_MS, PostgresCommandQueue } from './postgres-command-queue.js';
import { PostgresDocumentStore } from './postgres-document-store.js';
import { PostgresForensicIndex } from './postgres-forensic-index.js';
import { PostgresIncidentStore } from './postgres-incident-store.js';
import { PostgresLedgerStore } from './postgres-ledger-store.js';
import { PostgresRegistryStore } from './postgres-registry-store.js';
import { DEFAULT_POSTGRES_SCHEMA, assertSchemaName } from './schema-name.js';

/** Connections the pool opens at most, by default. */
export const POSTGRES_DEFAULT_POOL_SIZE = 10;
/** How long opening a connection may take before it fails, by default, ms. */
export const POSTGRES_DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user[:password]@host[:port]/database`. A secret: never printed. */
  readonly url: string;
  /** Schema holding bulwark's tables; created when absent. Default `bulwark`. Plain lower-case identifier. */
  readonly schema?: string;
  /** Connections the pool opens at most. Default {@link POSTGRES_DEFAULT_POOL_SIZE}. */
  readonly poolSize?: number;
  /** Time allowed to open one connection, ms. Default {@link POSTGRES_DEFAULT_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
  /**
   * How long the commands `rollback.commands.pending()` returns stay claimed by this store
   * (replica) before another may take them, ms. Default {@link POSTGRES_DEFAULT_COMMAND_LEASE_MS}.
   */
  readonly commandLeaseMs?: number;
  /** Stamps `schema_version.applied_at`. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * Receives errors of idle pooled connections (e.g. the server restarted); the pool
   * drops such a connection and the next query opens a new one. Default: ignore them.
   */
  readonly onError?: (err: Error) => void;
}

/**
 * The PostgreSQL adapter: every port of {@link StorageAdapter} and its lifecycle. Forensic
 * bundles are rows too (`bundles`), so replicas share them.
 */
export interface PostgresStore extends StorageAdapter {
  /** Where the store is: host, port, database and user, never the password. */
  readonly location: PostgresLocation;
  /** The schema holding the tables. */
  readonly schema: string;
}

/**
 * Connects to PostgreSQL at `url`, creates `schema` when absent, applies the migrations it
 * lacks (under an advisory lock, so replicas starting together migrate once), and returns
 * the ports over a pool of at most `poolSize` connections. `shutdown()` ends the pool.
 *
 * @throws STO_ERR_OPEN_FAILED when the server is unreachable or refuses the connection
 *   (the message names host, port, database and user, never the password).
 * @throws STO_ERR_SCHEMA_TOO_NEW when a newer bulwark migrated the schema.
 * @throws STO_ERR_MIGRATION_FAILED when a migration fails (rolled back).
 * @throws RangeError for a schema name that is not a plain lower-case identifier, or a bad pool size.
 * @example
 * const store = await openPostgresStore({ url: 'postgres://bulwark@db.internal:5432/bulwark' });
 * await store.registry.listVersions();
 * await store.shutdown();
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  assertSchemaName(schema);
  const poolSize = options.poolSize ?? POSTGRES_DEFAULT_POOL_SIZE;
  if (!(Number.isInteger(poolSize) && poolSize >= 1)) throw new RangeError(`openPostgresStore(options): poolSize must be an integer >= 1, got ${poolSize}`);
  const leaseMs = options.commandLeaseMs ?? POSTGRES_DEFAULT_COMMAND_LEASE_MS;
  if (!(Number.isInteger(leaseMs) && leaseMs >= 1)) throw new RangeError(`openPostgresStore(options): commandLeaseMs must be an integer >= 1, got ${leaseMs}`);
  const location = describePostgresUrl(options.url);
  const pool = await createPool({
    url: options.url,
    poolSize,
    connectTimeoutMs: options.connectTimeoutMs ?? POSTGRES_DEFAULT_CONNECT_TIMEOUT_MS,
    onError: options.onError ?? (() => undefined),
  });
  try {
    await migrate(pool, location, schema, options.clock ?? systemClock);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  return buildStore(pool, location, schema, leaseMs);
}

async function migrate(pool: Pool, location: PostgresLocation, schema: string, clock: Clock): Promise<void> {
  const client = await connectOrFail(pool, location);
  try {
    await applyPostgresMigrations(client, POSTGRES_MIGRATIONS, { schema, location: formatLocation(location), clock });
  } finally {
    // Destroyed, not returned to the pool: whatever happened, no pooled connection may
    // keep the session's advisory lock.
    client.release(true);
  }
}

function buildStore(pool: Pool, location: PostgresLocation, schema: string, leaseMs: number): PostgresStore {
  const guard = new OpenGuard(`postgres store ${formatLocation(location)} schema ${schema}`);
  return {
    location,
    schema,
    registry: new PostgresRegistryStore(pool, schema, guard),
    documents: new PostgresDocumentStore(pool, schema, guard),
    audit: new PostgresAuditStore(pool, schema, guard),
    ledger: new PostgresLedgerStore(pool, schema, guard),
    rollback: {
      wal: new PostgresBreakerWal(pool, schema, guard),
      incidents: new PostgresIncidentStore(pool, schema, guard),
      forensics: new PostgresForensicIndex(pool, schema, guard),
      commands: new PostgresCommandQueue(pool, schema, guard, { leaseMs }),
    },
    bundles: new PostgresBundleStore(pool, schema, guard),
    alerts: new PostgresAlertOutbox(pool, schema, guard),
    async start() {
      guard.assertOpen();
    },
    async forceFlush() {
      // Every port call commits before it resolves; there is nothing buffered to flush.
    },
    async shutdown() {
      if (!guard.close()) return;
      await pool.end();
    },
  };
}
