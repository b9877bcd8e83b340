/**
 * @module app/control-app
 * Wires the control plane (src/control) onto a running gateway: its ports are satisfied by
 * the gateway's route switch and event bus, the rollback orchestrator (breaker states,
 * decisions, command polling), the detection engine (anomalies), the store (registry,
 * incidents, WAL, command queue, forensic index and bundle files, audit log, alert
 * outbox), the knobs file next to bulwark.yaml, and an optional alert feed (the alerting
 * context). The SLI metrics go on the gateway's metrics registry, so the admin port's
 * /metrics shows them.
 */
import { Registry as MetricsRegistry } from 'prom-client';
import { AuditLog } from '../audit/index.js';
import { EMPTY_KNOBS, knobsFilePath } from '../config/index.js';
import type { BulwarkConfig, Knobs } from '../config/index.js';
import { ControlPlane, KnobsFile, REDTEAM_SLI_METRIC_NAMES, RedteamSli, registryReports } from '../control/index.js';
import type { AdversarialObservation, AlertFeed, AnomalyFeed, BreakerView, KnobsPort, QueryFeed, RouteView, StreamLimits, Timers } from '../control/index.js';
import { Registry } from '../registry/index.js';
import { ForensicArchive } from '../rollback/index.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { StorageAdapter } from '../store/index.js';
import { diffKnobs } from './knobs-audit.js';

/** What the control plane uses of a running gateway (RunningGateway has all of it). */
export interface ControlAppRunning {
  readonly gateway: { readonly routes: RouteView; readonly events: QueryFeed; readonly metrics: { readonly registry: MetricsRegistry } };
  readonly watcher: { current(): BulwarkConfig };
  readonly store: Pick<StorageAdapter, 'registry' | 'documents' | 'audit' | 'rollback' | 'bundles'> & Partial<Pick<StorageAdapter, 'alerts'>>;
  /** The rollback orchestrator; undefined when no model has a rollback rule. */
  readonly rollback: BreakerView | undefined;
  /** The detection engine; undefined when no model declares a rule. */
  readonly detection: { readonly engine: AnomalyFeed } | undefined;
}

/** Options of {@link startControlPlane}. */
export interface ControlAppOptions {
  /** bulwark.yaml, absolute: the knobs file is found relative to it. */
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: (line: string) => void;
  readonly onError?: (error: Error) => void;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /** Overrides `server.control`. */
  readonly listen?: string;
  /** Alerts for the event stream (the alerting context's subscribe port). */
  readonly alerts?: AlertFeed;
  /** Where the SLI metrics go; default the gateway's registry (admin /metrics). */
  readonly metrics?: MetricsRegistry;
  /** Event-stream limits (tests). */
  readonly stream?: Partial<StreamLimits>;
  /**
   * Receives the `adversarial_success` SLI events of each red-team report attached while the
   * control plane runs (gateway-app publishes them on the alert bus for the SLO burn rates).
   */
  readonly sli?: (observation: AdversarialObservation) => void;
  /** How often red-team reports are re-read for the SLIs, ms (default 15 000). */
  readonly redteamRefreshMs?: number;
}

/** A running control plane. */
export interface RunningControlPlane {
  readonly address: string;
  readonly plane: ControlPlane;
  /** The red-team SLIs (gauges from registered reports); `reportAttached()` re-reads at once. */
  readonly redteam: RedteamSli;
  /** Ends event streams, stops listening, unregisters the SLI metrics; idempotent. */
  shutdown(): Promise<void>;
}

/** Node's timers, unref'd: a heartbeat never keeps the process alive on its own. */
const systemTimers: Timers = Object.freeze({
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

/**
 * Starts the control plane of `running` on `server.control` (or `options.listen`).
 *
 * @example
 * const control = await startControlPlane(app, app.watcher.current(), { configPath, env: process.env, log: console.error });
 * console.log(control.address); // http://127.0.0.1:9091
 * await control.shutdown();
 */
export async function startControlPlane(running: ControlAppRunning, config: BulwarkConfig, options: ControlAppOptions): Promise<RunningControlPlane> {
  const clock = options.clock ?? systemClock;
  const onError = options.onError ?? ((error: Error) => options.log(`warning ${(error as { code?: string }).code ?? 'API_WARNING'}: ${error.message}`));
  const { store } = running;
  const audit = new AuditLog({ store: store.audit, clock });
  const registry = new Registry({ store: store.registry, documents: store.documents, audit, clock });
  const plane = new ControlPlane({
    listen: options.listen ?? config.server.control,
    clock,
    timers: options.timers ?? systemTimers,
    onError,
    config: () => running.watcher.current(),
    routes: running.gateway.routes,
    breakers: running.rollback,
    versions: registry,
    rollback: store.rollback,
    archive: new ForensicArchive({ index: store.rollback.forensics, files: store.bundles }),
    knobs: knobsPort(running, options, audit),
    reports: registryReports(registry),
    audit,
    alerts: store.alerts,
    newId: () => newId(clock),
    anomalyFeed: running.detection?.engine,
    alertFeed: options.alerts,
    queryFeed: running.gateway.events,
    metrics: options.metrics ?? running.gateway.metrics.registry,
    ...(options.stream === undefined ? {} : { stream: options.stream }),
  });
  const address = await plane.start();
  options.log(`control plane on ${address}`);
  const redteam = await startRedteamSli(registry, options.metrics ?? running.gateway.metrics.registry, options, onError);
  let stopped: Promise<void> | undefined;
  return {
    address,
    plane,
    redteam,
    shutdown: () => (stopped ??= (async () => {
      redteam.shutdown();
      await plane.shutdown();
    })()),
  };
}

/**
 * The red-team SLIs on the metrics registry (a private one when another control plane holds
 * the names), fed from the registry's reports; their SLI events go to `options.sli`.
 */
async function startRedteamSli(registry: Registry, metrics: MetricsRegistry, options: ControlAppOptions, onError: (error: Error) => void): Promise<RedteamSli> {
  // Another control plane on the same gateway holds them: the ControlPlane has already reported
  // that for the SLI metrics (one warning, not two); keep these apart as it keeps its own.
  const taken = metrics.getSingleMetric(REDTEAM_SLI_METRIC_NAMES[0]) !== undefined;
  const redteam = new RedteamSli({
    registry: taken ? new MetricsRegistry() : metrics,
    reports: registryReports(registry),
    versions: registry,
    timers: options.timers ?? systemTimers,
    onError,
    ...(options.redteamRefreshMs === undefined ? {} : { refreshMs: options.redteamRefreshMs }),
  });
  if (options.sli !== undefined) redteam.onObservation(options.sli);
  await redteam.start();
  return redteam;
}

/** The knobs port: the file next to bulwark.yaml (other sources are read-only here). */
function knobsPort(running: ControlAppRunning, options: ControlAppOptions, audit: AuditLog): KnobsPort {
  const files = new Map<string, KnobsFile>();
  const file = (): KnobsFile | undefined => {
    const path = knobsFilePath(options.configPath, running.watcher.current().knobs);
    if (path === undefined) return undefined;
    let knobsFile = files.get(path);
    if (knobsFile === undefined) files.set(path, (knobsFile = new KnobsFile(path, options.env)));
    return knobsFile;
  };
  return {
    source() {
      const knobs = running.watcher.current().knobs;
      return knobs.source === 'file' ? { kind: 'file', path: knobsFilePath(options.configPath, knobs) as string } : { kind: knobs.source };
    },
    async read(): Promise<Knobs> {
      return (await file()?.read()) ?? EMPTY_KNOBS;
    },
    async replace(next, actor) {
      const target = file();
      if (target === undefined) throw new Error('knobs are not file-backed');
      return target.replace(next, async (prev) => {
        const changes = diffKnobs(prev, next);
        if (changes.length > 0) await audit.record({ actor, action: 'knobs.update', target: 'knobs', details: { changes, via: 'control-plane', file: target.path } });
        return { changes };
      });
    },
  };
}
