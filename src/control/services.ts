/**
 * @module control/services
 * What route handlers work with: the ports of the running gateway (control/ports.ts), the
 * rollback stores, the alert outbox, the audit log, the clock, and the control plane's own
 * in-memory state (the recent anomalies). Built once by the ControlPlane from its dependencies.
 */
import type { BulwarkConfig } from '../config/index.js';
import type { AuditPort, RollbackStores } from '../rollback/index.js';
import type { Clock } from '../shared/clock.js';
import type { AnomalyRing } from './anomaly-ring.js';
import type { AlertHistory, BreakerView, BundleArchive, DashboardFiles, KnobsPort, RedteamReportSource, RouteView, Timers, VersionCatalog } from './ports.js';

/**
 * @example
 * const services: ControlServices = { clock, timers, config: () => watcher.current(), routes: gateway.routes, … };
 */
export interface ControlServices {
  readonly clock: Clock;
  readonly timers: Timers;
  /** The config in force (hot-reloaded: tokens, CORS origins and models follow it). */
  config(): BulwarkConfig;
  readonly routes: RouteView;
  /** Undefined when no model has a rollback rule. */
  readonly breakers: BreakerView | undefined;
  readonly versions: VersionCatalog;
  readonly rollback: RollbackStores;
  readonly archive: BundleArchive;
  readonly knobs: KnobsPort;
  readonly reports: RedteamReportSource;
  readonly audit: AuditPort;
  readonly anomalies: AnomalyRing;
  /** The alert outbox (GET /api/v1/alerts); undefined: no alert is listed. */
  readonly alerts?: AlertHistory | undefined;
  /** The dashboard's built files; default `dist/dashboard` of this package (adapters/dashboard-dir.ts). */
  readonly dashboard?: DashboardFiles;
  /** A fresh unique id (missed-attack reports). */
  newId(): string;
  /** Background failures (a kicked command poll). */
  onError(error: Error): void;
  /** Called after the API changed an incident (feedback, a missed attack): the SLIs re-read. */
  incidentsChanged(): void;
}
