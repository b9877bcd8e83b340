/**
 * @module app/services
 * The composition root for CLI commands that touch the store: picks the store adapter
 * (embedded SQLite under .bulwark/ by default, or what `store:` in the config says:
 * sqlite, postgres or memory) and wires the registry and the audit log onto it. The
 * gateway opens its store with the same functions ({@link storeTargetFor},
 * {@link openStoreTarget}).
 */
import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { AuditLog } from '../audit/index.js';
import { Registry } from '../registry/index.js';
import { DEFAULT_POSTGRES_SCHEMA, createMemoryStore, openPostgresStore, openSqliteStore } from '../store/index.js';
import type { StorageAdapter } from '../store/index.js';
import { loadConfigFile } from '../config/index.js';
import type { BulwarkConfig } from '../config/index.js';

/** The default embedded store, relative to the working directory. */
export const DEFAULT_STORE_PATH = '.bulwark/bulwark.db';
/** The config file picked up from the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = 'bulwark.yaml';

/** The store the CLI's services run on: every adapter (memory, SQLite, PostgreSQL) has every port. */
export type StoreBundle = StorageAdapter;

/** Which store to open, resolved from --store, the config and the defaults. */
export type StoreTarget =
  | { readonly kind: 'sqlite'; readonly path: string; readonly ledgerWrites?: 'worker' | 'inline' }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string }
  | { readonly kind: 'memory' };

/** An open store and where it is. */
export interface OpenedStore {
  readonly store: StoreBundle;
  /** For messages: the SQLite file, or `postgres://user@host:port/db (schema s)` without the password. */
  readonly location: string;
}

export interface Services {
  readonly store: StoreBundle;
  readonly registry: Registry;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Where the store lives, for messages; never holds a password. */
  readonly storeLocation: string;
  shutdown(): Promise<void>;
}

export interface OpenServicesOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** --store PATH: an explicit SQLite file; wins over the config. */
  readonly storePath?: string;
  /** --config FILE; otherwise ./bulwark.yaml when it exists. */
  readonly configPath?: string;
  readonly clock?: Clock;
}

/**
 * Resolves which store to use: `--store PATH` (SQLite), else the config's `store:`
 * (--config, else ./bulwark.yaml when present), else the default SQLite file.
 *
 * @example
 * await resolveStoreTarget({ cwd, env: process.env }); // { kind: 'sqlite', path: '/srv/.bulwark/bulwark.db' }
 */
export async function resolveStoreTarget(options: OpenServicesOptions): Promise<StoreTarget> {
  if (options.storePath !== undefined) return { kind: 'sqlite', path: absolute(options.cwd, options.storePath) };
  const configPath = options.configPath ?? (existsSync(resolve(options.cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  if (configPath === undefined) return { kind: 'sqlite', path: absolute(options.cwd, DEFAULT_STORE_PATH) };
  const { store } = await loadConfigFile(absolute(options.cwd, configPath), { env: options.env });
  return storeTargetFor(store, options.cwd);
}

/**
 * The store a loaded config's `store:` section names, with relative SQLite paths resolved
 * from `cwd` and the defaults applied.
 *
 * @example
 * storeTargetFor({ kind: 'postgres', url }, '/srv'); // { kind: 'postgres', url, schema: 'bulwark' }
 */
export function storeTargetFor(store: BulwarkConfig['store'], cwd: string): StoreTarget {
  switch (store.kind) {
    case 'sqlite':
      return { kind: 'sqlite', path: absolute(cwd, store.path ?? DEFAULT_STORE_PATH), ...(store.ledgerWrites === undefined ? {} : { ledgerWrites: store.ledgerWrites }) };
    case 'postgres':
      return { kind: 'postgres', url: store.url, schema: store.schema ?? DEFAULT_POSTGRES_SCHEMA };
    case 'memory':
      return { kind: 'memory' };
  }
}

/**
 * Opens the adapter the options point at (see {@link resolveStoreTarget}): SQLite, the
 * PostgreSQL adapter (migrating its schema), or a memory store. Call `store.shutdown()`.
 *
 * @throws STO_ERR_OPEN_FAILED, STO_ERR_SCHEMA_TOO_NEW, STO_ERR_MIGRATION_FAILED from the adapter.
 * @example
 * const { store, location } = await openStoreFromConfig({ cwd, env: process.env, configPath: 'bulwark.yaml' });
 */
export async function openStoreFromConfig(options: OpenServicesOptions): Promise<OpenedStore> {
  return openStoreTarget(await resolveStoreTarget(options));
}

/**
 * Opens the adapter `target` names: SQLite, the PostgreSQL adapter (connecting and
 * migrating its schema), or a memory store. `location` never holds a password.
 *
 * @throws STO_ERR_OPEN_FAILED, STO_ERR_SCHEMA_TOO_NEW, STO_ERR_MIGRATION_FAILED from the adapter.
 * @example
 * const { store } = await openStoreTarget({ kind: 'postgres', url, schema: 'bulwark' });
 */
export async function openStoreTarget(target: StoreTarget): Promise<OpenedStore> {
  switch (target.kind) {
    case 'sqlite':
      return { store: openSqliteStore({ path: target.path, ...(target.ledgerWrites === undefined ? {} : { ledgerWrites: target.ledgerWrites }) }), location: target.path };
    case 'postgres': {
      const store = await openPostgresStore({ url: target.url, schema: target.schema });
      const { user, host, port, database } = store.location;
      return { store, location: `postgres://${user}@${host}:${port}/${database} (schema ${store.schema})` };
    }
    case 'memory':
      return { store: createMemoryStore(), location: 'memory (not persisted)' };
  }
}

/** Opens the store and wires registry and audit log on it. Call `shutdown()` when done. */
export async function openServices(options: OpenServicesOptions): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const { store, location } = await openStoreFromConfig(options);
  try {
    await store.start();
  } catch (err) {
    await store.shutdown();
    throw err;
  }
  const audit = new AuditLog({ store: store.audit, clock });
  const registry = new Registry({ store: store.registry, documents: store.documents, audit, clock });
  let closed = false;
  return {
    store,
    registry,
    audit,
    clock,
    storeLocation: location,
    async shutdown() {
      if (closed) return;
      closed = true;
      await store.shutdown();
    },
  };
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
