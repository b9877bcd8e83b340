/**
 * @module control/routes/meta
 * Routes about the API itself: liveness, the OpenAPI document, and the event stream
 * (Server-Sent Events; the ControlPlane serves it, this entry documents it and checks its
 * role and query like any other route).
 */
import { z } from 'zod';
import { defineRoute } from '../router.js';
import type { AnyRoute } from '../router.js';
import { eventsQuery } from '../schemas/requests.js';
import { healthSchema } from '../schemas/responses.js';
import { STREAM_EVENT_TYPES } from '../sse/event-types.js';

/** Path of the event stream. */
export const EVENTS_PATH = '/api/v1/events';

/**
 * The meta routes; `document` gives the OpenAPI document (built from the whole table).
 *
 * @example
 * metaRoutes(() => openApiDocument(table));
 */
export function metaRoutes(document: () => unknown): readonly AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/healthz',
      access: 'public',
      operationId: 'healthz',
      summary: 'The control plane is live.',
      tag: 'meta',
      responses: { 200: { description: 'live', schema: healthSchema } },
      handle: async () => ({ status: 200, body: { status: 'live' } }),
    }),
    defineRoute({
      method: 'GET',
      path: '/openapi.json',
      access: 'public',
      operationId: 'openapi',
      summary: 'This API as an OpenAPI 3.1 document.',
      tag: 'meta',
      responses: { 200: { description: 'the OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
      handle: async () => ({ status: 200, body: document() }),
    }),
    defineRoute({
      method: 'GET',
      path: EVENTS_PATH,
      access: 'viewer',
      operationId: 'streamEvents',
      summary: `Server-Sent Events: ${STREAM_EVENT_TYPES.join(', ')}. Resumes after Last-Event-ID from a bounded replay buffer; heartbeats every 15 s; slow clients are dropped.`,
      tag: 'events',
      query: eventsQuery,
      stream: true,
      responses: { 200: { description: 'an event stream (`id:`, `event:`, `data:` JSON); see docs/control-plane.md for the payloads', contentType: 'text/event-stream' } },
    }),
  ];
}
