/**
 * @module store
 * The storage adapters' public surface: the memory and SQLite factories and their types.
 * `app/` picks one from config and hands its ports to the contexts.
 */
export type { StorageAdapter } from './storage-adapter.js';
export type { MemoryStore } from './memory/memory-store.js';
export { createMemoryStore } from './memory/memory-store.js';
export type { SqliteStore, SqliteStoreInternals, SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { SQLITE_BUSY_TIMEOUT_MS, openSqliteStore, sqliteStoreInternals } from './sqlite/sqlite-store.js';
export { storeErrors } from './errors.js';
