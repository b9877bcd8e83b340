import { describe, expect, it } from 'vitest';
import { fitStandardizer, standardize } from './standardize.js';

describe('fitStandardizer / standardize', () => {
  it('fits the mean and the population standard deviation of each column', () => {
    // columns: [1, 3, 5, 7] (mean 4, sd √5) and [10, 10, 10, 10] (constant)
    const x = Float64Array.from([1, 10, 3, 10, 5, 10, 7, 10]);
    const s = fitStandardizer(x, 2);
    expect(Array.from(s.mean)).toEqual([4, 10]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect(s.scale[1]).toBe(1); // constant feature: scale 1, maps to 0
    const z = standardize(s, x);
    expect(z[0]).toBeCloseTo(-3 / Math.sqrt(5), 12);
    expect(z[1]).toBe(0);
  });

  it('stays accurate for large offsets (two-pass variance)', () => {
    const x = Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    const s = fitStandardizer(x, 1);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });

  it('gives standardised training columns mean 0 and variance 1', () => {
    const x = Float64Array.from({ length: 300 }, (_, i) => (i % 3) * 100 + Math.sin(i) * 7);
    const z = standardize(fitStandardizer(x, 3), x);
    for (let j = 0; j < 3; j++) {
      const col = z.filter((_, i) => i % 3 === j);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      expect(mean).toBeCloseTo(0, 10);
      expect(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length).toBeCloseTo(1, 10);
    }
  });

  it('rejects a matrix that is not n × width', () => {
    expect(() => fitStandardizer(Float64Array.from([1, 2, 3]), 2)).toThrow(RangeError);
  });
});
