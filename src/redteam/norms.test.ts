import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perturbationNorms, projectRowToBall, rowNorm, roundingSlack, stepRows, withinBudget } from './norms.js';

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('rowNorm and perturbationNorms', () => {
  it('compute L∞, L2 and L1 of a row slice', () => {
    const v = f32(9, 3, -4, 9);
    expect(rowNorm(v, 1, 2, 'inf')).toBe(4);
    expect(rowNorm(v, 1, 2, '2')).toBe(5);
    expect(rowNorm(v, 1, 2, '1')).toBe(7);
  });

  it('count changed features and measure the change', () => {
    expect(perturbationNorms(f32(1, 2, 3.5, -1), 0, f32(1, 1, 3, 1), 0, 4)).toEqual({ l0: 3, l1: 3.5, l2: Math.sqrt(1 + 0.25 + 4), linf: 2 });
  });
});

describe('stepRows', () => {
  it('moves by ±alpha per feature under L∞ and leaves zero-gradient features alone', () => {
    const x = f32(0.5, 0.5, 0.5, 0.5);
    stepRows(x, f32(2, -1e-9, 0, 3), 2, 2, 'inf', 0.1);
    expect(Array.from(x)).toEqual([0.6, 0.4, 0.5, 0.6].map(Math.fround));
  });

  it('moves by alpha along the L2- or L1-normalised gradient, per row', () => {
    const x = new Float32Array(4);
    stepRows(x, f32(3, 4, 0, 0), 2, 2, '2', -1);
    expect(Array.from(x)).toEqual([-0.6, -0.8, 0, 0].map(Math.fround));
    const y = new Float32Array(2);
    stepRows(y, f32(1, -3), 1, 2, '1', 2);
    expect(Array.from(y)).toEqual([0.5, -1.5]);
  });
});

describe('projectRowToBall', () => {
  it('clamps per feature under L∞ and rescales under L2', () => {
    const x = f32(1, -1, 0.05);
    projectRowToBall(x, 0, f32(0, 0, 0), 0, 3, 'inf', 0.1, new Float64Array(3));
    expect(Array.from(x)).toEqual([0.1, -0.1, 0.05].map(Math.fround));
    const y = f32(3, 4);
    projectRowToBall(y, 0, f32(0, 0), 0, 2, '2', 1, new Float64Array(2));
    expect(Array.from(y)).toEqual([0.6, 0.8].map(Math.fround));
  });

  it('leaves a row already inside the ball unchanged', () => {
    const x = f32(0.1, 0.2);
    for (const norm of ['inf', '2', '1'] as const) {
      projectRowToBall(x, 0, f32(0, 0), 0, 2, norm, 1, new Float64Array(2));
      expect(Array.from(x)).toEqual([0.1, 0.2].map(Math.fround));
    }
  });

  it('finds the Euclidean projection onto the L1 ball (checked against a bisection on the threshold)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.float({ min: Math.fround(0.01), max: 3, noNaN: true }), (values, eps) => {
        const x = Float32Array.from(values);
        const x0 = new Float32Array(values.length);
        const before = rowNorm(x, 0, x.length, '1');
        const got = Float32Array.from(x);
        projectRowToBall(got, 0, x0, 0, x.length, '1', eps, new Float64Array(x.length));
        if (before <= eps) {
          expect(Array.from(got)).toEqual(Array.from(x));
          return;
        }
        // Bisection: θ with Σ max(|x_i| − θ, 0) = eps.
        let lo = 0;
        let hi = Math.max(...values.map(Math.abs));
        for (let i = 0; i < 200; i++) {
          const mid = (lo + hi) / 2;
          const s = values.reduce((a, v) => a + Math.max(Math.abs(v) - mid, 0), 0);
          if (s > eps) lo = mid;
          else hi = mid;
        }
        const expected = values.map((v) => Math.sign(v) * Math.max(Math.abs(v) - lo, 0));
        got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 4));
        expect(rowNorm(got, 0, got.length, '1')).toBeLessThanOrEqual(eps * (1 + 1e-5) + 1e-5);
      }),
    );
  });
});

describe('withinBudget', () => {
  it('accepts float32 rounding and rejects a real excess', () => {
    expect(withinBudget(Math.fround(0.1), 0.1)).toBe(true);
    expect(withinBudget(0.1001, 0.1)).toBe(false);
    expect(withinBudget(1e9, undefined)).toBe(true);
    // Features of 10⁵: float32 spacing 0.0078; the slack covers it.
    expect(withinBudget(100.0078, 100, roundingSlack(1e5, 1, 'inf'))).toBe(true);
    expect(withinBudget(100.1, 100, roundingSlack(1e5, 1, 'inf'))).toBe(false);
  });
});
