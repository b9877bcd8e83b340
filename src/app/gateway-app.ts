/**
 * @module app/gateway-app
 * The composition root of `bulwark gateway`: loads and watches bulwark.yaml, opens the
 * store the config names, wires the gateway onto node:net upstream pools (undici's for
 * https: origins), the ledger port and the audit log, applies valid reloads (an invalid one
 * keeps the config in force), and shuts everything down in order on SIGTERM/SIGINT.
 */
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { netPoolFactory } from '../adapters/http/net-upstream.js';
import { AuditLog } from '../audit/index.js';
import { ConfigWatcher } from '../config/index.js';
import type { BulwarkConfig } from '../config/index.js';
import { Gateway } from '../gateway/index.js';
import type { GatewayAddresses, InspectorDefinition, Interceptor, Timers } from '../gateway/index.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { StorageAdapter } from '../store/index.js';
import type { RollbackOrchestrator } from '../rollback/index.js';
import { startInspection } from './inspector-resources.js';
import { prepareRollback, reconfigureRollback } from './rollback-app.js';
import type { RollbackAppDeps } from './rollback-app.js';
import type { Inspection } from './inspector-resources.js';
import { openStoreTarget, storeTargetFor } from './services.js';
import { startDetection } from './detection-app.js';
import { prepareContainment } from './containment-app.js';
import { startControlPlane } from './control-app.js';
import type { RunningControlPlane } from './control-app.js';
import type { AlertFeed } from '../control/index.js';
import { AlertEventBus } from '../alerts/index.js';
import { startAlerting } from './alerting-app.js';
import { connectAlertingFeeds } from './alerting-feeds.js';
import type { Anomaly } from '../detect/index.js';
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
  /**
   * Overrides `server.control` (`null`: no control plane). Default: the control plane starts
   * when the config lists `control.tokens` (the default port is fixed, so it is opt-in).
   */
  readonly control?: string | null;
  /** Alerts for the control plane's event stream (the alerting context's subscribe port). */
  readonly alerts?: AlertFeed;
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
  /** The control-plane API (REST + SSE); undefined when it is off. */
  readonly control: RunningControlPlane | undefined;
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
    store = await openStore(config, options);
    inspection = await startInspection(config, watcher, { registry: store.registry, documents: store.documents, cwd: options.cwd, timers: options.timers ?? systemGatewayTimers, onError });
    const containment = prepareContainment(config, { clock, audit: new AuditLog({ store: store.audit, clock }), log: options.log, onError, ...(options.rollback?.containment === undefined ? {} : { mode: options.rollback.containment }) });
    const prepared = prepareRollback(config, { ...rollbackDeps(clock, options, onError), ...(containment === undefined ? {} : { containmentList: containment.list }) });
    const chain = [...(options.interceptors ?? []), ...(prepared?.interceptors ?? []), ...(containment === undefined ? [] : [containment.interceptor])];
    const gateway = createGateway(config, store, clock, onError, { ...options, interceptors: chain }, inspection);
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
      ...(containment === undefined ? {} : { contain: (anomaly: Anomaly) => containment.apply(anomaly, gateway) }),
    });
    if (detection !== undefined) watcher.on('reload', (next) => void detection.reconfigure(next).catch(onError));
    // Shadow comparisons arrive later than their request's event, on their own bus, in the shape the engine ingests (docs/gateway.md).
    const offShadow = detection === undefined ? undefined : gateway.shadowEvents.subscribe((e) => detection.engine.ingest(e), { name: 'detection-shadow', queue: 100_000 });
    const inspectors = inspection;
    const timers = options.timers ?? systemGatewayTimers;
    const opened = store;
    const alertBus = new AlertEventBus(onError);
    const alerting = await startAlerting(config, { source: alertBus, ...(opened.alerts === undefined ? {} : { outbox: opened.alerts }), clock, timers, onError, log: options.log, registry: gateway.metrics.registry });
    const offFeeds = connectAlertingFeeds(alertBus, {
      config: () => watcher.current(), ...(detection === undefined ? {} : { anomalies: detection.engine }), ...(prepared === undefined ? {} : { rollbackAlerts: prepared.alerts }),
      ...(rollback === undefined ? {} : { orchestrator: rollback }), incidents: opened.rollback.incidents, requests: gateway.events, timers, clock, onError,
    });
    const stopAll = (): Promise<void> =>
      (detection?.shutdown() ?? Promise.resolve())
        .then(() => offShadow?.())
        .then(() => rollback?.shutdown())
        .then(() => offFeeds())
        .then(() => alerting.shutdown())
        .then(() => stop(watcher, gateway, store as StorageAdapter));
    const alertFeed: AlertFeed = options.alerts ?? { subscribe: (listener) => alerting.dispatcher.subscribe((n) => listener({ id: n.key, severity: n.severity, summary: n.summary, model: n.model })) };
    const wantsControl = options.control !== null && (options.control !== undefined || config.control.tokens.length > 0);
    const control = !wantsControl
      ? undefined
      : await startControlPlane({ gateway, watcher, store, rollback, detection }, config, {
          configPath: file, env: options.env, log: options.log, onError, clock, timers: options.timers ?? systemGatewayTimers,
          ...(typeof options.control === 'string' ? { listen: options.control } : {}),
          alerts: alertFeed,
          sli: (observation) => alertBus.publish({ type: 'sli', observation }),
        }).catch(async (err: unknown) => {
          await stopAll().finally(() => inspectors.shutdown());
          throw err;
        });
    const shutdown = once(() => (control?.shutdown() ?? Promise.resolve()).then(stopAll).finally(() => inspectors.shutdown()));
    return { gateway, watcher, store, addresses, rollback, detection, control, shutdown };
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
    upstreams: netPoolFactory,
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

/** `--store PATH` (SQLite), else the config's `store:` (sqlite, postgres or memory), opened as the CLI opens it. */
async function openStore(config: BulwarkConfig, options: GatewayAppOptions): Promise<StorageAdapter> {
  const target = options.storePath === undefined ? storeTargetFor(config.store, options.cwd) : { kind: 'sqlite' as const, path: absolute(options.cwd, options.storePath) };
  return (await openStoreTarget(target)).store;
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
