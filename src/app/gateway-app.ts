/**
 * @module app/gateway-app
 * The composition root of `bulwark gateway`: loads and watches bulwark.yaml, opens the
 * store the config names, wires the gateway onto undici pools, the ledger port and the
 * audit log, applies valid reloads (an invalid one keeps the config in force), and shuts
 * everything down in order on SIGTERM/SIGINT.
 */
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { undiciPoolFactory } from '../adapters/http/undici-upstream.js';
import { AuditLog } from '../audit/index.js';
import { ConfigWatcher } from '../config/index.js';
import type { BulwarkConfig } from '../config/index.js';
import { Gateway } from '../gateway/index.js';
import type { GatewayAddresses, InspectorDefinition, Interceptor, Timers } from '../gateway/index.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { createMemoryStore, openSqliteStore, storeErrors } from '../store/index.js';
import type { StorageAdapter } from '../store/index.js';
import type { RollbackOrchestrator } from '../rollback/index.js';
import { startInspection } from './inspector-resources.js';
import { prepareRollback, reconfigureRollback } from './rollback-app.js';
import type { RollbackAppDeps } from './rollback-app.js';
import type { Inspection } from './inspector-resources.js';
import { DEFAULT_STORE_PATH } from './services.js';
import { startDetection } from './detection-app.js';
import type { RunningDetection } from './detection-app.js';

/**
 * Node's timers for the gateway; setTimeout handles are unref'd so that a pending ledger
 * flush or linger timer never keeps the process alive on its own.
 */
export const systemGatewayTimers: Timers = Object.freeze({
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  setImmediate(callback: () => void): void {
    setImmediate(callback);
  },
});

/** Options of {@link startGatewayApp}. */
export interface GatewayAppOptions {
  /** bulwark.yaml; relative paths are resolved from `cwd`. */
  readonly configPath: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line per warning, reload and route change (the CLI prints them on stderr). */
  readonly log: (line: string) => void;
  /** Overrides of `server.listen` / `server.admin` (`null`: no admin port). */
  readonly listen?: string;
  readonly admin?: string | null;
  /** Overrides `store:` with an SQLite file. */
  readonly storePath?: string;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Extension points for later issues (inspectors, shadow mirroring, output hardening). */
  readonly inspectors?: readonly InspectorDefinition[];
  readonly interceptors?: readonly Interceptor[];
  /** Rollback wiring options (route webhook, containment mode, command polling; crash points in tests). */
  readonly rollback?: Partial<Pick<RollbackAppDeps, 'routeWebhook' | 'containment' | 'crashPoint' | 'commandPollMs'>>;
}

/** A running gateway and what it was wired with. */
export interface RunningGateway {
  readonly gateway: Gateway;
  readonly watcher: ConfigWatcher;
  readonly store: StorageAdapter;
  readonly addresses: GatewayAddresses;
  /** The rollback orchestrator; undefined when no model has a rule with `action: rollback`. */
  readonly rollback: RollbackOrchestrator | undefined;
  /** The detection engine fed by the event bus; undefined when no model declares a rule. */
  readonly detection: RunningDetection | undefined;
  /** Drains, flushes the ledger, closes the store; idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Starts the gateway described by `configPath`.
 *
 * @example
 * const app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: process.cwd(), env: process.env, log: console.error });
 * console.log(app.addresses.dataPlane);
 * await app.shutdown();
 */
export async function startGatewayApp(options: GatewayAppOptions): Promise<RunningGateway> {
  const clock = options.clock ?? systemClock;
  const onError = (error: Error): void => options.log(`warning ${(error as { code?: string }).code ?? 'GW_WARNING'}: ${error.message}`);
  const file = absolute(options.cwd, options.configPath);
  const watcher = new ConfigWatcher({ file, env: options.env, clock, onError });
  const config = await watcher.start();
  let store: StorageAdapter | undefined;
  let inspection: Inspection | undefined;
  try {
    store = openStore(config, options);
    inspection = await startInspection(config, watcher, { registry: store.registry, documents: store.documents, cwd: options.cwd, timers: options.timers ?? systemGatewayTimers, onError });
    const prepared = prepareRollback(config, rollbackDeps(clock, options, onError));
    const gateway = createGateway(config, store, clock, onError, { ...options, interceptors: [...(options.interceptors ?? []), ...(prepared?.interceptors ?? [])] }, inspection);
    const addresses = await gateway.start();
    gateway.routes.subscribe((c) => options.log(`route ${c.model}: epoch ${c.next.epoch}, active ${c.next.active} (${c.actor}: ${c.reason})`));
    const rollback = await prepared?.start(gateway, store).catch(async (err: unknown) => {
      await gateway.shutdown();
      throw err;
    });
    watchReloads(watcher, gateway, options.log, onError);
    if (rollback !== undefined) watcher.on('reload', (next) => reconfigureRollback(rollback, next, onError));
    const detection = await startDetection(config, {
      configPath: file, env: options.env, clock, timers: options.timers ?? systemGatewayTimers, events: gateway.events,
      registry: store.registry, documents: store.documents, audit: new AuditLog({ store: store.audit, clock }), rollback, log: options.log, onError,
    });
    if (detection !== undefined) watcher.on('reload', (next) => void detection.reconfigure(next).catch(onError));
    // Shadow comparisons arrive later than their request's event, on their own bus, in the shape the engine ingests (docs/gateway.md).
    const offShadow = detection === undefined ? undefined : gateway.shadowEvents.subscribe((e) => detection.engine.ingest(e), { name: 'detection-shadow', queue: 100_000 });
    const inspectors = inspection;
    const stopAll = (): Promise<void> =>
      (detection?.shutdown() ?? Promise.resolve()).then(() => offShadow?.()).then(() => rollback?.shutdown()).then(() => stop(watcher, gateway, store as StorageAdapter));
    return { gateway, watcher, store, addresses, rollback, detection, shutdown: once(() => stopAll().finally(() => inspectors.shutdown())) };
  } catch (err) {
    inspection?.shutdown();
    await watcher.shutdown();
    await store?.shutdown();
    throw err;
  }
}

function rollbackDeps(clock: Clock, options: GatewayAppOptions, onError: (e: Error) => void): RollbackAppDeps {
  const routeWebhook = options.rollback?.routeWebhook ?? options.env['BULWARK_ROUTE_WEBHOOK'];
  return { clock, timers: options.timers ?? systemGatewayTimers, log: options.log, onError, ...options.rollback, ...(routeWebhook === undefined || routeWebhook === '' ? {} : { routeWebhook }) };
}

function createGateway(config: BulwarkConfig, store: StorageAdapter, clock: Clock, onError: (e: Error) => void, options: GatewayAppOptions, inspection: Inspection): Gateway {
  return new Gateway({
    config,
    upstreams: undiciPoolFactory,
    ledgerStore: store.ledger,
    audit: new AuditLog({ store: store.audit, clock }),
    clock,
    monotonic: () => performance.now(),
    timers: options.timers ?? systemGatewayTimers,
    random: Math.random,
    onError,
    inspectors: options.inspectors ?? inspection.definitions,
    interceptors: [...(options.interceptors ?? []), ...inspection.interceptors],
    ...(options.listen === undefined ? {} : { listen: options.listen }),
    ...(options.admin === undefined ? {} : { admin: options.admin }),
  });
}

function watchReloads(watcher: ConfigWatcher, gateway: Gateway, log: (line: string) => void, onError: (e: Error) => void): void {
  watcher.on('reload', (next) => {
    try {
      gateway.applyConfig(next).catch(onError);
      log('config reloaded');
    } catch (err) {
      gateway.metrics.configReloads.inc({ result: 'rejected' });
      onError(err instanceof Error ? err : new Error(String(err)));
      log('config reload rejected: the previous config stays in force');
    }
  });
  watcher.on('rejected', (problems) => {
    gateway.metrics.configReloads.inc({ result: 'rejected' });
    log(`config reload rejected (the previous config stays in force):\n  ${problems.join('\n  ')}`);
  });
}

function openStore(config: BulwarkConfig, options: GatewayAppOptions): StorageAdapter {
  if (options.storePath !== undefined) return openSqliteStore({ path: absolute(options.cwd, options.storePath) });
  const store = config.store;
  if (store.kind === 'memory') return createMemoryStore();
  if (store.kind === 'sqlite') return openSqliteStore({ path: absolute(options.cwd, store.path ?? DEFAULT_STORE_PATH) });
  throw storeErrors.error('STO_ERR_UNSUPPORTED_KIND', `store.kind "${store.kind}" has no adapter for the gateway yet (use sqlite or memory)`, { kind: store.kind });
}

async function stop(watcher: ConfigWatcher, gateway: Gateway, store: StorageAdapter): Promise<void> {
  await watcher.shutdown();
  await gateway.shutdown();
  await store.shutdown();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
