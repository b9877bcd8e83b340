/**
 * @module rollback
 * Public surface of the rollback context: the orchestrator (the async shell around the
 * breaker), forensics (ring, gateway hook, bundles, archive), untrusted-window marking and
 * export, containment, alerts, operator commands, and the ports adapters implement.
 */
export { RollbackOrchestrator } from './orchestrator.js';
export type { DecisionResult, OrchestratorOptions } from './orchestrator.js';
export { rollbackErrors } from './errors.js';
export type { RollbackErrorCode } from './errors.js';
export { ROLLBACK_DEFAULTS } from './defaults.js';
export { hasRollbackRules, rollbackSettings } from './settings.js';
export type { ModelRollbackSettings } from './settings.js';
export { ForensicRing, ForensicRings, RingSnapshot } from './forensics/ring.js';
export type { RingEntry } from './forensics/ring.js';
export { FORENSIC_RING_INTERCEPTOR, forensicRingInterceptor } from './forensics/ring-interceptor.js';
export { buildBundle, decodeBundle, encodeBundle } from './forensics/bundle.js';
export type { BundleInput } from './forensics/bundle.js';
export { ForensicArchive } from './forensics/archive.js';
export { markUntrusted, runUntrustedSql, untrustedRows, untrustedWindow } from './untrusted/marker.js';
export type { MarkRequest } from './untrusted/marker.js';
export { UNTRUSTED_COLUMNS, UNTRUSTED_FORMATS, formatUntrusted, untrustedRecord } from './untrusted/export.js';
export type { UntrustedFormat } from './untrusted/export.js';
export { untrustedPayload } from './effects/untrusted-effect.js';
export { CONTAINMENT_INTERCEPTOR, ContainmentList, containmentInterceptor } from './containment.js';
export type { ContainedKey, ContainmentMode } from './containment.js';
export { InProcessAlertSink } from './alerts.js';
export { RegistryQuarantine } from './registry-port.js';
export { enqueueCommand, persistedState, requestOperatorCommand, waitForCommand } from './commands.js';
export { loadIncident } from './incident-view.js';
export type { IncidentView, IncidentViewStores } from './incident-view.js';
export type { CommandStores, OperatorCommand } from './commands.js';
export { CanaryMonitor, stepVerdict } from './canary.js';
export type { CanaryHealth, StepStats, StepVerdict } from './canary.js';
export { canaryVersions, routeForState } from './route-plan.js';
export { incidentIdFor } from './incidents.js';
export { backoffMs, httpVerdict, retry } from './retry.js';
export type { AttemptResult, RetryOutcome, RetryPolicy } from './retry.js';
export { deliverWebhook, safeOrigin } from './webhook.js';
export type { WebhookDeps, WebhookMessage } from './webhook.js';
export type {
  AlertSink,
  AuditPort,
  BreakerWal,
  BundleFiles,
  CommandQueue,
  ContainmentPort,
  ErrorHandler,
  ForensicIndexStore,
  HttpPoster,
  IncidentStore,
  LedgerPort,
  PostResult,
  QuarantineResult,
  RegistryPort,
  RollbackStores,
  RouteSwitchMeta,
  RouteSwitchPort,
  SqlRunner,
  Timers,
} from './ports.js';
export type {
  AnomalyContext,
  AnomalyInput,
  BundleEvent,
  ForensicBundle,
  ForensicIndexEntry,
  Incident,
  IncidentFeedback,
  IncidentPatch,
  IncidentState,
  QueuedCommand,
  RollbackAlert,
  VersionFacts,
  WalCommand,
  WalContext,
  WalRecord,
} from './types.js';
