/**
 * @module control/routes/incidents
 * Incidents (one per anomaly that moved a breaker), with the operator's verdict on each
 * (true or false positive: detection precision), and attacks bulwark missed, reported by an
 * operator as incidents of kind `missed` (detection recall). Every write is audit-logged
 * under the token id.
 */
import { z } from 'zod';
import { loadIncident, rollbackErrors } from '../../rollback/index.js';
import type { Incident } from '../../rollback/index.js';
import { controlErrors } from '../errors.js';
import { defineRoute } from '../router.js';
import type { AnyRoute, Principal } from '../router.js';
import type { ControlServices } from '../services.js';
import { CONTROL_DEFAULTS } from '../defaults.js';
import { feedbackBody, incidentParams, incidentsQuery, missedBody } from '../schemas/requests.js';
import type { FeedbackBody, MissedBody } from '../schemas/requests.js';
import { incidentDetailSchema, incidentSchema } from '../schemas/responses.js';
import { MISSED_PREFIX, incidentKind } from '../sli/feedback-stats.js';
import { incidentRunbookViews } from '../runbook-views.js';
import { incidentView } from '../views.js';
import type { IncidentView } from '../views.js';
import { requireModel } from './models.js';

const TAG = 'incidents';

/** Incidents as the API shows them: with their kind and runbooks (the breakers and recent anomalies read once). */
function viewer(services: ControlServices): (incident: Incident) => IncidentView {
  const config = services.config();
  const recent = new Map(services.anomalies.list({ limit: CONTROL_DEFAULTS.anomalyRing }).map((a) => [a.id, a]));
  const ctx = { config, breaker: (model: string) => services.breakers?.state(model), anomaly: (id: string) => recent.get(id) };
  return (incident) => incidentView(incident, incidentRunbookViews(incident, ctx));
}

async function giveFeedback(services: ControlServices, actor: string, id: string, body: FeedbackBody): Promise<Incident> {
  const incident = await services.rollback.incidents.get(id);
  if (incident === undefined) throw rollbackErrors.error('RBK_ERR_UNKNOWN_INCIDENT', `no incident "${id}"`, { id });
  if (incidentKind(incident) === 'missed') throw controlErrors.error('API_ERR_CONFLICT', `incident "${id}" is a reported missed attack: there is no detection to judge`, { id });
  const at = services.clock.now();
  const feedback = { verdict: body.verdict, ...(body.note === undefined ? {} : { note: body.note }), actor, at };
  const updated = await services.rollback.incidents.update(id, { feedback, updatedAt: at });
  if (updated === undefined) throw rollbackErrors.error('RBK_ERR_UNKNOWN_INCIDENT', `no incident "${id}"`, { id });
  await services.audit.record({ actor, action: 'incident.feedback', target: `incident:${id}`, details: { model: incident.model, verdict: body.verdict, ...(body.note === undefined ? {} : { note: body.note }), previous: incident.feedback?.verdict ?? null } });
  services.incidentsChanged();
  return updated;
}

async function reportMissed(services: ControlServices, actor: string, body: MissedBody): Promise<Incident> {
  requireModel(services, body.model);
  const model = services.config().models[body.model];
  const declared = Object.keys(model?.versions ?? {});
  const now = services.clock.now();
  const problems = [
    ...(declared.includes(body.version) ? [] : [{ path: 'body.version', message: `version "${body.version}" is not declared for ${body.model} (declared: ${declared.join(', ')})` }]),
    ...(body.onsetAt <= now ? [] : [{ path: 'body.onsetAt', message: 'is in the future' }]),
  ];
  if (problems.length > 0) throw controlErrors.error('API_ERR_INVALID_REQUEST', problems.map((p) => `${p.path}: ${p.message}`).join('; '), { problems });
  const id = `${MISSED_PREFIX}${services.newId()}`;
  const incident: Incident = {
    id,
    model: body.model,
    anomaly: { id, rule: 'missed', version: body.version, severity: body.severity, action: 'alert', onset: body.onsetAt },
    state: 'resolved',
    suspect: body.version,
    lkg: model?.route.lkg ?? body.version,
    onsetAt: body.onsetAt,
    // Detected by a human, now: the gap is what bulwark failed to shorten.
    detectedAt: now,
    openedAt: now,
    timeToDetectMs: Math.max(0, now - body.onsetAt),
    untrusted: null,
    updatedAt: now,
  };
  const { incident: stored } = await services.rollback.incidents.open(incident);
  await services.audit.record({ actor, action: 'incident.missed', target: `model:${body.model}`, details: { incidentId: id, version: body.version, onsetAt: body.onsetAt, severity: body.severity, ...(body.note === undefined ? {} : { note: body.note }) } });
  services.incidentsChanged();
  return stored;
}

/** The incident routes. */
export const incidentRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/incidents',
    access: 'viewer',
    operationId: 'listIncidents',
    summary: 'Incidents, newest first: what fired, what was done, how fast, and the verdict.',
    tag: TAG,
    query: incidentsQuery,
    responses: { 200: { description: 'incidents', schema: z.object({ incidents: z.array(incidentSchema) }) } },
    handle: async ({ services, query }) => {
      const limit = query.kind === undefined ? query.limit : CONTROL_DEFAULTS.maxListLimit;
      const list = await services.rollback.incidents.list({ ...(query.model === undefined ? {} : { model: query.model }), limit });
      const incidents = list.map(viewer(services)).filter((i) => query.kind === undefined || i.kind === query.kind).slice(0, query.limit);
      return { status: 200, body: { incidents } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/incidents',
    access: 'operator',
    operationId: 'reportMissedAttack',
    summary: 'Report an attack bulwark did not detect (kind `missed`): it counts against detection recall.',
    tag: TAG,
    body: missedBody,
    responses: { 201: { description: 'the recorded incident', schema: incidentSchema } },
    handle: async ({ services, principal, body }) => ({ status: 201, body: viewer(services)(await reportMissed(services, (principal as Principal).tokenId, body)) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/incidents/{id}',
    access: 'viewer',
    operationId: 'getIncident',
    summary: 'One incident with the breaker decisions that belong to it and its forensic bundle.',
    tag: TAG,
    params: incidentParams,
    responses: { 200: { description: 'the incident', schema: incidentDetailSchema } },
    handle: async ({ services, params }) => {
      const view = await loadIncident(services.rollback, params.id);
      return { status: 200, body: { incident: viewer(services)(view.incident), decisions: view.decisions, bundle: view.bundle === null ? null : { digest: view.bundle.digest, bytes: view.bundle.bytes } } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/incidents/{id}/feedback',
    access: 'operator',
    operationId: 'giveIncidentFeedback',
    summary: "An operator's verdict on a detection: true_positive, false_positive (or inconclusive); replaces an earlier one, audit-logged.",
    tag: TAG,
    params: incidentParams,
    body: feedbackBody,
    responses: { 200: { description: 'the incident with its feedback', schema: incidentSchema }, 409: { description: 'a reported missed attack takes no verdict' } },
    handle: async ({ services, principal, params, body }) => ({ status: 200, body: viewer(services)(await giveFeedback(services, (principal as Principal).tokenId, params.id, body)) }),
  }),
];
