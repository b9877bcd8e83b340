/**
 * @module redteam/constraints
 * Feature constraints of tabular data and their projection. A declaration names features
 * by CSV column or by 0-based index into the flattened sample and gives each rules:
 * `immutable`, `integer`, bounds `min`/`max`, allowed `direction` (up/down), categorical
 * `values`; `oneHot` lists groups of 0/1 features of which exactly one is 1. Resolved with
 * the clip range into a {@link FeatureDomain}, the constraints are enforced by
 * {@link projectRows}, a pure projection that every attack applies after every step, so
 * that each intermediate and final adversarial example is feasible (docs/redteam.md).
 */
import { z } from 'zod';
import { redteamErrors } from './errors.js';
import { roundingSlack, projectRowToBall } from './norms.js';
import type { Norm } from './norms.js';

const featureRef = z.union([z.string().min(1), z.number().int().min(0)]);

/** One feature's rules. */
export const featureRuleSchema = z
  .object({
    feature: featureRef.describe('CSV column name, or 0-based index into the flattened sample'),
    immutable: z.boolean().optional().describe('the attacker cannot change it (age at application, sex)'),
    integer: z.boolean().optional().describe('whole numbers only (counts, months)'),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    direction: z.enum(['up', 'down', 'any']).optional().describe('up: may only increase; down: may only decrease'),
    values: z.array(z.number().finite()).min(1).optional().describe('categorical: the allowed values'),
  })
  .strict();

/** A constraint declaration (the `constraints` of a threat model). */
export const constraintsSchema = z
  .object({
    features: z.array(featureRuleSchema).optional(),
    oneHot: z.array(z.array(featureRef).min(2)).optional().describe('groups of 0/1 features with exactly one 1'),
  })
  .strict();

/** A constraint declaration as written (features by name or index). */
export type ConstraintSpec = z.infer<typeof constraintsSchema>;

/**
 * Constraints resolved against a sample layout: per-feature arrays, ready to project.
 * `lower`/`upper` include the clip range (±Infinity when unbounded).
 */
export interface FeatureDomain {
  readonly features: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly integer: Uint8Array;
  readonly immutable: Uint8Array;
  /** +1 up only, −1 down only, 0 either way. */
  readonly direction: Int8Array;
  /** Allowed values (sorted) of categorical features, by feature index. */
  readonly values: ReadonlyMap<number, Float64Array>;
  /** One-hot groups (feature indices). */
  readonly groups: readonly Int32Array[];
  /** Group index of each feature, −1 outside groups. */
  readonly group: Int32Array;
  /** True when the only constraint is a uniform clip (the fast path). */
  readonly simple: boolean;
}

/** A perturbation budget: the projection keeps ‖x − x0‖ ≤ eps. */
export interface Budget {
  readonly norm: Norm;
  readonly eps: number;
}

/** What {@link resolveDomain} needs besides the declaration. */
export interface DomainOptions {
  /** Features per sample (the flattened sample size). */
  readonly features: number;
  /** Feature names (CSV header), to resolve rules that name features. */
  readonly names?: readonly string[];
  readonly clip?: readonly [number, number];
  readonly constraints?: ConstraintSpec;
}

function constraintError(path: string, problem: string): Error {
  return redteamErrors.error('RTM_ERR_CONSTRAINTS', `constraints.${path}: ${problem}`, { path: `constraints.${path}` });
}

function featureIndex(ref: string | number, path: string, o: DomainOptions): number {
  if (typeof ref === 'number') {
    if (ref >= o.features) throw constraintError(path, `feature index ${ref} is outside the sample (${o.features} features)`);
    return ref;
  }
  const i = o.names?.indexOf(ref) ?? -1;
  if (i < 0) {
    const known = o.names === undefined ? 'the inputs have no feature names (use 0-based indices)' : `known: ${o.names.slice(0, 30).join(', ')}`;
    throw constraintError(path, `unknown feature "${ref}"; ${known}`);
  }
  return i;
}

/**
 * Resolves a declaration and the clip range into a {@link FeatureDomain}. Throws
 * RTM_ERR_CONSTRAINTS naming the path of a bad rule.
 *
 * @example
 * const domain = resolveDomain({ features: 3, names: ['age', 'sex', 'amount'], clip: [0, 1e6],
 *   constraints: { features: [{ feature: 'sex', immutable: true }, { feature: 'age', integer: true, direction: 'up' }] } });
 */
export function resolveDomain(o: DomainOptions): FeatureDomain {
  const n = o.features;
  const lower = new Float64Array(n).fill(o.clip?.[0] ?? Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(n).fill(o.clip?.[1] ?? Number.POSITIVE_INFINITY);
  const integer = new Uint8Array(n);
  const immutable = new Uint8Array(n);
  const direction = new Int8Array(n);
  const values = new Map<number, Float64Array>();
  const seen = new Set<number>();
  (o.constraints?.features ?? []).forEach((rule, k) => {
    const path = `features[${k}]`;
    const j = featureIndex(rule.feature, `${path}.feature`, o);
    if (seen.has(j)) throw constraintError(`${path}.feature`, `feature ${JSON.stringify(rule.feature)} has rules twice; merge them into one entry`);
    seen.add(j);
    if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) throw constraintError(`${path}.min`, `min ${rule.min} is greater than max ${rule.max}`);
    if (rule.min !== undefined) lower[j] = Math.max(lower[j] as number, rule.min);
    if (rule.max !== undefined) upper[j] = Math.min(upper[j] as number, rule.max);
    if ((lower[j] as number) > (upper[j] as number)) throw constraintError(path, `bounds [${rule.min ?? '-inf'}, ${rule.max ?? 'inf'}] do not meet the clip range`);
    if (rule.integer === true) integer[j] = 1;
    if (rule.immutable === true) immutable[j] = 1;
    direction[j] = rule.direction === 'up' ? 1 : rule.direction === 'down' ? -1 : 0;
    if (rule.values !== undefined) values.set(j, Float64Array.from(new Set(rule.values)).sort());
  });
  const group = new Int32Array(n).fill(-1);
  const groups = (o.constraints?.oneHot ?? []).map((members, g) => {
    const idx = Int32Array.from(members, (ref, m) => featureIndex(ref, `oneHot[${g}][${m}]`, o));
    idx.forEach((j, m) => {
      if ((group[j] as number) >= 0) throw constraintError(`oneHot[${g}][${m}]`, `feature ${JSON.stringify(members[m])} is already in one-hot group ${group[j]}`);
      if (values.has(j)) throw constraintError(`oneHot[${g}][${m}]`, `feature ${JSON.stringify(members[m])} is both categorical and one-hot`);
      group[j] = g;
    });
    return idx;
  });
  const uniform = lower.every((v) => v === lower[0]) && upper.every((v) => v === upper[0]);
  const simple = uniform && seen.size === 0 && groups.length === 0;
  return { features: n, lower, upper, integer, immutable, direction, values, groups, group, simple };
}

/** Scratch buffers of a projection, reused across calls (no per-step allocation). */
export class ProjectionScratch {
  readonly sort: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  constructor(features: number) {
    this.sort = new Float64Array(features);
    this.lo = new Float64Array(features);
    this.hi = new Float64Array(features);
  }
}

/**
 * Projects every row of `x` (in place) onto the feasible set around its original: row r
 * of `x` belongs to row `rowMap[r]` (default r) of `x0`. Order: the `budget` ball (L2/L1
 * rescaling), then each feature's interval (clip, bounds, direction, immutable, and the
 * L∞ box), integer rounding and categorical snapping inside that interval, one-hot
 * groups, and, if a discrete snap pushed the row outside an L2/L1 budget, those snaps
 * are undone largest first. Clean inputs must be feasible (see {@link findViolations}).
 *
 * @example
 * projectRows(adv, x0, rows, domain, { norm: 'inf', eps: 0.1 }, undefined, new ProjectionScratch(domain.features));
 */
export function projectRows(x: Float32Array, x0: Float32Array, rows: number, domain: FeatureDomain, budget: Budget | undefined, rowMap: Int32Array | undefined, scratch: ProjectionScratch): void {
  const n = domain.features;
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    const off0 = (rowMap === undefined ? r : (rowMap[r] as number)) * n;
    if (budget !== undefined && budget.norm !== 'inf') projectRowToBall(x, off, x0, off0, n, budget.norm, budget.eps, scratch.sort);
    const box = budget !== undefined && budget.norm === 'inf' ? budget.eps : Number.POSITIVE_INFINITY;
    if (domain.simple) {
      clampSimple(x, off, x0, off0, n, domain.lower[0] ?? -Infinity, domain.upper[0] ?? Infinity, box);
      continue;
    }
    projectFeatures(x, off, x0, off0, domain, box, scratch);
    if (budget !== undefined && budget.norm !== 'inf') undoDiscreteOverBudget(x, off, x0, off0, domain, budget);
  }
}

function clampSimple(x: Float32Array, off: number, x0: Float32Array, off0: number, n: number, lower: number, upper: number, box: number): void {
  for (let i = 0; i < n; i++) {
    const o = x0[off0 + i] as number;
    const lo = o - box > lower ? o - box : lower;
    const hi = o + box < upper ? o + box : upper;
    const v = x[off + i] as number;
    if (v < lo) x[off + i] = lo;
    else if (v > hi) x[off + i] = hi;
  }
}

function projectFeatures(x: Float32Array, off: number, x0: Float32Array, off0: number, d: FeatureDomain, box: number, s: ProjectionScratch): void {
  for (let j = 0; j < d.features; j++) {
    const o = x0[off0 + j] as number;
    let lo = Math.max(d.lower[j] as number, o - box);
    let hi = Math.min(d.upper[j] as number, o + box);
    if (d.immutable[j] === 1) lo = hi = o;
    else if (d.direction[j] === 1) lo = Math.max(lo, o);
    else if (d.direction[j] === -1) hi = Math.min(hi, o);
    s.lo[j] = lo;
    s.hi[j] = hi;
    if ((d.group[j] as number) >= 0) continue;
    let v = Math.min(Math.max(x[off + j] as number, lo), hi);
    const allowed = d.values.get(j);
    if (allowed !== undefined) v = nearestAllowed(allowed, v, lo, hi, o);
    else if (d.integer[j] === 1) v = Math.min(Math.max(Math.round(v), Math.ceil(lo)), Math.floor(hi));
    x[off + j] = v;
  }
  for (const members of d.groups) snapOneHot(x, off, x0, off0, members, s);
}

/** The allowed value nearest to `v` inside [lo, hi]; the original `o` when none is. */
function nearestAllowed(allowed: Float64Array, v: number, lo: number, hi: number, o: number): number {
  let best = o;
  let gap = Math.abs(v - o);
  for (const a of allowed) {
    if (a < lo || a > hi) continue;
    const g = Math.abs(v - a);
    if (g < gap) {
      best = a;
      gap = g;
    }
  }
  return best;
}

/** Sets the member with the largest value to 1 and the rest to 0, among members whose
 * interval admits 1 (the original's hot member always does); immutable members pin the group. */
function snapOneHot(x: Float32Array, off: number, x0: Float32Array, off0: number, members: Int32Array, s: ProjectionScratch): void {
  let hot = -1;
  for (const j of members) if (x0[off0 + j] === 1) hot = j;
  let pinned = false;
  for (const j of members) if ((s.lo[j] as number) === (s.hi[j] as number)) pinned = true;
  if (!pinned) {
    for (const j of members) {
      if ((s.hi[j] as number) < 1 || (s.lo[j] as number) > 0) continue;
      if (hot < 0 || (x[off + j] as number) > (x[off + hot] as number)) hot = j;
    }
    // Leaving the original member needs a change of 1 on two features: the L∞ box must allow it.
    for (const j of members) if ((j === hot ? 1 : 0) !== x0[off0 + j] && ((s.lo[j] as number) > (j === hot ? 1 : 0) || (s.hi[j] as number) < (j === hot ? 1 : 0))) pinned = true;
  }
  for (const j of members) x[off + j] = pinned ? (x0[off0 + j] as number) : j === hot ? 1 : 0;
}

/** Reverts discrete changes (integers, categories, one-hot groups), largest first, until
 * the row is back within its L2/L1 budget. Continuous features never grow under the
 * interval clamps, so the row then fits: the ball projection came first. */
function undoDiscreteOverBudget(x: Float32Array, off: number, x0: Float32Array, off0: number, d: FeatureDomain, budget: Budget): void {
  const p = budget.norm === '2' ? 2 : 1;
  const size = (j: number): number => Math.abs((x[off + j] as number) - (x0[off0 + j] as number)) ** p;
  let total = 0;
  let maxAbs = 0;
  for (let j = 0; j < d.features; j++) {
    total += size(j);
    maxAbs = Math.max(maxAbs, Math.abs(x0[off0 + j] as number));
  }
  const limit = (budget.eps * (1 + 1e-6) + roundingSlack(maxAbs, d.features, budget.norm) / 2) ** p;
  if (total <= limit) return;
  const items: { cost: number; features: number[] }[] = [];
  for (let j = 0; j < d.features; j++) {
    if ((d.group[j] as number) < 0 && (d.integer[j] === 1 || d.values.has(j)) && x[off + j] !== x0[off0 + j]) items.push({ cost: size(j), features: [j] });
  }
  for (const members of d.groups) {
    const changed = [...members].filter((j) => x[off + j] !== x0[off0 + j]);
    if (changed.length > 0) items.push({ cost: changed.reduce((a, j) => a + size(j), 0), features: changed });
  }
  items.sort((a, b) => b.cost - a.cost);
  for (const item of items) {
    if (total <= limit) return;
    for (const j of item.features) x[off + j] = x0[off0 + j] as number;
    total -= item.cost;
  }
}
