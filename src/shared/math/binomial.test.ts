import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialCdf, binomialLogPmf, binomialPmf, binomialSf } from './binomial.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

const CASES: [number, number, number][] = [
  [0, 10, 0.3], [3, 10, 0.3], [10, 10, 0.3], [7, 100, 0.03], [50, 100, 0.5], [1, 1000, 1e-5],
  [120, 1000, 0.1], [4800, 10000, 0.5], [29000, 1e6, 0.03], [30000, 1e6, 0.03], [1, 2, 0.999999],
];
// /usr/bin/python3 -c "from scipy.stats import binom; c=[(0,10,0.3),(3,10,0.3),(10,10,0.3),(7,100,0.03),(50,100,0.5),(1,1000,1e-5),(120,1000,0.1),(4800,10000,0.5),(29000,10**6,0.03),(30000,10**6,0.03),(1,2,0.999999)]; print([[float(binom.pmf(k,n,p)),float(binom.cdf(k,n,p)),float(binom.sf(k,n,p))] for k,n,p in c])"
const SCIPY = [
  [0.028247524899999984, 0.028247524900000005, 0.9717524751], [0.26682793199999977, 0.6496107184000002, 0.3503892815999998],
  [5.9048999999999975e-6, 1.0, 0.0], [0.020603700575176905, 0.9893761911438216, 0.010623808856178371],
  [0.07958923738717875, 0.5397946186935892, 0.46020538130641075], [0.009900596848431975, 0.9999503810947795, 4.9618905220455274e-5],
  [0.004738914439174363, 0.9827427694733798, 0.017257230526620218], [2.672969179422059e-6, 3.296757799336171e-5, 0.9999670324220067],
  [6.796414446842983e-11, 1.9283329554323687e-9, 0.9999999980716671], [0.002338634562701913, 0.5015357010919484, 0.49846429890805155],
  [1.9999980000575113e-6, 1.9999990000575115e-6, 0.9999980000009999],
];

describe('binomial distribution', () => {
  it('matches SciPy binom.pmf/cdf/sf to 1e-12 relative (both exact; SciPy itself is off by up to 3e-13 here)', () => {
    CASES.forEach(([k, n, p], i) => {
      const [pmf, cdf, sf] = SCIPY[i] as number[];
      expectClose(binomialPmf(k, n, p), pmf as number, 1e-12);
      expectClose(binomialCdf(k, n, p), cdf as number, 1e-12);
      expectClose(binomialSf(k, n, p), sf as number, 1e-12, 1e-16);
    });
  });

  it('keeps relative precision where SciPy loses it (50-digit reference)', () => {
    // /usr/bin/python3 -c "import mpmath as m; m.mp.dps=50; f=lambda k,n,p: m.binomial(n,k)*m.mpf(p)**k*(1-m.mpf(p))**(n-k); print([float(f(k,n,p)) for k,n,p in [(999990,10**6,0.999999),(0,10**6,1e-7),(31000,10**6,0.03),(50020000,10**8,0.5)]])"
    const mp = [1.0137411313039787e-7, 0.9048374135117722, 9.527860908201342e-11, 2.6766041517255975e-8];
    const cases: [number, number, number][] = [[999990, 1e6, 0.999999], [0, 1e6, 1e-7], [31000, 1e6, 0.03], [50020000, 1e8, 0.5]];
    cases.forEach(([k, n, p], i) => expectClose(binomialPmf(k, n, p), mp[i] as number, 1e-12));
  });

  it('gives log-PMF values far below the double range of the PMF', () => {
    // /usr/bin/python3 -c "from scipy.stats import binom; print(float(binom.logpmf(900,1000,0.5)), float(binom.logpmf(5,10**6,0.5)))"
    expectClose(binomialLogPmf(900, 1000, 0.5), -371.2338931266799, 1e-13);
    expectClose(binomialLogPmf(5, 1e6, 0.5), -693082.8905088985, 1e-13);
    expect(binomialLogPmf(11, 10, 0.5)).toBe(-Infinity);
  });

  it('handles n = 0 and the degenerate rates p = 0 and p = 1', () => {
    expect(binomialPmf(0, 0, 0.4)).toBe(1);
    expect(binomialCdf(0, 0, 0.4)).toBe(1);
    expect(binomialSf(0, 0, 0.4)).toBe(0);
    expect(binomialPmf(0, 5, 0)).toBe(1);
    expect(binomialPmf(1, 5, 0)).toBe(0);
    expect(binomialPmf(5, 5, 1)).toBe(1);
    expect(binomialCdf(4, 5, 1)).toBe(0);
    expect(binomialSf(4, 5, 1)).toBe(1);
    expect(binomialPmf(-1, 5, 0.5)).toBe(0);
  });

  it('sums to one and has cdf + sf = 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (n, p) => {
        let total = 0;
        for (let k = 0; k <= n; k++) total += binomialPmf(k, n, p);
        expectClose(total, 1, 1e-12);
        const k = Math.floor(n / 3);
        expectClose(binomialCdf(k, n, p) + binomialSf(k, n, p), 1, 1e-12);
      }),
      { numRuns: 50 },
    );
  });

  it('names the bad argument', () => {
    expect(() => binomialPmf(1.5, 10, 0.5)).toThrow(/binomialPmf: k must be an integer/);
    expect(() => binomialCdf(1, -1, 0.5)).toThrow(/binomialCdf: n must be an integer >= 0/);
    expect(() => binomialSf(1, 10, 1.2)).toThrow(/binomialSf: p must be in \[0, 1\]/);
  });
});
