import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ksTwoSample } from './ks-two-sample.js';
import type { KsResult } from './ks-two-sample.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

/** The same deterministic samples in TypeScript and in /tmp/ks2.py below. */
function g(n: number, mul: number, mod: number, scale = 1, shift = 0): number[] {
  return Array.from({ length: n }, (_, i) => (((i * mul) % mod) / mod) * scale + shift);
}

function ok(r: ReturnType<typeof ksTwoSample>): KsResult {
  if (!r.ok) throw new Error(r.detail);
  return r;
}

const CASES: [number[], number[]][] = [
  [g(5, 7, 11), g(6, 5, 13, 1, 0.3)], [g(20, 7919, 1009), g(25, 104729, 1013, 1, 0.2)], [g(100, 7919, 1009), g(80, 104729, 1013, 1, 0.1)],
  [g(300, 7919, 1009), g(300, 104729, 1013, 1, 0.05)], [g(1000, 7919, 1009), g(700, 104729, 1013, 1, 0.03)],
  [g(60, 31, 17, 17), g(45, 29, 13, 13)], // integer values: many ties within and across samples
  [g(10, 3, 7), g(10, 5, 7, 1, 0.5)], [g(40, 3, 41), g(40, 5, 41, 1, 0.3)], [g(5000, 7919, 1009), g(3000, 104729, 1013, 1, 0.02)],
  [g(20000, 7919, 10007), g(30000, 104729, 10009, 1, 0.004)],
];
// /usr/bin/python3 /tmp/ks2.py, where /tmp/ks2.py is:
//   import warnings; warnings.simplefilter('ignore')
//   from scipy.stats import ks_2samp
//   g=lambda n,mul,mod,scale=1.0,shift=0.0: [((i*mul)%mod)/mod*scale+shift for i in range(n)]
//   c=[(g(5,7,11),g(6,5,13,1,0.3)),(g(20,7919,1009),g(25,104729,1013,1,0.2)),(g(100,7919,1009),g(80,104729,1013,1,0.1)),(g(300,7919,1009),g(300,104729,1013,1,0.05)),(g(1000,7919,1009),g(700,104729,1013,1,0.03)),(g(60,31,17,17),g(45,29,13,13)),(g(10,3,7),g(10,5,7,1,0.5)),(g(40,3,41),g(40,5,41,1,0.3)),(g(5000,7919,1009),g(3000,104729,1013,1,0.02)),(g(20000,7919,10007),g(30000,104729,10009,1,0.004))]
//   print([[r.statistic, r.pvalue] for r in [ks_2samp(a,b,method='asymp') for a,b in c]])
//   print([ks_2samp(a,b,method='exact').pvalue for a,b in c[:9]])
const ASYMP = [
  [0.46666666666666673, 0.4151111111111111], [0.26999999999999996, 0.3363410676497005], [0.10250000000000004, 0.7059172106708362],
  [0.056666666666666754, 0.6994026051929892], [0.03200000000000003, 0.780278298859415], [0.25, 0.06431084823262812], [0.6, 0.03008000000000001],
  [0.32500000000000007, 0.022151560749708032], [0.02080000000000004, 0.3865556125276427], [0.004116666666666768, 0.9866214959453077],
];
const EXACT = [
  0.474025974025974, 0.33570035263225584, 0.7012351614134317, 0.7220634112888834, 0.7790964128265517, 0.06906911466386682, 0.05244755244755244,
  0.02860307028023343, 0.3870698183244373,
];

describe('ksTwoSample', () => {
  it('computes the statistic exactly as SciPy (bit for bit, ties included)', () => {
    CASES.forEach(([a, b], i) => expect(ok(ksTwoSample(a, b)).statistic).toBe((ASYMP[i] as number[])[0]));
  });

  it("matches SciPy ks_2samp(method='asymp') to 1e-10 relative", () => {
    CASES.forEach(([a, b], i) => {
      const r = ok(ksTwoSample(a, b));
      expect(r.method).toBe('asymp');
      expectClose(r.pValue, (ASYMP[i] as number[])[1] as number, 1e-10);
    });
  });

  it("matches SciPy ks_2samp(method='exact') to 1e-12 relative (path count; 1 − P(inside) for unequal sizes)", () => {
    EXACT.forEach((expected, i) => {
      const [a, b] = CASES[i] as [number[], number[]];
      const r = ok(ksTwoSample(a, b, { method: 'exact' }));
      expect(r.method).toBe('exact');
      expectClose(r.pValue, expected, 1e-12, 1e-15);
    });
  });

  it('falls back to asymp above 1e8 cells and says so', () => {
    const [a, b] = CASES[9] as [number[], number[]];
    expect(ok(ksTwoSample(a, b, { method: 'exact' })).method).toBe('asymp');
  });

  it('gives D = 0 and p = 1 for identical or all-equal samples, as SciPy', () => {
    for (const method of ['asymp', 'exact'] as const) {
      expect(ksTwoSample([3, 3, 3], [3, 3, 3, 3], { method })).toEqual({ ok: true, statistic: 0, pValue: 1, method });
      expect(ksTwoSample([1, 2, 3], [3, 2, 1], { method })).toEqual({ ok: true, statistic: 0, pValue: 1, method });
    }
  });

  it('reports an empty sample as unmeasurable', () => {
    expect(ksTwoSample([], [1, 2])).toEqual({ ok: false, reason: 'empty', detail: 'ksTwoSample: sample a is empty' });
    expect(ksTwoSample([1], [])).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('is symmetric in its samples, with D in [0, 1], and unaffected by assumeSorted on sorted input', () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = ok(ksTwoSample(a, b, { method: 'exact' }));
        const ba = ok(ksTwoSample(b, a, { method: 'exact' }));
        expect(ab.statistic).toBe(ba.statistic);
        expectClose(ab.pValue, ba.pValue, 1e-12, 1e-14);
        expect(ab.statistic >= 0 && ab.statistic <= 1).toBe(true);
        const sorted = ok(ksTwoSample([...a].sort((x, y) => x - y), [...b].sort((x, y) => x - y), { assumeSorted: true }));
        expect(sorted).toEqual(ok(ksTwoSample(a, b)));
      }),
    );
  });

  it('names the bad argument', () => {
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(/ksTwoSample: a\[1\] must be a finite number/);
    expect(() => ksTwoSample([1], [1], { method: 'auto' as 'exact' })).toThrow(/ksTwoSample: options.method/);
  });
});
