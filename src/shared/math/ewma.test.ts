import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ewma } from './ewma.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

const X = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];

describe('Ewma', () => {
  it('matches SciPy lfilter for the seeded recursion (pandas adjust=False)', () => {
    // /usr/bin/python3 -c "import numpy as np; from scipy.signal import lfilter; x=np.array([3.,1,4,1,5,9,2,6,5,3]); a=0.3; y=lfilter([a],[1,-(1-a)],x[1:],zi=[(1-a)*x[0]])[0]; print([float(x[0])]+y.tolist())"
    const expected = [3.0, 2.3999999999999995, 2.8799999999999994, 2.3159999999999994, 3.1211999999999995, 4.884839999999999, 4.019387999999998, 4.613571599999998, 4.729500119999999, 4.210650083999999];
    const e = new Ewma({ alpha: 0.3 });
    X.forEach((x, i) => expectClose(e.update(x), expected[i] as number, 1e-14));
  });

  it('matches the explicit weighted mean when bias-corrected (pandas adjust=True), with a half-life', () => {
    // /usr/bin/python3 -c "import numpy as np; x=np.array([3.,1,4,1,5,9,2,6,5,3]); a=1-2**(-1/3); print(a, [float((x[:t+1]*(1-a)**np.arange(t,-1,-1)).sum()/((1-a)**np.arange(t,-1,-1)).sum()) for t in range(len(x))])"
    const expected = [3.0, 1.8849866680488845, 2.757638943885148, 2.156461545662078, 3.012817144396038, 4.659687376326856, 3.9751697743628425, 4.470975729886763, 4.595704219790771, 4.230254027314285];
    const e = new Ewma({ halfLife: 3, biasCorrected: true });
    expectClose(e.alpha, 0.2062994740159002, 1e-15);
    X.forEach((x, i) => expectClose(e.update(x), expected[i] as number, 1e-13));
  });

  it('is undefined before the first observation and constant on a constant stream', () => {
    const e = new Ewma({ alpha: 0.1, biasCorrected: true });
    expect(e.value).toBeUndefined();
    for (let i = 0; i < 50; i++) e.update(7);
    expectClose(e.value as number, 7, 1e-14);
    expect(e.count).toBe(50);
  });

  it('round-trips through toJSON / restore and continues identically', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.nat(), fc.boolean(), (xs, cut, biasCorrected) => {
        const k = cut % xs.length;
        const options = { alpha: 0.25, biasCorrected };
        const a = new Ewma(options);
        for (const x of xs) a.update(x);
        const b = new Ewma(options);
        for (const x of xs.slice(0, k)) b.update(x);
        const c = Ewma.restore(options, JSON.parse(JSON.stringify(b)));
        for (const x of xs.slice(k)) c.update(x);
        expect(c.value).toBe(a.value);
      }),
    );
  });

  it('names the bad option', () => {
    expect(() => new Ewma({})).toThrow(/exactly one of options.alpha and options.halfLife/);
    expect(() => new Ewma({ alpha: 0.5, halfLife: 2 })).toThrow(/exactly one/);
    expect(() => new Ewma({ alpha: 0 })).toThrow(/Ewma: options.alpha must be in \(0, 1\]/);
    expect(() => new Ewma({ halfLife: -1 })).toThrow(/Ewma: options.halfLife must be > 0/);
    expect(() => new Ewma({ alpha: 0.5 }).update(Number.NaN)).toThrow(/Ewma.update: x must be finite/);
    expect(() => Ewma.restore({ alpha: 0.5 }, { count: 1, raw: 0, residual: 2 })).toThrow(/state.residual/);
  });
});
