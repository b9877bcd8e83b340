/**
 * @module control/schemas/common
 * Field schemas shared by the control-plane routes: names in paths, list limits, times,
 * and the JSON error body every failure answers with.
 */
import { z } from 'zod';
import { CONTROL_DEFAULTS } from '../defaults.js';

/** Model, version and token names (as in the config and the registry). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A model or version name in a path or a body. */
export const nameField = z.string().regex(NAME_PATTERN, { message: 'expected 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit' });

/** `?limit=`: 1..maxListLimit, default listLimit. */
export const limitField = z.coerce
  .number()
  .int()
  .min(1)
  .max(CONTROL_DEFAULTS.maxListLimit)
  .default(CONTROL_DEFAULTS.listLimit)
  .describe(`at most this many (default ${CONTROL_DEFAULTS.listLimit}, at most ${CONTROL_DEFAULTS.maxListLimit})`);

/** Milliseconds since the Unix epoch. */
export const epochMsField = z.number().int().min(0).describe('milliseconds since the Unix epoch');

/** A severity of rules and anomalies. */
export const severityField = z.enum(['page', 'ticket', 'soft']);

/** One validation problem: the field path (`body.reason`) and what is wrong with it. */
export const problemSchema = z.object({ path: z.string(), message: z.string() });

/**
 * The body of every error response.
 *
 * @example
 * errorBodySchema.parse({ error: { code: 'API_ERR_FORBIDDEN', message: 'operator role required' } });
 */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('a stable code from docs/errors.md, e.g. API_ERR_UNAUTHORIZED'),
      message: z.string(),
      problems: z.array(problemSchema).optional().describe('API_ERR_INVALID_REQUEST: one entry per bad field'),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'ApiError' });
