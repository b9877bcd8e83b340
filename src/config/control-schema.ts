/**
 * @module config/control-schema
 * The `control:` section of `bulwark.yaml`: bearer tokens of the control-plane API (stored
 * as sha256 digests, like API keys, each with a role), CORS origins (none by default: no
 * Access-Control headers at all) and the largest request body the API accepts.
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS } from './defaults.js';
import { nameSchema, sha256Schema } from './fields.js';

const D = CONFIG_DEFAULTS.control;

/** Roles of control-plane tokens, weakest first: each role may do what the ones before it may. */
export const CONTROL_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ControlRole = (typeof CONTROL_ROLES)[number];

const tokenSchema = z.strictObject({
  id: nameSchema.describe('shown in the audit log as the actor of what the token does'),
  sha256: sha256Schema.describe('sha256 (hex) of the token; the token itself is never stored'),
  role: z.enum(CONTROL_ROLES).describe('viewer: read; operator: also approve, unfreeze, feedback; admin: also knobs'),
});

const ORIGIN = /^https?:\/\/[^/\s]+$/;

const corsSchema = z.strictObject({
  origins: z
    .array(z.string().regex(ORIGIN, { message: 'expected an origin such as https://dashboard.example.com (scheme and host, no path)' }))
    .default([])
    .describe('browser origins allowed to call the API; empty: CORS off (no Access-Control headers)'),
});

/**
 * The `control:` section.
 *
 * @example
 * controlSchema.parse({ tokens: [{ id: 'alice', sha256: 'ab…', role: 'operator' }] }).cors.origins; // []
 */
export const controlSchema = z
  .strictObject({
    tokens: z.array(tokenSchema).default([]).describe('bearer tokens of the control-plane API; none: every route but /healthz and /openapi.json answers 401'),
    cors: corsSchema.prefault({}),
    maxBodyBytes: z.int().min(1).default(D.maxBodyBytes).describe('largest accepted request body of the control-plane API, bytes'),
  })
  .superRefine((control, ctx) => {
    const ids = new Map<string, number>();
    const digests = new Map<string, number>();
    control.tokens.forEach((token, index) => {
      const sameId = ids.get(token.id);
      if (sameId !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', index, 'id'], message: `duplicate token id "${token.id}" (also tokens[${sameId}])` });
      else ids.set(token.id, index);
      const sameDigest = digests.get(token.sha256);
      if (sameDigest !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', index, 'sha256'], message: `same digest as tokens[${sameDigest}]` });
      else digests.set(token.sha256, index);
    });
  })
  .describe('the control-plane API (REST + SSE) on server.control');
