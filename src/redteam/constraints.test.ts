import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../models/train/index.js';
import type { Rng } from '../models/train/index.js';
import { ProjectionScratch, projectRows, resolveDomain } from './constraints.js';
import type { Budget, ConstraintSpec, FeatureDomain } from './constraints.js';
import { findViolations } from './feasibility.js';
import { normOf, perturbationNorms, withinBudget } from './norms.js';

function project(x: Float32Array, x0: Float32Array, domain: FeatureDomain, budget?: Budget): Float32Array {
  const out = Float32Array.from(x);
  projectRows(out, x0, x.length / domain.features, domain, budget, undefined, new ProjectionScratch(domain.features));
  return out;
}

describe('resolveDomain', () => {
  const names = ['age', 'sex', 'amount', 'a', 'b', 'c'];

  it('resolves rules by name or index and merges the clip range into the bounds', () => {
    const d = resolveDomain({ features: 6, names, clip: [0, 100], constraints: { features: [{ feature: 'age', integer: true, direction: 'up', min: 18 }, { feature: 1, immutable: true }, { feature: 'amount', values: [5, 1, 5, 3] }], oneHot: [['a', 'b', 4 + 1]] } });
    expect(d.lower[0]).toBe(18);
    expect(d.upper[0]).toBe(100);
    expect([d.integer[0], d.direction[0], d.immutable[1]]).toEqual([1, 1, 1]);
    expect(Array.from(d.values.get(2) ?? [])).toEqual([1, 3, 5]);
    expect(Array.from(d.groups[0] ?? [])).toEqual([3, 4, 5]);
    expect(d.simple).toBe(false);
    expect(resolveDomain({ features: 6, clip: [0, 1] }).simple).toBe(true);
  });

  it.each<[string, ConstraintSpec, RegExp]>([
    ['an unknown name', { features: [{ feature: 'income' }] }, /constraints\.features\[0\]\.feature: unknown feature "income"; known: age, sex/],
    ['an index outside the sample', { features: [{ feature: 6 }] }, /constraints\.features\[0\]\.feature: feature index 6 is outside the sample \(6 features\)/],
    ['min above max', { features: [{ feature: 'age', min: 5, max: 1 }] }, /constraints\.features\[0\]\.min: min 5 is greater than max 1/],
    ['a feature declared twice', { features: [{ feature: 'age' }, { feature: 0, integer: true }] }, /constraints\.features\[1\]\.feature: feature 0 has rules twice/],
    ['overlapping one-hot groups', { oneHot: [['a', 'b'], ['b', 'c']] }, /constraints\.oneHot\[1\]\[0\]: feature "b" is already in one-hot group 0/],
    ['a categorical one-hot member', { features: [{ feature: 'a', values: [0, 1] }], oneHot: [['a', 'b']] }, /constraints\.oneHot\[0\]\[0\]: feature "a" is both categorical and one-hot/],
  ])('rejects %s with RTM_ERR_CONSTRAINTS naming the path', (_name, constraints, message) => {
    expect(() => resolveDomain({ features: 6, names, constraints })).toThrow(expect.objectContaining({ code: 'RTM_ERR_CONSTRAINTS', message: expect.stringMatching(message) }));
  });
});

describe('projectRows: each rule', () => {
  const domain = resolveDomain({
    features: 8,
    clip: [-10, 10],
    constraints: {
      features: [{ feature: 0, immutable: true }, { feature: 1, integer: true }, { feature: 2, min: 0, max: 1 }, { feature: 3, direction: 'up' }, { feature: 4, direction: 'down' }, { feature: 5, values: [0, 2, 7] }],
      oneHot: [[6, 7]],
    },
  });
  const x0 = Float32Array.of(1, 3, 0.5, 0, 0, 2, 1, 0);

  it('keeps immutable features, rounds integers, clamps bounds, holds directions, snaps categories and one-hot groups', () => {
    const got = project(Float32Array.of(5, 3.7, 4, -2, 3, 6.1, 0.2, 0.9), x0, domain);
    expect(Array.from(got)).toEqual([1, 4, 1, 0, 0, 7, 0, 1]);
    expect(findViolations(got, 1, domain, x0)).toEqual([]);
  });

  it('keeps integer, categorical and one-hot changes inside an L∞ box (a one-hot flip needs eps ≥ 1)', () => {
    const got = project(Float32Array.of(1, 5, 0.9, 9, -9, 7, 0, 1), x0, domain, { norm: 'inf', eps: 0.6 });
    expect(Array.from(got)).toEqual([1, 3, 0.9, 0.6, -0.6, 2, 1, 0].map(Math.fround));
    expect(Array.from(project(Float32Array.of(1, 3, 0.5, 0, 0, 2, 0, 1), x0, domain, { norm: 'inf', eps: 1 }))).toEqual([1, 3, 0.5, 0, 0, 2, 0, 1]);
  });

  it('undoes discrete snaps, largest first, that push a row over an L2 budget', () => {
    // The categorical snap 2 → 7 alone costs 5 > eps 1: it is undone; the integer step stays.
    const got = project(Float32Array.of(1, 3.6, 0.5, 0, 0, 6, 1, 0), x0, domain, { norm: '2', eps: 1 });
    expect(got[5]).toBe(2);
    const size = normOf(perturbationNorms(got, 0, x0, 0, 8), '2');
    expect(size).toBeLessThanOrEqual(1 + 1e-6);
    expect(findViolations(got, 1, domain, x0)).toEqual([]);
  });
});

/** A random domain of 1–9 features with random rules, a feasible original and a candidate. */
function randomCase(rng: Rng): { domain: FeatureDomain; x0: Float32Array; x: Float32Array; budget: Budget | undefined } {
  const n = 1 + rng.int(9);
  const rules: NonNullable<ConstraintSpec['features']> = [];
  const x0 = new Float32Array(n);
  const group: number[] = [];
  for (let j = 0; j < n; j++) {
    const kind = rng.int(8);
    const lo = -5 + rng.int(5);
    const hi = lo + 1 + rng.int(6);
    if (kind === 0) rules.push({ feature: j, immutable: true });
    if (kind === 1) rules.push({ feature: j, integer: true, min: lo, max: hi });
    if (kind === 2) rules.push({ feature: j, min: lo, max: hi });
    if (kind === 3) rules.push({ feature: j, direction: rng.bernoulli(0.5) ? 'up' : 'down' });
    if (kind === 4) rules.push({ feature: j, values: [lo, hi, lo + 0.5] });
    if (kind === 7) group.push(j);
    x0[j] = kind === 1 ? lo + rng.int(hi - lo + 1) : kind === 2 ? lo + rng.next() * (hi - lo) : kind === 4 ? [lo, hi, lo + 0.5][rng.int(3)] as number : -8 + 16 * rng.next();
  }
  const oneHot = group.length >= 2 ? [group] : [];
  if (group.length >= 2) group.forEach((j, k) => (x0[j] = k === 0 ? 1 : 0));
  else group.forEach((j) => (x0[j] = rng.next()));
  const domain = resolveDomain({ features: n, clip: [-10, 10], constraints: { features: rules, oneHot } });
  const x = Float32Array.from(x0, (v) => v + (rng.next() - 0.5) * 6 * rng.next());
  const norms = ['inf', '2', '1'] as const;
  const budget = rng.bernoulli(0.25) ? undefined : { norm: norms[rng.int(3)] as Budget['norm'], eps: 0.05 + 3 * rng.next() };
  return { domain, x0, x, budget };
}

describe('projectRows: properties over random domains', () => {
  it('always yields a feasible row within the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { domain, x0, x, budget } = randomCase(createRng(seed));
        const got = project(x, x0, domain, budget);
        expect(findViolations(got, 1, domain, x0)).toEqual([]);
        if (budget !== undefined) expect(withinBudget(normOf(perturbationNorms(got, 0, x0, 0, domain.features), budget.norm), budget.eps)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent, and leaves the original unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { domain, x0, x, budget } = randomCase(createRng(seed));
        const once = project(x, x0, domain, budget);
        expect(Array.from(project(once, x0, domain, budget))).toEqual(Array.from(once));
        expect(Array.from(project(x0, x0, domain, budget))).toEqual(Array.from(x0));
      }),
      { numRuns: 300 },
    );
  });

  it('addresses originals through a row map', () => {
    const domain = resolveDomain({ features: 2, clip: [0, 1] });
    const x0 = Float32Array.of(0.1, 0.1, 0.9, 0.9);
    const x = Float32Array.of(0.5, 0.5);
    projectRows(x, x0, 1, domain, { norm: 'inf', eps: 0.1 }, Int32Array.of(1), new ProjectionScratch(2));
    for (const v of x) expect(v).toBeCloseTo(0.8, 6);
  });
});

describe('findViolations', () => {
  it('names the rule, the row and the feature', () => {
    const domain = resolveDomain({ features: 3, clip: [0, 5], constraints: { features: [{ feature: 0, integer: true }, { feature: 1, values: [1, 2] }] } });
    expect(findViolations(Float32Array.of(1, 2, 3, 1.5, 2, 3, 1, 3, 6), 3, domain)).toEqual([
      { row: 1, feature: 0, rule: 'integer', value: 1.5 },
      { row: 2, feature: 1, rule: 'values', value: 3 },
      { row: 2, feature: 2, rule: 'bounds', value: 6 },
    ]);
  });
});
