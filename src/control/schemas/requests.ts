/**
 * @module control/schemas/requests
 * Path parameters, query strings and request bodies of the control-plane routes (zod v4).
 * Objects are strict: an unknown field is an error that names it.
 */
import { z } from 'zod';
import { knobsSchema } from '../../config/index.js';
import { epochMsField, limitField, nameField, severityField } from './common.js';

export const modelParams = z.strictObject({ model: nameField });
export const incidentParams = z.strictObject({ id: z.string().min(1).max(200) });
export const bundleParams = z.strictObject({ id: z.string().min(1).max(200).describe('bundle digest, unique digest prefix (8+ hex characters), or incident id') });
export const reportParams = z.strictObject({ digest: z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected a sha256 digest: 64 lower-case hex characters' }) });

export const anomaliesQuery = z.strictObject({
  model: nameField.optional(),
  severity: severityField.optional(),
  since: z.coerce.number().int().min(0).optional().describe('only anomalies detected at or after this time (ms since the epoch)'),
  limit: limitField,
});

export const incidentsQuery = z.strictObject({
  model: nameField.optional(),
  kind: z.enum(['detected', 'missed']).optional(),
  limit: limitField,
});

export const bundlesQuery = z.strictObject({
  model: nameField.optional(),
  incident: z.string().min(1).optional().describe('only the bundles of this incident'),
  limit: limitField,
});

export const bundleQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0).describe('first event returned'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000).describe('events returned (default 1000, at most 10000)'),
});

export const alertsQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'dead']).optional().describe('only deliveries in this status (pending: not yet acknowledged by the sink; dead: given up)'),
  limit: limitField,
});

export const reportsQuery = z.strictObject({ model: nameField.optional(), version: nameField.optional() });

export const eventsQuery = z.strictObject({
  types: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, { message: 'expected a comma-separated list such as anomaly,route_change' })
    .optional()
    .describe('only these event types (comma-separated); all when absent'),
  model: nameField.optional().describe('only events about this model'),
  access_token: z.string().optional().describe('the bearer token, for browsers whose EventSource cannot send headers'),
  lastEventId: z.string().max(100).optional().describe('resume after this event id (as the Last-Event-ID header)'),
});

const reason = z.string().trim().min(1, { message: 'must not be empty: it goes to the audit log' }).max(2_000);

export const approveBody = z.strictObject({
  version: nameField.describe('the version to roll forward to (declared in bulwark.yaml; not the LKG)'),
  reason,
});

export const unfreezeBody = z.strictObject({ reason });

export const feedbackBody = z.strictObject({
  verdict: z.enum(['true_positive', 'false_positive', 'inconclusive']),
  note: z.string().max(2_000).optional(),
});

export const missedBody = z.strictObject({
  kind: z.literal('missed').describe('an attack bulwark did not detect (counts against recall)'),
  model: nameField,
  version: nameField.describe('the version that served the attack'),
  onsetAt: epochMsField.describe('when the attack started (ms since the epoch)'),
  severity: severityField.default('page'),
  note: z.string().max(2_000).optional(),
});

/** PUT /api/v1/knobs takes the knobs document itself (the schema of the knobs file). */
export const knobsBody = knobsSchema;

export type ApproveBody = z.output<typeof approveBody>;
export type FeedbackBody = z.output<typeof feedbackBody>;
export type MissedBody = z.output<typeof missedBody>;
