import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialTest } from './binomial-test.js';
import type { Alternative } from './binomial-test.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

const ALTERNATIVES: Alternative[] = ['two-sided', 'greater', 'less'];
const CASES: [number, number, number][] = [
  [7, 100, 0.03], [1, 100, 0.03], [3, 100, 0.03], [0, 100, 0.03], [100, 100, 0.03], [50, 100, 0.5], [40, 100, 0.5], [60, 100, 0.5],
  [13, 40, 0.2], [2, 40, 0.2], [682, 925, 0.75], [0, 10, 0.3], [10, 10, 0.3], [5, 10, 0.5], [4, 10, 0.5], [1, 3, 0.333333],
  [3200, 100000, 0.03], [2800, 100000, 0.03], [3, 1e9, 1e-9], [12, 1e9, 1e-9],
];
// /usr/bin/python3 /tmp/bt.py, where /tmp/bt.py is:
//   from scipy.stats import binomtest
//   c=[(7,100,0.03),(1,100,0.03),(3,100,0.03),(0,100,0.03),(100,100,0.03),(50,100,0.5),(40,100,0.5),(60,100,0.5),(13,40,0.2),(2,40,0.2),(682,925,0.75),(0,10,0.3),(10,10,0.3),(5,10,0.5),(4,10,0.5),(1,3,0.333333),(3200,100000,0.03),(2800,100000,0.03),(3,10**9,1e-9),(12,10**9,1e-9)]
//   print([[binomtest(k,n,p,alternative=a).pvalue for a in ('two-sided','greater','less')] for k,n,p in c])
const SCIPY = [
  [0.031227509431355254, 0.031227509431355254, 0.9893761911438216], [0.3767673139901933, 0.9524474920745942, 0.19462212006583543],
  [1.0, 0.5802249170181457, 0.6472492104640195], [0.078780017356761, 1.0, 0.04755250792540575],
  [5.153775207320094e-153, 5.153775207320094e-153, 1.0], [1.0, 0.5397946186935892, 0.5397946186935892],
  [0.05688793364098088, 0.9823998998911476, 0.02844396682049044], [0.05688793364098088, 0.02844396682049044, 0.9823998998911476],
  [0.07170371683606827, 0.0432416223763237, 0.9805926310713514], [0.015857991148334357, 0.9985378492046366, 0.00794213727481489],
  [0.38249155957485176, 0.8240891223524227, 0.1960092670538832], [0.0388396033, 1.0, 0.028247524900000005],
  [5.9048999999999975e-6, 5.9048999999999975e-6, 1.0], [1.0, 0.623046875, 0.623046875], [0.75390625, 0.828125, 0.376953125],
  [1.0, 0.7037032592590371, 0.740741185185074], [0.00024181897932825657, 0.00012489726998983594, 0.9998836683750939],
  [0.0001872460815600407, 0.9999133771456978, 9.341692847349457e-5], [0.08030139697942444, 0.08030139697942444, 0.9810118431851594],
  [8.316106966074547e-10, 8.316106966074547e-10, 0.9999999999364022],
];

describe('binomialTest', () => {
  it('matches SciPy binomtest for all three alternatives to 1e-9 relative (exact sums)', () => {
    CASES.forEach(([k, n, p], i) => {
      ALTERNATIVES.forEach((alternative, j) => {
        const r = binomialTest(k, n, p, alternative);
        expect(r.method).toBe('exact');
        expectClose(r.pValue, (SCIPY[i] as number[])[j] as number, 1e-9);
      });
    });
  });

  it('answers "is 7 injections in 100 above a 3% baseline?"', () => {
    const r = binomialTest(7, 100, 0.03, 'greater');
    expect(r.pValue).toBeGreaterThan(0.01);
    expect(r.pValue).toBeLessThan(0.05);
  });

  it('stays exact up to a variance of 1e8, where SciPy itself drifts by 7e-9 (30-digit reference)', () => {
    // n = 1e11, p = 0.001: np(1-p) = 9.99e7. P(X >= k) summed term by term in 30-digit arithmetic:
    // /usr/bin/python3 -c "exec('import mpmath as m\nm.mp.dps=30\nn,k,p=10**11,100049975,m.mpf(0.001)\nt=m.exp(m.loggamma(n+1)-m.loggamma(k+1)-m.loggamma(n-k+1)+k*m.log(p)+(n-k)*m.log(1-p))\ns=t;j=k\nwhile t>s*m.mpf(10)**-22:\n  t=t*(n-j)/(j+1)*p/(1-p);s+=t;j+=1\nprint(s)')"
    // Tolerance 5e-12: n·p = 1e8 is itself rounded in double precision.
    const r = binomialTest(100049975, 1e11, 0.001, 'greater');
    expect(r.method).toBe('exact');
    expectClose(r.pValue, 2.8731942024787754e-7, 5e-12); // 2.87319420247877533916635255847e-07 rounded
  });

  it('switches to the normal approximation above a variance of 1e8, within the documented error', () => {
    // Symmetric case (p = 0.5): the skewness term vanishes and the approximation is ~1e-7 relative.
    // /usr/bin/python3 -c "from scipy.stats import binomtest; print([binomtest(200050002,400000004,0.5,alternative=a).pvalue for a in ('greater','two-sided')])"
    const sym = binomialTest(200050002, 400000004, 0.5, 'greater');
    expect(sym.method).toBe('normal');
    expectClose(sym.pValue, 2.867259150123492e-7, 1e-6);
    expectClose(binomialTest(200050002, 400000004, 0.5, 'two-sided').pValue, 5.734518300246984e-7, 1e-6);
    // Skewed case (p = 0.03, σ = 1e4) at z = 3, 5, 8: relative error ≈ |1−2p|·z³/(6σ) = 4e-4, 2e-3, 8e-3.
    // /usr/bin/python3 -c "from scipy.stats import binomtest; print([binomtest(k,n,0.03,alternative='greater').pvalue for k,n in [(103122784,3436426120),(103142784,3436426120),(103172784,3436426120)]])"
    const skewed: [number, number, number][] = [[103122784, 0.0013504978694774883, 5e-4], [103142784, 2.8722588624530113e-7, 2.5e-3], [103172784, 6.27151671533067e-16, 1e-2]];
    for (const [k, expected, tolerance] of skewed) {
      const r = binomialTest(k, 3436426120, 0.03, 'greater');
      expect(r.method).toBe('normal');
      expectClose(r.pValue, expected, tolerance);
    }
  });

  it('handles n = 0 and the baselines p = 0 and p = 1 (SciPy rejects n = 0; we return 1: no evidence)', () => {
    for (const a of ALTERNATIVES) expect(binomialTest(0, 0, 0.03, a).pValue).toBe(1);
    // /usr/bin/python3 -c "from scipy.stats import binomtest; print([(binomtest(k,10,p).pvalue, binomtest(k,10,p,alternative='greater').pvalue) for k,p in [(3,0.0),(0,0.0),(10,1.0),(9,1.0)]])"
    // → [(0.0, 0.0), (1.0, 1.0), (1.0, 1.0), (0.0, 1.0)]
    expect([binomialTest(3, 10, 0).pValue, binomialTest(3, 10, 0, 'greater').pValue]).toEqual([0, 0]);
    expect([binomialTest(0, 10, 0).pValue, binomialTest(0, 10, 0, 'greater').pValue]).toEqual([1, 1]);
    expect([binomialTest(10, 10, 1).pValue, binomialTest(10, 10, 1, 'greater').pValue]).toEqual([1, 1]);
    expect([binomialTest(9, 10, 1).pValue, binomialTest(9, 10, 1, 'greater').pValue]).toEqual([0, 1]);
  });

  it('gives p-values in [0, 1], two-sided >= each one-sided tail it contains', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.0001, max: 0.9999, noNaN: true }), (n, f, p) => {
        const k = Math.floor(f * n);
        const two = binomialTest(k, n, p, 'two-sided').pValue;
        const greater = binomialTest(k, n, p, 'greater').pValue;
        const less = binomialTest(k, n, p, 'less').pValue;
        for (const v of [two, greater, less]) expect(v >= 0 && v <= 1).toBe(true);
        expect(two + 1e-12).toBeGreaterThanOrEqual(k > n * p ? greater : less);
      }),
      { numRuns: 200 },
    );
  });

  it('names the bad argument', () => {
    expect(() => binomialTest(-1, 10, 0.5)).toThrow(/binomialTest: k must be an integer >= 0/);
    expect(() => binomialTest(11, 10, 0.5)).toThrow(/binomialTest: k must be <= n/);
    expect(() => binomialTest(1, 2.5, 0.5)).toThrow(/binomialTest: n must be an integer/);
    expect(() => binomialTest(1, 10, -0.1)).toThrow(/binomialTest: p must be in \[0, 1\]/);
    expect(() => binomialTest(1, 10, Number.NaN)).toThrow(/binomialTest: p must be finite/);
    expect(() => binomialTest(1, 10, 0.5, 'both' as Alternative)).toThrow(/binomialTest: alternative/);
  });
});
