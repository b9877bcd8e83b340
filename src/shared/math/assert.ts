/**
 * @module shared/math/assert
 * Internal invariants (STYLE: "internal invariants use assert"). Not for caller mistakes, which
 * get a RangeError or TypeError naming the argument. Pure: no import of node:assert, so the
 * math stays usable in the dashboard's browser build.
 */

/** Throws an `Error` tagged as a bug when `condition` is false. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`bulwark math invariant violated: ${message}`);
}
