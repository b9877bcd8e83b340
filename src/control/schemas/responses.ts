/**
 * @module control/schemas/responses
 * The response bodies of the control-plane routes, for the OpenAPI document (and the
 * dashboard's generated client). Nested records that other contexts own (breaker states,
 * forensic bundles, WAL records) are described by their stable fields and stay open.
 */
import { z } from 'zod';
import { CONTROL_ROLES, knobsSchema } from '../../config/index.js';
import { epochMsField, severityField } from './common.js';

const routeSpec = z.object({
  active: z.string(),
  lkg: z.string().optional(),
  weights: z.record(z.string(), z.number()).optional(),
  shadow: z.object({ version: z.string(), percent: z.number() }).optional(),
});

export const routeTableSchema = routeSpec.extend({ epoch: z.int().describe('increases at every switch') }).meta({ id: 'RouteTable' });

export const breakerStateSchema = z
  .looseObject({
    kind: z.enum(['steady', 'rolling_back', 'rolled_back', 'rolling_forward', 'frozen']),
    model: z.string(),
    lkg: z.string(),
    since: epochMsField,
  })
  .meta({ id: 'BreakerState', description: 'the per-model breaker state (docs/rollback.md); more fields by kind' });

export const runbookSchema = z
  .object({
    id: z.string().describe('the page docs/runbooks/<id>.md'),
    title: z.string(),
    path: z.string().describe('the page in the repository: docs/runbooks/<id>.md'),
    url: z.string().describe('<alerts.runbookBaseUrl>/<id>.md when set, else the repository path'),
  })
  .meta({ id: 'Runbook', description: 'a runbook page (src/alerts/runbooks.ts owns the ids and titles)' });

export const modelSchema = z
  .object({
    name: z.string(),
    protocol: z.string(),
    versions: z.array(z.string()).describe('declared in bulwark.yaml'),
    declaredRoute: routeSpec,
    route: routeTableSchema.nullable().describe('the route in force'),
    breaker: breakerStateSchema.nullable().describe('null: no rollback rule, so no breaker'),
    breakerRunbook: runbookSchema.nullable().describe('the runbook of a frozen breaker (loop-guard-freeze, lkg-unhealthy-canary); null when it is not frozen'),
  })
  .meta({ id: 'Model' });

export const versionSchema = z
  .object({
    record: z.looseObject({ model: z.string(), version: z.string(), artifact: z.object({ digest: z.string(), sizeBytes: z.number(), path: z.string() }), createdAt: epochMsField }),
    status: z.enum(['candidate', 'active', 'lkg', 'quarantined', 'retired']),
    history: z.array(z.looseObject({ seq: z.int(), status: z.string(), at: epochMsField, actor: z.string() })),
    documents: z.array(z.looseObject({ kind: z.string(), digest: z.string(), attachedAt: epochMsField, actor: z.string() })),
  })
  .meta({ id: 'Version', description: 'a registry record with its status history and attached documents' });

export const anomalySchema = z
  .looseObject({
    id: z.string(),
    kind: z.enum(['rule', 'extraction_suspected', 'evaluation_errors']),
    model: z.string(),
    version: z.string(),
    rule: z.string(),
    condition: z.string(),
    observed: z.number().optional(),
    expected: z.number().optional(),
    onset: epochMsField,
    detectedAt: epochMsField,
    timeToDetectMs: z.number(),
    severity: severityField,
    action: z.enum(['rollback', 'alert', 'contain']),
    dryRun: z.boolean(),
    sampleRequestIds: z.array(z.string()),
    apiKeys: z.array(z.string()),
  })
  .meta({ id: 'Anomaly' });

const alertClassField = z.enum(['page', 'ticket', 'info']);

export const alertDeliverySchema = z
  .object({
    sink: z.string().describe('the sink id (`<kind>-<8 hex of its target>`)'),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.int(),
    nextAttemptAt: epochMsField,
    lastStatus: z.int().nullable().describe('HTTP status of the last attempt (0: network error)'),
    lastError: z.string().nullable(),
    deliveredAt: epochMsField.nullable(),
    updatedAt: epochMsField,
  })
  .meta({ id: 'AlertDelivery' });

export const alertSchema = z
  .looseObject({
    key: z.string().describe('the delivery key (`<dedupeKey>:<stage>`), unique per notification'),
    dedupeKey: z.string().describe('names the alert: shared by its trigger and its resolve'),
    type: z.enum(['alert', 'group', 'summary']),
    action: z.enum(['trigger', 'resolve']),
    severity: alertClassField,
    summary: z.string(),
    source: z.enum(['anomaly', 'incident', 'slo', 'policy']),
    kind: z.string(),
    model: z.string(),
    rule: z.string(),
    version: z.string().optional(),
    apiKeys: z.array(z.string()),
    incidentId: z.string().optional(),
    automatedAction: z.enum(['rollback', 'freeze', 'contain', 'revert']).optional().describe('what bulwark did on its own'),
    count: z.int().describe('occurrences this notification stands for'),
    firstSeenAt: epochMsField,
    at: epochMsField.describe('when the notification was made'),
    runbook: runbookSchema,
    related: z.array(runbookSchema),
    details: z.record(z.string(), z.unknown()),
    queuedAt: epochMsField.describe('when it entered the outbox'),
    deliveries: z.array(alertDeliverySchema).describe('one per sink it was routed to (with `status`: those in that status)'),
  })
  .meta({ id: 'Alert', description: 'an alert notification as the alerting context sent it (docs/alerting.md), with its deliveries' });

export const incidentSchema = z
  .looseObject({
    id: z.string(),
    kind: z.enum(['detected', 'missed']).describe('missed: an attack an operator reported that bulwark did not detect'),
    model: z.string(),
    state: z.enum(['rolling_back', 'mitigated', 'frozen', 'resolved']),
    suspect: z.string(),
    lkg: z.string(),
    anomaly: z.looseObject({ id: z.string(), rule: z.string(), version: z.string(), severity: severityField }),
    onsetAt: epochMsField,
    detectedAt: epochMsField,
    openedAt: epochMsField,
    mitigatedAt: epochMsField.optional(),
    timeToDetectMs: z.number(),
    timeToMitigateMs: z.number().optional(),
    bundleDigest: z.string().optional(),
    feedback: z.object({ verdict: z.enum(['true_positive', 'false_positive', 'inconclusive']), note: z.string().optional(), actor: z.string(), at: epochMsField }).optional(),
    updatedAt: epochMsField,
    runbooks: z.array(runbookSchema).describe('most relevant first: what fired, the freeze page when the breaker froze on this incident, the untrusted-window follow-up after a rollback'),
  })
  .meta({ id: 'Incident' });

export const incidentDetailSchema = z
  .object({
    incident: incidentSchema,
    decisions: z.array(z.looseObject({ model: z.string(), seq: z.int(), at: epochMsField })).describe('breaker decisions that mention the incident\'s anomaly'),
    bundle: z.object({ digest: z.string(), bytes: z.int() }).nullable(),
  })
  .meta({ id: 'IncidentDetail' });

export const bundleEntrySchema = z
  .object({ digest: z.string(), model: z.string(), anomalyId: z.string(), incidentId: z.string(), createdAt: epochMsField, bytes: z.int() })
  .meta({ id: 'BundleEntry' });

export const bundleSchema = z
  .object({
    entry: bundleEntrySchema,
    bundle: z.looseObject({ format: z.literal('bulwark.forensics/v1'), model: z.string(), incidentId: z.string(), redactedPii: z.literal(true), storedRedactedPii: z.boolean(), events: z.array(z.looseObject({ requestId: z.string(), input: z.string() })) }),
    events: z.object({ offset: z.int(), limit: z.int(), total: z.int() }),
  })
  .meta({ id: 'Bundle', description: 'a forensic bundle with PII redacted in every request body, whatever the stored policy; `events` is one page' });

export const commandSchema = z
  .object({
    id: z.int(),
    model: z.string(),
    command: z.union([z.object({ type: z.literal('approve'), version: z.string() }), z.object({ type: z.literal('unfreeze') })]),
    actor: z.string(),
    reason: z.string(),
    createdAt: epochMsField,
    status: z.enum(['pending', 'applied', 'rejected']),
    settledAt: epochMsField.nullable(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'QueuedCommand' });

export const knobChangeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });

export const knobsDocumentSchema = z
  .object({
    source: z.enum(['file', 'redis', 'etcd']),
    path: z.string().nullable().describe('the knobs file (file source)'),
    knobs: knobsSchema,
    unknown: z.array(z.string()).describe('knob keys that match no rule or inspector of the config'),
  })
  .meta({ id: 'KnobsDocument' });

export const knobsUpdateSchema = knobsDocumentSchema.extend({ changes: z.array(knobChangeSchema) }).meta({ id: 'KnobsUpdate' });

export const reportRefSchema = z
  .object({ model: z.string(), version: z.string(), digest: z.string(), attachedAt: epochMsField, actor: z.string() })
  .meta({ id: 'RedteamReportRef' });

export const reportSchema = z.object({ ref: reportRefSchema, mediaType: z.string(), report: z.unknown() }).meta({ id: 'RedteamReport' });

export const whoamiSchema = z
  .object({
    tokenId: z.string().describe('the id of the token under control.tokens (the actor in the audit log)'),
    role: z.enum(CONTROL_ROLES),
    can: z
      .object({
        approve: z.boolean().describe('POST /api/v1/models/{model}/approve'),
        unfreeze: z.boolean().describe('POST /api/v1/models/{model}/unfreeze'),
        giveFeedback: z.boolean().describe('POST /api/v1/incidents/{id}/feedback'),
        reportMissed: z.boolean().describe('POST /api/v1/incidents (a missed attack)'),
        editKnobs: z.boolean().describe('PUT /api/v1/knobs'),
      })
      .describe('what the role may do; the routes check it again'),
  })
  .meta({ id: 'Whoami' });

export const healthSchema = z.object({ status: z.literal('live') });
