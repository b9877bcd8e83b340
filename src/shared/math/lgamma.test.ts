import { describe, expect, it } from 'vitest';
import { lgamma, stirlingError } from './lgamma.js';

/** |actual − expected| <= abs + rel·|expected|. */
function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

describe('lgamma', () => {
  const xs = [0.5, 1, 1.5, 2, 2.5, 3, 7.3, 10, 23.5, 101, 1e-8, 1e5, 1e15, -0.5, -2.5];
  // /usr/bin/python3 -c "from scipy.special import gammaln; print([float(gammaln(x)) for x in [0.5, 1, 1.5, 2, 2.5, 3, 7.3, 10, 23.5, 101, 1e-8, 1e5, 1e15, -0.5, -2.5]])"
  const expected = [
    0.5723649429247, 0.0, -0.12078223763524526, 0.0, 0.2846828704729192, 0.6931471805599453, 7.147892523022249, 12.801827480081469,
    50.03349410501915, 363.73937555556347, 18.42068073818021, 1051287.7089736569, 3.3538776394910668e16, 1.2655121234846454,
    -0.05624371649767401,
  ];

  it('matches SciPy gammaln to 1e-14 absolute and relative (a Stirling series, not exact)', () => {
    xs.forEach((x, i) => expectClose(lgamma(x), expected[i] as number, 1e-14, 1e-14));
  });

  it('is exactly 0 at 1 and 2, and infinite at the poles', () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
    expect(lgamma(Infinity)).toBe(Infinity);
  });

  it('satisfies the recurrence log Γ(x+1) = log Γ(x) + log x', () => {
    for (const x of [0.1, 0.7, 3.3, 9.99, 10.01, 55.5]) expectClose(lgamma(x + 1), lgamma(x) + Math.log(x), 1e-14, 1e-14);
  });

  it('rejects NaN', () => {
    expect(() => lgamma(Number.NaN)).toThrow(RangeError);
  });
});

describe('stirlingError', () => {
  const ns = [1, 2, 5, 10, 15, 22, 23, 100, 1000, 1e6];
  // Reference at 40 digits (SciPy's gammaln loses digits to cancellation here):
  // /usr/bin/python3 -c "import mpmath as m; m.mp.dps=40; print([float(m.log(m.factorial(n))-(n+m.mpf(1)/2)*m.log(n)+n-m.log(2*m.pi)/2) for n in [1, 2, 5, 10, 15, 22, 23, 100, 1000, 10**6]])"
  const expected = [
    0.08106146679532726, 0.0413406959554093, 0.016644691189821193, 0.00833056343336287, 0.005554733551962801, 0.0037876180684444346,
    0.0036229602246830948, 0.0008333305556349147, 8.333333055555635e-5, 8.333333333333056e-8,
  ];

  it('matches the 40-digit reference to 1e-12 relative', () => {
    ns.forEach((n, i) => expectClose(stirlingError(n), expected[i] as number, 1e-12));
  });

  it('is 0 at 0 by convention', () => {
    expect(stirlingError(0)).toBe(0);
  });
});
