/**
 * @module control
 * Public surface of the control plane: the ControlPlane server (REST under /api/v1, the
 * Server-Sent Events stream, /openapi.json, /healthz), the ports it declares, the route
 * table, the role permissions and the OpenAPI generator, the runbook and alert views, the
 * knobs-file and red-team-report adapters, the SLI metrics, the dashboard's static routes
 * and their files, and the error catalog with its HTTP status table. See
 * docs/control-plane.md.
 */
export { ControlPlane } from './control-plane.js';
export type { ControlPlaneOptions, StreamLimits } from './control-plane.js';
export type { ControlServices } from './services.js';
export { controlErrors } from './errors.js';
export type { ControlErrorCode } from './errors.js';
export { CONTROL_HTTP_STATUS, FOREIGN_HTTP_STATUS, controlStatusForCode } from './http-status.js';
export { CONTROL_DEFAULTS } from './defaults.js';
export { TokenIndex, authorize, presentedToken, roleAllows } from './auth.js';
export type { Authorization } from './auth.js';
export { ACTION_OPERATIONS, permissionsOf } from './permissions.js';
export type { ControlAction, Permissions } from './permissions.js';
export { breakerRunbookView, incidentRunbookViews, runbookView } from './runbook-views.js';
export type { RunbookContext, RunbookView } from './runbook-views.js';
export { alertViews } from './alert-views.js';
export type { AlertDeliveryView, AlertView } from './alert-views.js';
export { corsHeaders, preflightHeaders } from './cors.js';
export { controlRoutes } from './routes/table.js';
export { EVENTS_PATH } from './routes/meta.js';
export { defineRoute, matchRoute } from './router.js';
export type { AnyRoute, HandlerContext, Principal, Reply, RouteAccess, RouteDef, RouteMatch } from './router.js';
export { API_VERSION, OPENAPI_FILE, openApiDocument, renderOpenApi } from './openapi.js';
export { AnomalyRing } from './anomaly-ring.js';
export type { AnomalyFilter } from './anomaly-ring.js';
export { EventHub, sseFrame } from './sse/event-hub.js';
export type { Replay, StreamEvent } from './sse/event-hub.js';
export { STREAM_EVENT_TYPES, isStreamEventType } from './sse/event-types.js';
export type { StreamEventType } from './sse/event-types.js';
export { eventId, planResume } from './sse/resume.js';
export type { GapReason, ResumePlan } from './sse/resume.js';
export { StreamSet } from './sse/stream-set.js';
export type { StreamStats } from './sse/stream-set.js';
export { SliMetrics, SLI_METRIC_NAMES, INCIDENT_SECONDS_BUCKETS } from './sli/sli-metrics.js';
export type { SliMetricsDeps } from './sli/sli-metrics.js';
export { ALL_MODELS, MISSED_PREFIX, feedbackCounts, incidentKind, precision, recall } from './sli/feedback-stats.js';
export type { FeedbackCounts, IncidentKind } from './sli/feedback-stats.js';
export { isFlagged, isQuery } from './sli/query-flags.js';
export { SlidingRate } from './sli/sliding-rate.js';
export { REDTEAM_SLI_METRIC_NAMES, REDTEAM_SLI_REFRESH_MS, RedteamSli } from './sli/redteam-sli.js';
export type { RedteamSliDeps } from './sli/redteam-sli.js';
export { adversarialObservation, entryFor, latestPerVersion, redteamFigures } from './sli/redteam-figures.js';
export type { AdversarialObservation, LoadedReport, RedteamFigures, VersionStatusLike } from './sli/redteam-figures.js';
export { redactBundle } from './redaction.js';
export type { RedactedBundle } from './redaction.js';
export { registryReports } from './redteam-reports.js';
export { KnobsFile } from './adapters/knobs-file.js';
export { DashboardDir, defaultDashboardDir } from './adapters/dashboard-dir.js';
export { DASHBOARD_CSP, dashboardRoutes, staticHeaders } from './routes/dashboard.js';
export type {
  AlertFeed,
  AlertHistory,
  AlertLike,
  AnomalyFeed,
  BreakerView,
  BundleArchive,
  DashboardFiles,
  ErrorHandler,
  KnobChangeLike,
  KnobsPort,
  KnobsSourceInfo,
  QueryFeed,
  RedteamReportRef,
  RedteamReportSource,
  RouteView,
  Timers,
  VersionCatalog,
} from './ports.js';
