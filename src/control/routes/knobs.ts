/**
 * @module control/routes/knobs
 * Knobs (thresholds, windows, sensitivities tuned without a restart): read, and replaced
 * as a whole by an admin. The body is validated with the knobs file's own schema (errors
 * name the field: `body.rules["fraud/extraction"].window: …`), then the file is written
 * atomically, so the running FileKnobsSource picks it up like a hand edit; the change is
 * audit-logged under the token id. Knob keys matching no rule are reported, not refused
 * (as for the file).
 */
import { unknownKnobs } from '../../config/index.js';
import type { Knobs } from '../../config/index.js';
import { controlErrors } from '../errors.js';
import { defineRoute } from '../router.js';
import type { AnyRoute, Principal } from '../router.js';
import type { ControlServices } from '../services.js';
import { knobsBody } from '../schemas/requests.js';
import { knobsDocumentSchema, knobsUpdateSchema } from '../schemas/responses.js';

function describe(services: ControlServices, knobs: Knobs): Record<string, unknown> {
  const source = services.knobs.source();
  return { source: source.kind, path: source.kind === 'file' ? source.path : null, knobs, unknown: unknownKnobs(services.config(), knobs) };
}

/** The knobs routes. */
export const knobsRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/knobs',
    access: 'viewer',
    operationId: 'getKnobs',
    summary: 'The knobs document in force, and knob keys that match nothing in the config.',
    tag: 'knobs',
    responses: { 200: { description: 'the knobs', schema: knobsDocumentSchema } },
    handle: async ({ services }) => ({ status: 200, body: describe(services, await services.knobs.read()) }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/v1/knobs',
    access: 'admin',
    operationId: 'putKnobs',
    summary: 'Replace the knobs document (validated like the knobs file, written atomically, hot-reloaded, audit-logged).',
    tag: 'knobs',
    body: knobsBody,
    responses: { 200: { description: 'the knobs now in the file, and what changed', schema: knobsUpdateSchema }, 409: { description: 'the knobs source is not a file (API_ERR_KNOBS_READ_ONLY)' } },
    handle: async ({ services, principal, body }) => {
      const source = services.knobs.source();
      if (source.kind !== 'file') throw controlErrors.error('API_ERR_KNOBS_READ_ONLY', `knobs come from ${source.kind}: update them there`, { source: source.kind });
      const knobs = body as Knobs;
      const { changes } = await services.knobs.replace(knobs, (principal as Principal).tokenId);
      return { status: 200, body: { ...describe(services, knobs), changes } };
    },
  }),
];
