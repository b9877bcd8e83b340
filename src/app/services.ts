/**
 * @module app/services
 * The composition root for CLI commands that touch the store: picks the store adapter
 * (embedded SQLite under .bulwark/ by default, or what `store:` in the config says) and
 * wires the registry and the audit log onto it.
 */
import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { AuditLog } from '../audit/index.js';
import { Registry } from '../registry/index.js';
import type { AuditStore } from '../audit/index.js';
import type { DocumentStore, RegistryStore } from '../registry/index.js';
import { openSqliteStore } from '../store/index.js';
import { storeErrors } from '../store/errors.js';
import { loadConfigFile } from '../config/index.js';

/** The default embedded store, relative to the working directory. */
export const DEFAULT_STORE_PATH = '.bulwark/bulwark.db';
/** The config file picked up from the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = 'bulwark.yaml';

export interface StoreBundle {
  readonly registry: RegistryStore;
  readonly documents: DocumentStore;
  readonly audit: AuditStore;
  shutdown(): Promise<void>;
}

export interface Services {
  readonly store: StoreBundle;
  readonly registry: Registry;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Where the store lives, for messages. */
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

/** Resolves which SQLite file to use: --store, then the config's store.path, then the default. */
export async function resolveStorePath(options: OpenServicesOptions): Promise<string> {
  if (options.storePath !== undefined) return absolute(options.cwd, options.storePath);
  const configPath = options.configPath ?? (existsSync(resolve(options.cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  if (configPath === undefined) return absolute(options.cwd, DEFAULT_STORE_PATH);
  const config = await loadConfigFile(absolute(options.cwd, configPath), { env: options.env });
  if (config.store.kind !== 'sqlite') {
    throw storeErrors.error('STO_ERR_UNSUPPORTED_KIND', `store.kind "${config.store.kind}" is not available to this command yet (only sqlite)`, { kind: config.store.kind });
  }
  return absolute(options.cwd, config.store.path ?? DEFAULT_STORE_PATH);
}

/** Opens the store and wires registry and audit log on it. Call `shutdown()` when done. */
export async function openServices(options: OpenServicesOptions): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const path = await resolveStorePath(options);
  const store = openSqliteStore({ path });
  await store.start();
  const audit = new AuditLog({ store: store.audit, clock });
  const registry = new Registry({ store: store.registry, documents: store.documents, audit, clock });
  let closed = false;
  return {
    store,
    registry,
    audit,
    clock,
    storeLocation: path,
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
