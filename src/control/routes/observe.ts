/**
 * @module control/routes/observe
 * Read-only views: recent anomalies (in memory, bounded), recent alerts (the alert outbox:
 * each notification with its deliveries), forensic bundles (the index, and
 * one bundle with PII redacted whatever the stored policy, one page of events at a time),
 * and red-team reports (registry documents of kind `redteam-report`).
 */
import { z } from 'zod';
import { alertViews } from '../alert-views.js';
import { CONTROL_DEFAULTS } from '../defaults.js';
import { controlErrors } from '../errors.js';
import { redactBundle } from '../redaction.js';
import { defineRoute } from '../router.js';
import type { AnyRoute } from '../router.js';
import { alertsQuery, anomaliesQuery, bundleParams, bundleQuery, bundlesQuery, reportParams, reportsQuery } from '../schemas/requests.js';
import { alertSchema, anomalySchema, bundleEntrySchema, bundleSchema, reportRefSchema, reportSchema } from '../schemas/responses.js';
import { bundleEntryView } from '../views.js';

/** The read-only routes. */
export const observeRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/anomalies',
    access: 'viewer',
    operationId: 'listAnomalies',
    summary: 'Recent anomalies, newest first (a bounded in-memory ring; the incidents keep the ones that moved a breaker).',
    tag: 'anomalies',
    query: anomaliesQuery,
    responses: { 200: { description: 'anomalies', schema: z.object({ anomalies: z.array(anomalySchema) }) } },
    handle: async ({ services, query }) => ({ status: 200, body: { anomalies: services.anomalies.list(query) } }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/alerts',
    access: 'viewer',
    operationId: 'listAlerts',
    summary: 'Recent alert notifications, newest first, each with its delivery to every sink it was routed to (the durable alert outbox; notifications no sink takes are not kept).',
    tag: 'alerts',
    query: alertsQuery,
    responses: { 200: { description: 'alerts', schema: z.object({ alerts: z.array(alertSchema) }) } },
    handle: async ({ services, query }) => {
      if (services.alerts === undefined) return { status: 200, body: { alerts: [] } };
      // One row per notification and sink: read enough rows for `limit` notifications.
      const sinks = Math.max(1, services.config().alerts.sinks.length);
      const rows = await services.alerts.list({ order: 'newest', ...(query.status === undefined ? {} : { status: query.status }), limit: Math.min(query.limit * sinks, CONTROL_DEFAULTS.maxListLimit * CONTROL_DEFAULTS.alertRowsPerAlert) });
      return { status: 200, body: { alerts: alertViews(rows, query.limit) } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/forensics',
    access: 'viewer',
    operationId: 'listBundles',
    summary: 'The forensic bundle index, newest first.',
    tag: 'forensics',
    query: bundlesQuery,
    responses: { 200: { description: 'bundle index entries', schema: z.object({ bundles: z.array(bundleEntrySchema) }) } },
    handle: async ({ services, query }) => {
      const entries = await services.rollback.forensics.list({ ...(query.model === undefined ? {} : { model: query.model }), ...(query.incident === undefined ? {} : { incidentId: query.incident }), limit: query.limit });
      return { status: 200, body: { bundles: entries.map(bundleEntryView) } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/forensics/{id}',
    access: 'viewer',
    operationId: 'getBundle',
    summary: 'One forensic bundle (checked against its digest), PII redacted in every request body whatever the stored policy.',
    tag: 'forensics',
    params: bundleParams,
    query: bundleQuery,
    responses: { 200: { description: 'the bundle, one page of events', schema: bundleSchema } },
    handle: async ({ services, params, query }) => {
      const entry = await services.archive.resolve(params.id);
      const bundle = await services.archive.read(entry);
      const pause = (): Promise<void> => new Promise((resolve) => services.timers.setImmediate(resolve));
      const redacted = await redactBundle(bundle, query, pause);
      return { status: 200, body: { entry: bundleEntryView(entry), bundle: redacted, events: { offset: query.offset, limit: query.limit, total: bundle.events.length } } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/redteam/reports',
    access: 'viewer',
    operationId: 'listRedteamReports',
    summary: 'Red-team reports attached to versions in the registry (kind `redteam-report`).',
    tag: 'redteam',
    query: reportsQuery,
    responses: { 200: { description: 'reports, newest first', schema: z.object({ reports: z.array(reportRefSchema) }) } },
    handle: async ({ services, query }) => ({ status: 200, body: { reports: await services.reports.list(query) } }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/redteam/reports/{digest}',
    access: 'viewer',
    operationId: 'getRedteamReport',
    summary: 'One red-team report.',
    tag: 'redteam',
    params: reportParams,
    responses: { 200: { description: 'the report', schema: reportSchema } },
    handle: async ({ services, params }) => {
      const report = await services.reports.read(params.digest);
      if (report === undefined) throw controlErrors.error('API_ERR_NOT_FOUND', `no red-team report ${params.digest}`, { digest: params.digest });
      return { status: 200, body: report };
    },
  }),
];
