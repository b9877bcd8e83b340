import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binCounts, binIndex, quantileBinEdges } from './histogram.js';
import { psi, psiFromSamples } from './psi.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

function gen(n: number, mul: number, mod: number, scale = 1, shift = 0): number[] {
  return Array.from({ length: n }, (_, i) => (((i * mul) % mod) / mod) * scale + shift);
}

function value(r: ReturnType<typeof psi>): number {
  if (!r.ok) throw new Error(r.detail);
  return r.psi;
}

// PSI has no SciPy function; the references evaluate the definition with NumPy, independently.
describe('psi', () => {
  it('matches the NumPy evaluation of Σ (a − e)·ln(a/e)', () => {
    // /usr/bin/python3 -c "import numpy as np; e=np.array([25,25,25,25.]); a=np.array([10,20,30,40.]); e=e/e.sum(); a=a/a.sum(); print(float(((a-e)*np.log(a/e)).sum()))"
    expectClose(value(psi([25, 25, 25, 25], [10, 20, 30, 40])), 0.22821740957339182, 1e-14);
    expectClose(value(psi([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])), 0.22821740957339182, 1e-14);
  });

  it('replaces an empty bin by epsilon (default 1e-4) without renormalising', () => {
    // /usr/bin/python3 -c "import numpy as np; e=np.array([50,50.]); a=np.array([100,0.]); e=e/e.sum(); a=a/a.sum(); e=np.where(e==0,1e-4,e); a=np.where(a==0,1e-4,a); print(float(((a-e)*np.log(a/e)).sum()))"
    expectClose(value(psi([50, 50], [100, 0])), 4.604318466668949, 1e-14);
    // /usr/bin/python3 -c "import numpy as np; e=np.array([120,300,0,80,500.]); a=np.array([100,280,15,0,605.]); e=e/e.sum(); a=a/a.sum(); e=np.where(e==0,1e-3,e); a=np.where(a==0,1e-3,a); print(float(((a-e)*np.log(a/e)).sum()))"
    expectClose(value(psi([120, 300, 0, 80, 500], [100, 280, 15, 0, 605], { epsilon: 1e-3 })), 0.4091342332791939, 1e-14);
    expect(value(psi([0, 5], [0, 7]))).toBe(0); // a bin empty on both sides contributes nothing
  });

  it('is 0 for identical histograms, symmetric and >= 0', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.nat(1000)), { minLength: 1, maxLength: 20 }), (pairs) => {
        const e = pairs.map(([a]) => a + 1);
        const a = pairs.map(([, b]) => b + 1);
        expect(value(psi(e, e))).toBe(0);
        expect(value(psi(e, a))).toBeGreaterThanOrEqual(0);
        expectClose(value(psi(e, a)), value(psi(a, e)), 1e-12, 1e-15);
      }),
    );
  });

  it('reports an empty histogram as unmeasurable instead of NaN', () => {
    expect(psi([0, 0], [1, 2])).toEqual({ ok: false, reason: 'zero-total', detail: 'psi: expected histogram has no observations' });
    expect(psi([1, 2], [0, 0])).toMatchObject({ ok: false, reason: 'zero-total' });
  });

  it('names the bad argument', () => {
    expect(() => psi([1, -1], [1, 1])).toThrow(/psi: expected\[1\] must be >= 0/);
    expect(() => psi([1, 1], [1, 1, 1])).toThrow(/psi: expected and actual must have the same length/);
    expect(() => psi([], [])).toThrow(/at least one bin/);
    expect(() => psi([1], [1], { epsilon: 0 })).toThrow(/psi: options.epsilon must be in \(0, 1\)/);
  });
});

describe('quantile bins and psiFromSamples', () => {
  it('build edges at the baseline deciles and count as NumPy searchsorted(side="left")', () => {
    // /usr/bin/python3 -c "import numpy as np; b=[((i*7919)%1009)/1009*100 for i in range(2000)]; x=[((i*104729)%1013)/1013*100+7 for i in range(1500)]; ed=np.unique(np.quantile(b,[k/10 for k in range(1,10)])); cb=np.bincount(np.searchsorted(ed,b,side='left'),minlength=len(ed)+1); cx=np.bincount(np.searchsorted(ed,x,side='left'),minlength=len(ed)+1); e=cb/cb.sum(); a=cx/cx.sum(); e=np.where(e==0,1e-4,e); a=np.where(a==0,1e-4,a); print(ed.tolist(), cb.tolist(), cx.tolist(), float(((a-e)*np.log(a/e)).sum()))"
    const baseline = gen(2000, 7919, 1009, 100);
    const live = gen(1500, 104729, 1013, 100, 7);
    const edges = [9.910802775024777, 19.920713577799802, 29.930624380574827, 39.94053518334985, 49.950445986124876, 59.9603567888999, 69.97026759167493, 79.98017839444995, 89.90089197224977];
    quantileBinEdges(baseline, 10).forEach((e, i) => expectClose(e, edges[i] as number, 1e-15));
    expect(binCounts(edges, baseline)).toEqual([201, 200, 200, 200, 200, 200, 200, 200, 199, 200]);
    expect(binCounts(edges, live)).toEqual([48, 148, 150, 151, 152, 147, 150, 153, 146, 255]);
    const r = psiFromSamples(baseline, live);
    expect(r.ok).toBe(true);
    if (r.ok) expectClose(r.psi, 0.11570457220963332, 1e-13);
  });

  it('handle a shifted sample with empty bins', () => {
    // /usr/bin/python3 -c "import numpy as np; b=[1,2,3,4,5,6,7,8,9,10]; x=[6,7,8,9,10,11,12,13,14,15]; ed=np.unique(np.quantile(b,[0.25,0.5,0.75])); cb=np.bincount(np.searchsorted(ed,b,side='left'),minlength=4); cx=np.bincount(np.searchsorted(ed,x,side='left'),minlength=4); e=cb/cb.sum(); a=cx/cx.sum(); e=np.where(e==0,1e-4,e); a=np.where(a==0,1e-4,a); print(ed.tolist(), cb.tolist(), cx.tolist(), float(((a-e)*np.log(a/e)).sum()))"
    const r = psiFromSamples([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15], { bins: 4 });
    expect(r).toMatchObject({ ok: true, edges: [3.25, 5.5, 7.75] });
    if (r.ok) expectClose(r.psi, 4.410944661706635, 1e-14);
  });

  it('drop repeated edges when the baseline has heavy ties', () => {
    expect(quantileBinEdges([0, 0, 0, 0, 0, 0, 1, 2], 4)).toEqual([0, 0.25]);
    expect(binIndex([0, 0.25], 0)).toBe(0);
    expect(binIndex([0, 0.25], 0.1)).toBe(1);
    expect(binIndex([0, 0.25], 3)).toBe(2);
  });

  it('report an empty sample as unmeasurable and reject bad arguments', () => {
    expect(psiFromSamples([], [1])).toMatchObject({ ok: false, reason: 'empty' });
    expect(psiFromSamples([1], [])).toMatchObject({ ok: false, reason: 'empty' });
    expect(() => psiFromSamples([1], [1], { bins: 1 })).toThrow(/psiFromSamples: options.bins must be an integer >= 2/);
    expect(() => binCounts([2, 1], [1])).toThrow(/binCounts: edges must be strictly ascending/);
    expect(() => quantileBinEdges([], 4)).toThrow(/quantileBinEdges: baseline must not be empty/);
  });
});
