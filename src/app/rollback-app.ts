/**
 * @module app/rollback-app
 * Wires the rollback orchestrator into `bulwark gateway`, in two phases: before the
 * Gateway is built, the forensic ring and containment hooks (interceptors) exist; once it
 * has started, the orchestrator is built on its route switch, event bus and ledger, the
 * store's rollback ports and bundle files, the registry (quarantine) and the audit log,
 * then restored from the WAL. Off (undefined) unless some model has a rollback rule.
 * The detection engine calls `orchestrator.onAnomaly` (docs/rollback.md, "Wiring").
 */
import { UndiciPoster } from '../adapters/http/undici-poster.js';
import { WebhookRouteSwitch } from '../adapters/http/webhook-route-switch.js';
import { PgStatementRunner } from '../adapters/sql/pg-statement-runner.js';
import { AuditLog } from '../audit/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Gateway, Interceptor, Timers } from '../gateway/index.js';
import { Registry } from '../registry/index.js';
import {
  ContainmentList,
  ForensicArchive,
  ForensicRings,
  InProcessAlertSink,
  RegistryQuarantine,
  ROLLBACK_DEFAULTS,
  RollbackOrchestrator,
  containmentInterceptor,
  forensicRingInterceptor,
  rollbackSettings,
} from '../rollback/index.js';
import type { ContainmentMode, RouteSwitchPort } from '../rollback/index.js';
import type { Clock } from '../shared/clock.js';
import type { StorageAdapter } from '../store/index.js';

/** What the rollback wiring needs from the app. */
export interface RollbackAppDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly log: (line: string) => void;
  readonly onError: (error: Error) => void;
  /** POST routes to this URL instead of switching the in-process gateway (fleet / external LB). */
  readonly routeWebhook?: string;
  readonly containment?: ContainmentMode;
  /** Tests only: crash points (see EffectDeps.crashPoint). */
  readonly crashPoint?: (point: string) => void;
  /** Command-queue polling interval, ms (0: off). */
  readonly commandPollMs?: number;
  /** The gateway's containment list (app/containment-app) when it has one: its interceptor is already in the chain. */
  readonly containmentList?: ContainmentList;
}

/** The hooks that exist before the gateway, and how to start the orchestrator once it runs. */
export interface PreparedRollback {
  readonly rings: ForensicRings;
  readonly containment: ContainmentList;
  /** The orchestrator's alerts (alerting subscribes to them). */
  readonly alerts: InProcessAlertSink;
  /** Add these to the Gateway's interceptors. */
  readonly interceptors: readonly Interceptor[];
  start(gateway: Gateway, store: StorageAdapter): Promise<RollbackOrchestrator>;
}

/**
 * Prepares the rollback hooks, or returns undefined when no model has a rollback rule.
 *
 * @example
 * const rollback = prepareRollback(config, { clock, timers, log, onError });
 * const gateway = new Gateway({ ...options, interceptors: [...rollback?.interceptors ?? []] });
 * await gateway.start();
 * const orchestrator = await rollback?.start(gateway, store);
 */
export function prepareRollback(config: BulwarkConfig, deps: RollbackAppDeps): PreparedRollback | undefined {
  const settings = rollbackSettings(config);
  if (settings.size === 0) return undefined;
  const rings = new ForensicRings();
  const containment = deps.containmentList ?? new ContainmentList({ clock: deps.clock, ...(deps.containment === undefined ? {} : { mode: deps.containment }) });
  const alerts = new InProcessAlertSink({ log: deps.log, onError: deps.onError });
  return {
    rings,
    containment,
    alerts,
    interceptors: deps.containmentList === undefined ? [forensicRingInterceptor(rings), containmentInterceptor(containment)] : [forensicRingInterceptor(rings)],
    async start(gateway, store) {
      const audit = new AuditLog({ store: store.audit, clock: deps.clock });
      const registry = new Registry({ store: store.registry, documents: store.documents, audit, clock: deps.clock });
      const http = new UndiciPoster();
      const orchestrator = new RollbackOrchestrator({
        clock: deps.clock,
        timers: deps.timers,
        random: Math.random,
        onError: deps.onError,
        stores: store.rollback,
        settings,
        rings,
        routes: routeSwitch(gateway, deps, http),
        archive: new ForensicArchive({ index: store.rollback.forensics, files: store.bundles }),
        ledger: store.ledger,
        flushLedger: () => gateway.ledger.forceFlush(),
        http,
        sql: new PgStatementRunner(),
        registry: new RegistryQuarantine(registry),
        containment,
        alerts,
        audit,
        events: gateway.events,
        routeChanges: gateway.routes,
        quietAfterSwitchMs: ROLLBACK_DEFAULTS.quietAfterSwitchMs,
        ...(deps.crashPoint === undefined ? {} : { crashPoint: deps.crashPoint }),
        ...(deps.commandPollMs === undefined ? {} : { commandPollMs: deps.commandPollMs }),
      });
      await orchestrator.start();
      for (const model of orchestrator.models()) deps.log(`rollback ${model}: breaker ${orchestrator.state(model)?.kind ?? '?'}`);
      return orchestrator;
    },
  };
}

function routeSwitch(gateway: Gateway, deps: RollbackAppDeps, http: UndiciPoster): RouteSwitchPort {
  if (deps.routeWebhook === undefined) return gateway.routes;
  return new WebhookRouteSwitch({ url: deps.routeWebhook, http, timers: deps.timers, clock: deps.clock, random: Math.random });
}

/**
 * Applies a reloaded config to a running orchestrator (models added to rollback later
 * than start need a restart: their hooks are built with the gateway).
 *
 * @example
 * watcher.on('reload', (next) => void reconfigureRollback(orchestrator, next, onError));
 */
export function reconfigureRollback(orchestrator: RollbackOrchestrator, config: BulwarkConfig, onError: (error: Error) => void): void {
  orchestrator.configure(rollbackSettings(config)).catch(onError);
}
