import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cusum } from './cusum.js';

const SERIES = [10, 11, 9, 10, 14, 15, 13, 16, 14, 12, 10, 6, 5, 7, 4, 6, 10];

describe('Cusum', () => {
  it('follows the tabular recursion step by step (target 10, σ 2, k 0.5, h 4: K = 1, H = 8)', () => {
    // No SciPy function exists; the reference is the textbook recursion (Montgomery §9.1) run in Python:
    // /usr/bin/python3 -c "exec('x=[10,11,9,10,14,15,13,16,14,12,10,6,5,7,4,6,10]\nmu,K,H=10,1,8\nu=l=0\nout=[]\nfor v in x:\n  u=max(0,u+v-(mu+K)); l=max(0,l+(mu-K)-v)\n  s=(\"upper\" if u>H else \"\")+(\"lower\" if l>H else \"\")\n  out.append((u,l,s or \"none\"))\n  u=0 if u>H else u; l=0 if l>H else l\nprint(out)')"
    const expected: [number, number, string][] = [
      [0, 0, 'none'], [0, 0, 'none'], [0, 0, 'none'], [0, 0, 'none'], [3, 0, 'none'], [7, 0, 'none'], [9, 0, 'upper'], [5, 0, 'none'],
      [8, 0, 'none'], [9, 0, 'upper'], [0, 0, 'none'], [0, 3, 'none'], [0, 7, 'none'], [0, 9, 'lower'], [0, 5, 'none'], [0, 8, 'none'], [0, 7, 'none'],
    ];
    const c = new Cusum({ target: 10, sigma: 2, k: 0.5, h: 4 });
    SERIES.forEach((x, i) => {
      const [upper, lower, signal] = expected[i] as [number, number, string];
      expect(c.update(x)).toBe(signal);
      if (signal === 'none') expect([c.state.upper, c.state.lower]).toEqual([upper, lower]);
      else expect([c.lastAlarm?.upper, c.lastAlarm?.lower]).toEqual([upper, lower]);
    });
  });

  it('dates the shift by the run length at the alarm', () => {
    const c = new Cusum({ target: 10, sigma: 2, k: 0.5, h: 4 });
    let step = 0;
    for (const x of SERIES) {
      step++;
      if (c.update(x) !== 'none') break;
    }
    expect(step).toBe(7);
    expect(c.lastAlarm).toEqual({ side: 'upper', upper: 9, lower: 0, upperRun: 3, lowerRun: 0, count: 7 });
    // Onset = count − run + 1 = step 5, the first shifted observation (14).
    expect(SERIES[(c.lastAlarm!.count - c.lastAlarm!.upperRun + 1) - 1]).toBe(14);
    expect(c.state.upper).toBe(0); // reset after the alarm
  });

  it('keeps accumulating without resetOnAlarm, and watches one side only when asked', () => {
    const c = new Cusum({ target: 0, k: 0, h: 1, resetOnAlarm: false });
    expect([c.update(2), c.update(2)]).toEqual(['upper', 'upper']);
    expect(c.state.upper).toBe(4);
    const lowerOnly = new Cusum({ target: 0, k: 0, h: 1, sides: 'lower' });
    expect(lowerOnly.update(100)).toBe('none');
    expect(lowerOnly.update(-5)).toBe('lower');
  });

  it('stays quiet on an in-control stream within the allowance', () => {
    const c = new Cusum({ target: 5, sigma: 1, k: 0.5, h: 5 });
    for (let i = 0; i < 1000; i++) expect(c.update(5 + (i % 2 === 0 ? 0.4 : -0.4))).toBe('none');
  });

  it('round-trips through toJSON / restore and continues identically', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.nat(), (xs, cut) => {
        const options = { target: 0, sigma: 3, k: 0.5, h: 4 };
        const k = cut % xs.length;
        const a = new Cusum(options);
        const signals = xs.map((x) => a.update(x));
        const b = new Cusum(options);
        xs.slice(0, k).forEach((x) => b.update(x));
        const c = Cusum.restore(options, JSON.parse(JSON.stringify(b)));
        expect(xs.slice(k).map((x) => c.update(x))).toEqual(signals.slice(k));
        expect(c.toJSON()).toEqual(a.toJSON());
      }),
    );
  });

  it('names the bad option', () => {
    expect(() => new Cusum({ target: Number.NaN })).toThrow(/Cusum: options.target must be finite/);
    expect(() => new Cusum({ target: 0, sigma: 0 })).toThrow(/Cusum: options.sigma must be > 0/);
    expect(() => new Cusum({ target: 0, k: -1 })).toThrow(/Cusum: options.k must be >= 0/);
    expect(() => new Cusum({ target: 0, h: 0 })).toThrow(/Cusum: options.h must be > 0/);
    expect(() => new Cusum({ target: 0, sides: 'up' as 'upper' })).toThrow(/Cusum: options.sides/);
    expect(() => Cusum.restore({ target: 0 }, { upper: -1, lower: 0, upperRun: 0, lowerRun: 0, count: 0 })).toThrow(/state.upper must be >= 0/);
  });
});
