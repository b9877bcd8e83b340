import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RunningMoments } from './moments.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

function of(xs: readonly number[]): RunningMoments {
  const m = new RunningMoments();
  for (const x of xs) m.push(x);
  return m;
}

describe('RunningMoments', () => {
  it('matches NumPy mean and variance', () => {
    // /usr/bin/python3 -c "import numpy as np; x=[2,4,4,4,5,5,7,9]; print(float(np.mean(x)), float(np.var(x,ddof=1)), float(np.var(x)))"
    const m = of([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m.count).toBe(8);
    expect(m.mean).toBe(5);
    expectClose(m.variance() as number, 4.571428571428571, 1e-15);
    expect(m.variance(0)).toBe(4);
    expect(m.standardDeviation(0)).toBe(2);
  });

  it('does not cancel catastrophically on a large offset (Welford, not Σx² − n·x̄²)', () => {
    // /usr/bin/python3 -c "import numpy as np; x=[1e9+((i*7919)%1009)/1009 for i in range(1000)]; print(float(np.mean(x)), float(np.var(x,ddof=1)), float(np.var(x)))"
    const xs = Array.from({ length: 1000 }, (_, i) => 1e9 + ((i * 7919) % 1009) / 1009);
    const m = of(xs);
    expectClose(m.mean as number, 1000000000.5001765, 1e-15);
    // NumPy is two-pass; streaming Welford is within 1e-7 here (Σx² − n·x̄² would be off by ~1e3 relative).
    expectClose(m.variance() as number, 0.08346593596793776, 1e-7);
    expectClose(m.variance(0) as number, 0.08338247003196983, 1e-7);
  });

  it('is undefined before enough data', () => {
    const m = new RunningMoments();
    expect(m.mean).toBeUndefined();
    expect(m.variance()).toBeUndefined();
    m.push(3);
    expect(m.mean).toBe(3);
    expect(m.variance()).toBeUndefined();
    expect(m.variance(0)).toBe(0);
  });

  it('merges (Chan et al.) to the one-pass result, in any split', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 200 }), fc.nat(), (xs, cut) => {
        const k = cut % (xs.length + 1);
        const merged = of(xs.slice(0, k)).merge(of(xs.slice(k)));
        const whole = of(xs);
        expect(merged.count).toBe(whole.count);
        expectClose(merged.mean as number, whole.mean as number, 1e-12, 1e-12);
        expectClose(merged.variance() as number, whole.variance() as number, 1e-9, 1e-9);
      }),
    );
  });

  it('round-trips through toJSON / restore and merges a plain state', () => {
    const m = of([1, 2, 3]);
    const back = RunningMoments.restore(JSON.parse(JSON.stringify(m)));
    expect(back.toJSON()).toEqual(m.toJSON());
    back.merge({ count: 1, mean: 10, m2: 0 });
    expect(back.count).toBe(4);
    expect(back.mean).toBe(4);
    expect(() => RunningMoments.restore({ count: -1, mean: 0, m2: 0 })).toThrow(/state.count/);
    expect(() => RunningMoments.restore({ count: 2, mean: 0, m2: -1 })).toThrow(/state.m2 must be >= 0/);
    expect(() => new RunningMoments().push(Number.POSITIVE_INFINITY)).toThrow(/RunningMoments.push: x must be finite/);
  });
});
