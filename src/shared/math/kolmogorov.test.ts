import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { durbinCdf } from './kolmogorov-durbin.js';
import { pelzGoodCdf } from './kolmogorov-pelz-good.js';
import { kolmogorovLimitSf, kolmogorovSf, smirnovSf } from './kolmogorov.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

describe('kolmogorovSf (SciPy kstwo.sf)', () => {
  // One point or more in every region of the Simard–L'Ecuyer recipe (see kolmogorov.ts).
  const cases: [number, number][] = [
    [10, 0.04], [10, 0.08], [200, 0.004], [10, 0.95], [20, 0.5], [50, 0.6], [10, 0.274], [100, 0.05], [100, 0.15], [140, 0.1], [140, 0.169],
    [100, 0.25], [140, 0.3], [141, 0.05], [500, 0.01], [1000, 0.05], [1000, 0.03], [5000, 0.004], [50000, 0.001], [50000, 0.0005],
    [1000000, 0.002], [1000000, 0.0005], [100000, 0.05], [100000, 0.1], [3, 0.6], [1, 0.3],
  ];
  // /usr/bin/python3 -c "from scipy.stats import kstwo; c=[(10,0.04),(10,0.08),(200,0.004),(10,0.95),(20,0.5),(50,0.6),(10,0.274),(100,0.05),(100,0.15),(140,0.1),(140,0.169),(100,0.25),(140,0.3),(141,0.05),(500,0.01),(1000,0.05),(1000,0.03),(5000,0.004),(50000,0.001),(50000,0.0005),(1000000,0.002),(1000000,0.0005),(100000,0.05),(100000,0.1),(3,0.6),(1,0.3)]; print([float(kstwo.sf(x,n)) for n,x in c])"
  const expected = [
    1.0, 0.9999978058034054, 1.0, 1.9531250000000172e-13, 3.787595240539032e-5, 9.634070456142374e-18, 0.3715203845434957, 0.9532159710635725,
    0.019839242125641813, 0.11353657290090946, 0.0005778682806183945, 5.408871776434847e-6, 1.1370251710737309e-11, 0.8548456930096628,
    0.9999999991073389, 0.013012074781090332, 0.3226902143914636, 0.9999977369528622, 0.9999999997471354, 1.0, 0.0006700277103670718,
    0.9638386310076212, 1.0446857833684497e-217, 0.0, 0.14400000000000004, 1.0,
  ];

  it('matches SciPy to 1e-10 relative in every region (exact where SciPy is exact, same series where it is not)', () => {
    cases.forEach(([n, x], i) => expectClose(kolmogorovSf(n, x), expected[i] as number, 1e-10));
  });

  it('is a decreasing function of x from 1 to 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const s = kolmogorovSf(n, lo);
        expect(s).toBeGreaterThanOrEqual(kolmogorovSf(n, hi) - 1e-12);
        expect(s >= 0 && s <= 1).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(kolmogorovSf(5, 0)).toBe(1);
    expect(kolmogorovSf(5, 1)).toBe(0);
  });

  it('agrees between Durbin (exact) and Pelz–Good where both apply', () => {
    // Pelz–Good is asymptotic: within 5e-13 of the exact CDF at n = 1e4 and 2.5e-6 at n = 141.
    expectClose(pelzGoodCdf(10000, 0.25 / 100), durbinCdf(10000, 0.25 / 100), 0, 1e-12);
    expectClose(pelzGoodCdf(141, 0.5 / Math.sqrt(141)), durbinCdf(141, 0.5 / Math.sqrt(141)), 0, 5e-6);
  });

  it('names the bad argument', () => {
    expect(() => kolmogorovSf(0, 0.5)).toThrow(/kolmogorovSf: n must be an integer >= 1/);
    expect(() => kolmogorovSf(10, Number.NaN)).toThrow(/kolmogorovSf: x must be finite/);
  });
});

describe('smirnovSf (SciPy scipy.special.smirnov)', () => {
  it('matches SciPy to 1e-11 relative, including n = 1e6 (exact sum, refined sub-grid)', () => {
    // /usr/bin/python3 -c "from scipy.special import smirnov; print([float(smirnov(n,x)) for n,x in [(1,0.3),(10,0.3),(100,0.1),(1000,0.05),(100000,0.005),(1000000,0.002),(5,0.99)]])"
    const cases: [number, number][] = [[1, 0.3], [10, 0.3], [100, 0.1], [1000, 0.05], [100000, 0.005], [1000000, 0.002], [5, 0.99]];
    const expected = [0.7, 0.1354635556, 0.1265906584562817, 0.006506037390545166, 0.006715412488899804, 0.0003350138551835359, 1.0000000000000044e-10];
    cases.forEach(([n, x], i) => expectClose(smirnovSf(n, x), expected[i] as number, 1e-11));
    expect(smirnovSf(10, 0)).toBe(1);
    expect(smirnovSf(10, 1)).toBe(0);
  });
});

describe('kolmogorovLimitSf (SciPy kstwobign.sf)', () => {
  it('matches SciPy to 1e-13 relative', () => {
    // /usr/bin/python3 -c "from scipy.stats import kstwobign; print([float(kstwobign.sf(z)) for z in [0.2,0.5,0.9,1.0,1.36,2,3,5]])"
    const zs = [0.2, 0.5, 0.9, 1.0, 1.36, 2, 3, 5];
    const expected = [0.999999999999495, 0.9639452436648751, 0.3927307079406543, 0.26999967167735456, 0.049485876755377876, 0.0006709252557796953, 3.045995948942526e-8, 3.8574996959278356e-22];
    zs.forEach((z, i) => expectClose(kolmogorovLimitSf(z), expected[i] as number, 1e-13));
    expect(kolmogorovLimitSf(0)).toBe(1);
  });
});
