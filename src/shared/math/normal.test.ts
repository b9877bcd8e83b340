import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erfc, normalCdf, normalQuantile, normalSf } from './normal.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

describe('normalCdf', () => {
  const xs = [-37.5, -20, -10, -8, -5, -3, -2.2, -2.1, -1.96, -1, -0.5, -0.1, 0, 0.3, 1, 2.5, 5, 8];
  // /usr/bin/python3 -c "from scipy.special import ndtr; print([float(ndtr(x)) for x in [-37.5, -20, -10, -8, -5, -3, -2.2, -2.1, -1.96, -1, -0.5, -0.1, 0, 0.3, 1, 2.5, 5, 8]])"
  const expected = [
    4.605353009581954e-308, 2.7536241186061556e-89, 7.61985302416047e-24, 6.22096057427174e-16, 2.866515718791933e-7, 0.0013498980316300933,
    0.013903447513498595, 0.017864420562816542, 0.024997895148220435, 0.15865525393145707, 0.3085375387259869, 0.460172162722971, 0.5,
    0.6179114221889526, 0.8413447460685429, 0.9937903346742238, 0.9999997133484281, 0.9999999999999993,
  ];

  it('matches SciPy ndtr to 1e-13 relative (series/continued fraction, ~2e-14 own error)', () => {
    xs.forEach((x, i) => expectClose(normalCdf(x), expected[i] as number, 1e-13));
  });

  it('keeps full relative precision in the far tail, where SciPy loses ~6e-14', () => {
    // /usr/bin/python3 -c "import mpmath as m; m.mp.dps=40; print([float(m.ncdf(x)) for x in [-37.5, -30, -20]])"
    const mp = [4.605353009581955e-308, 4.906713927148187e-198, 2.7536241186062337e-89];
    [-37.5, -30, -20].forEach((x, i) => expectClose(normalCdf(x), mp[i] as number, 2e-15));
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  it('has normalSf(x) = normalCdf(−x), accurate in the upper tail', () => {
    // /usr/bin/python3 -c "from scipy.special import ndtr; print([float(ndtr(-x)) for x in [5, 9, 30]])"
    const upper = [2.866515718791933e-7, 1.1285884059538324e-19, 4.906713927147908e-198];
    [5, 9, 30].forEach((x, i) => expectClose(normalSf(x), upper[i] as number, 1e-13));
    fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => normalSf(x) === normalCdf(-x)));
  });

  it('rejects NaN', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError);
    expect(() => normalSf(Number.NaN)).toThrow(RangeError);
  });
});

describe('erfc', () => {
  const ys = [-3, -1, 0, 0.2, 1, 1.5, 2, 5, 10, 26];
  // /usr/bin/python3 -c "from scipy.special import erfc; print([float(erfc(y)) for y in [-3, -1, 0, 0.2, 1, 1.5, 2, 5, 10, 26]])"
  const expected = [
    1.9999779095030015, 1.8427007929497148, 1.0, 0.7772974107895215, 0.15729920705028516, 0.03389485352468927, 0.004677734981047266,
    1.5374597944280347e-12, 2.0884875837625446e-45, 5.663192408856145e-296,
  ];

  it('matches SciPy erfc to 1e-13 relative', () => {
    ys.forEach((y, i) => expectClose(erfc(y), expected[i] as number, 1e-13));
  });
});

describe('normalQuantile', () => {
  const ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-10];
  // /usr/bin/python3 -c "from scipy.special import ndtri; print([float(ndtri(p)) for p in [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999, 1-1e-10]])"
  const expected = [
    -37.0470962993612, -21.273453560965322, -9.262340089798409, -6.361340902404056, -4.264890793922825, -3.090232306167813,
    -2.053748910631823, -1.972961051311885, -1.880793608151251, -1.2815515655446004, -0.5244005127080409, 0.0, 0.5244005127080407,
    1.959963984540054, 3.090232306167813, 6.361340889697422,
  ];

  it('matches SciPy ndtri to 1e-13 relative (Acklam + one Halley step)', () => {
    ps.forEach((p, i) => expectClose(normalQuantile(p), expected[i] as number, 1e-13, 1e-15));
  });

  it('maps 0 and 1 to ∓Infinity and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/normalQuantile: p must be in \[0, 1\]/);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it('inverts normalCdf', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expectClose(normalCdf(normalQuantile(p)), p, 1e-12);
      }),
    );
  });
});
