import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantile, quantileSorted, quantiles } from './quantile.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

/** The same deterministic sample in TypeScript and in the Python commands below. */
function gen(n: number, mul: number, mod: number, scale = 1, shift = 0): number[] {
  return Array.from({ length: n }, (_, i) => (((i * mul) % mod) / mod) * scale + shift);
}

describe('type-7 quantiles', () => {
  it('match NumPy np.quantile (linear) exactly up to one rounding', () => {
    // /usr/bin/python3 -c "import numpy as np; x=[3,1,4,1,5,9,2,6,5,3,5]; print([float(np.quantile(x,q)) for q in [0,0.1,0.25,0.5,0.9,0.99,1]], float(np.quantile([1,2,3,4],0.25)), float(np.quantile([7.5],0.3)))"
    const qs = [0, 0.1, 0.25, 0.5, 0.9, 0.99, 1];
    const expected = [1.0, 1.0, 2.5, 4.0, 6.0, 8.700000000000001, 9.0];
    quantiles([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], qs).forEach((v, i) => expectClose(v, expected[i] as number, 1e-15));
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([7.5], 0.3)).toBe(7.5);
  });

  it('match NumPy on a larger sample', () => {
    // /usr/bin/python3 -c "import numpy as np; x=[((i*7919)%1009)/1009*50-10 for i in range(1000)]; print([float(np.quantile(x,q)) for q in [0.01,0.333,0.5,0.95]])"
    const expected = [-9.504955401387512, 6.683201189296335, 15.049554013875122, 37.47522299306244];
    quantiles(gen(1000, 7919, 1009, 50, -10), [0.01, 0.333, 0.5, 0.95]).forEach((v, i) => expectClose(v, expected[i] as number, 1e-14));
  });

  it('are monotone in q and bounded by min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const [qa, qb] = quantiles(xs, [lo, hi]) as [number, number];
        expect(qa).toBeLessThanOrEqual(qb);
        expect(qa).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(qb).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });

  it('reject an empty sample, q outside [0, 1] and non-finite values', () => {
    expect(() => quantile([], 0.5)).toThrow(/quantiles: values must not be empty/);
    expect(() => quantileSorted([], 0.5)).toThrow(/quantileSorted: sorted must not be empty/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/quantiles: qs\[\] must be in \[0, 1\]/);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/quantiles: values\[1\] must be a finite number/);
  });
});
