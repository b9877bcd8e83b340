/**
 * @module redteam/feasibility
 * Checks rows against a {@link FeatureDomain}: the runner uses it to refuse clean inputs
 * that are already infeasible (no perturbation could then satisfy the constraints) and to
 * verify every adversarial example before it is reported; tests use it to show that each
 * attack's output satisfies the declared constraints. Pure.
 */
import type { FeatureDomain } from './constraints.js';

/** The rule a value breaks. */
export type ConstraintRule = 'bounds' | 'integer' | 'values' | 'one-hot' | 'immutable' | 'direction';

/** One broken rule: row, feature (the group's first member for one-hot), value. */
export interface Violation {
  readonly row: number;
  readonly feature: number;
  readonly rule: ConstraintRule;
  readonly value: number;
  /** The original value, for rules relative to it (immutable, direction). */
  readonly original?: number;
}

/**
 * Up to `limit` violations of `rows` rows of `x`; with `x0` (the originals, same layout)
 * also the relative rules (immutable, direction). Bounds are compared in float32, the
 * precision inputs are stored in.
 *
 * @example
 * findViolations(adv, rows, domain, x0); // [] when every row is feasible
 */
export function findViolations(x: Float32Array, rows: number, domain: FeatureDomain, x0?: Float32Array, limit = 20): Violation[] {
  const out: Violation[] = [];
  const n = domain.features;
  const lower = Float32Array.from(domain.lower);
  const upper = Float32Array.from(domain.upper);
  const push = (v: Violation): boolean => {
    out.push(v);
    return out.length >= limit;
  };
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    for (let j = 0; j < n; j++) {
      const v = x[off + j] as number;
      const o = x0?.[off + j];
      const rule = absoluteRule(domain, j, v, lower[j] as number, upper[j] as number) ?? (o === undefined ? undefined : relativeRule(domain, j, v, o));
      if (rule !== undefined && push({ row: r, feature: j, rule, value: v, ...(o === undefined ? {} : { original: o }) })) return out;
    }
    for (const members of domain.groups) {
      let ones = 0;
      let binary = true;
      for (const j of members) {
        const v = x[off + j] as number;
        if (v === 1) ones++;
        else if (v !== 0) binary = false;
      }
      if ((!binary || ones !== 1) && push({ row: r, feature: members[0] as number, rule: 'one-hot', value: ones })) return out;
    }
  }
  return out;
}

function absoluteRule(d: FeatureDomain, j: number, v: number, lower: number, upper: number): ConstraintRule | undefined {
  if (!(v >= lower && v <= upper)) return 'bounds';
  if (d.integer[j] === 1 && !Number.isInteger(v)) return 'integer';
  const allowed = d.values.get(j);
  if (allowed !== undefined && !allowed.some((a) => Math.fround(a) === v)) return 'values';
  return undefined;
}

function relativeRule(d: FeatureDomain, j: number, v: number, o: number): ConstraintRule | undefined {
  if (d.immutable[j] === 1 && v !== o) return 'immutable';
  if ((d.direction[j] === 1 && v < o) || (d.direction[j] === -1 && v > o)) return 'direction';
  return undefined;
}

/**
 * A one-line description of a violation, for error messages.
 *
 * @example
 * describeViolation({ row: 3, feature: 5, rule: 'integer', value: 2.5 }, ['a', 'b', 'c', 'd', 'e', 'age']);
 * // 'sample 3, feature "age" (5): 2.5 is not an integer'
 */
export function describeViolation(v: Violation, names?: readonly string[], domain?: FeatureDomain): string {
  const name = names?.[v.feature];
  const where = `sample ${v.row}, feature ${name === undefined ? v.feature : `"${name}" (${v.feature})`}`;
  switch (v.rule) {
    case 'bounds': return `${where}: ${v.value} is outside [${domain?.lower[v.feature] ?? '-inf'}, ${domain?.upper[v.feature] ?? 'inf'}]`;
    case 'integer': return `${where}: ${v.value} is not an integer`;
    case 'values': return `${where}: ${v.value} is not one of the allowed values`;
    case 'one-hot': return `${where}: its one-hot group has ${v.value} members at 1 (or a value other than 0/1)`;
    case 'immutable': return `${where}: immutable, changed from ${v.original} to ${v.value}`;
    case 'direction': return `${where}: moved from ${v.original} to ${v.value} against its allowed direction`;
  }
}
