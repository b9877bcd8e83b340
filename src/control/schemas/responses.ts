/**
 * @module control/schemas/responses
 * The response bodies of the control-plane routes, for the OpenAPI document (and the
 * dashboard's generated client). Nested records that other contexts own (breaker states,
 * forensic bundles, WAL records) are described by their stable fields and stay open.
 */
import { z } from 'zod';
import { knobsSchema } from '../../config/index.js';
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

export const modelSchema = z
  .object({
    name: z.string(),
    protocol: z.string(),
    versions: z.array(z.string()).describe('declared in bulwark.yaml'),
    declaredRoute: routeSpec,
    route: routeTableSchema.nullable().describe('the route in force'),
    breaker: breakerStateSchema.nullable().describe('null: no rollback rule, so no breaker'),
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

export const healthSchema = z.object({ status: z.literal('live') });
