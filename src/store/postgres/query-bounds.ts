/**
 * @module store/postgres/query-bounds
 * Turns the numbers the ports accept (any finite number, negative limits meaning "no
 * limit") into parameters PostgreSQL's `bigint` columns can compare with their index:
 * integers inside the safe range, the same rows selected as the float comparison would.
 */

/** 2^53: one past the largest safe integer, still exact as a double and inside bigint. */
const EDGE = 2 ** 53;

/**
 * `col >= x` and `col < x` select the same integers as `col >= ceil(x)` and `col < ceil(x)`;
 * clamped to ±2^53, past which no stored (safe-integer) value lies.
 *
 * @example
 * timeBound(1.5); // 2
 */
export function timeBound(x: number): number {
  return Math.max(-EDGE, Math.min(Math.ceil(x), EDGE));
}

/**
 * `seq > x` selects the same integers as `seq > floor(x)`; clamped like {@link timeBound}.
 *
 * @example
 * afterBound(2.5); // 2
 */
export function afterBound(x: number): number {
  return Math.max(-EDGE, Math.min(Math.floor(x), EDGE));
}

/**
 * A LIMIT parameter: `null` (no limit) for undefined or a negative number, as SQLite's
 * `LIMIT -1`; otherwise the limit, floored and capped at 2^53.
 *
 * @example
 * limitParam(undefined); // null
 */
export function limitParam(limit: number | undefined): number | null {
  if (limit === undefined || Number.isNaN(limit) || limit < 0) return null;
  return Math.min(Math.floor(limit), EDGE);
}
