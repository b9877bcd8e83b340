/**
 * @module config/checks
 * Plumbing for cross-field checks: checks are pure functions returning problems (path
 * relative to the schema they are attached to), attached with superRefine and a `when`
 * guard so each runs as soon as the parts it reads are valid. A type error in one part
 * then does not hide a cross-field problem in another.
 */
import type { z } from 'zod';

/** One cross-field problem. */
export interface Problem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * Adapts a pure check to a superRefine callback.
 *
 * @example
 * schema.superRefine(report(checkRoute), { when: partsValid({ route: routeSchema }) });
 */
export function report<T>(check: (value: T) => Problem[]): (value: T, ctx: z.RefinementCtx<T>) => void {
  return (value, ctx) => {
    for (const problem of check(value)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  };
}

/**
 * A `when` guard: true when every named part of the value parses with its schema. Parsed
 * parts are valid inputs again (defaults filled, inspectors normalised), so re-parsing
 * them is safe.
 *
 * @example
 * partsValid({ versions: versionsSchema, route: routeSchema });
 */
export function partsValid(parts: Record<string, z.ZodType>): (payload: { value: unknown }) => boolean {
  return ({ value }) => {
    if (value === null || typeof value !== 'object') return false;
    const record = value as Record<string, unknown>;
    return Object.entries(parts).every(([key, schema]) => schema.safeParse(record[key]).success);
  };
}
