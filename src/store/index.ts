/**
 * @module store
 * The storage adapters' public surface: the memory, SQLite and PostgreSQL factories and
 * their types. `app/` picks one from config and hands its ports to the contexts.
 */
export type { StorageAdapter } from './storage-adapter.js';
export type { MemoryStore } from './memory/memory-store.js';
export { createMemoryStore } from './memory/memory-store.js';
export type { SqliteStore, SqliteStoreInternals, SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { SQLITE_BUSY_TIMEOUT_MS, forensicsDir, openSqliteStore, sqliteStoreInternals } from './sqlite/sqlite-store.js';
export { FileBundleStore, MemoryBundleStore } from './forensics/file-bundle-store.js';
export type { PostgresStore, PostgresStoreOptions } from './postgres/postgres-store.js';
export { POSTGRES_DEFAULT_CONNECT_TIMEOUT_MS, POSTGRES_DEFAULT_POOL_SIZE, openPostgresStore } from './postgres/postgres-store.js';
export { POSTGRES_DEFAULT_COMMAND_LEASE_MS } from './postgres/postgres-command-queue.js';
export type { PostgresLocation } from './postgres/connection.js';
export { DEFAULT_POSTGRES_SCHEMA } from './postgres/schema-name.js';
export { storeErrors } from './errors.js';
