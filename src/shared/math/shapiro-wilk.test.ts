import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shapiroWilk } from './shapiro-wilk.js';
import type { ShapiroWilkResult } from './shapiro-wilk.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

/** Irwin–Hall(12) − 6 from the MINSTD generator: exact integer arithmetic, identical in TS, Python and R. */
function irwin(n: number, seed: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let a = 0;
    for (let k = 0; k < 12; k++) {
      s = (s * 48271) % 2147483647;
      a += s;
    }
    out.push(a / 2147483647 - 6);
  }
  return out;
}

function ok(r: ReturnType<typeof shapiroWilk>): ShapiroWilkResult {
  if (!r.ok) throw new Error(r.detail);
  return r;
}

const CASES: number[][] = [
  [2.1, 3.4, 1.9, 5.6, 4.4, 3.8, 2.9, 4.1], [1, 2, 4], [1, 1, 1, 5], [1, 2, 3, 4, 5], [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
  [...Array<number>(10).fill(1), 50], irwin(20, 1), irwin(200, 3), irwin(200, 4).map((v) => v * v * v), irwin(1000, 5),
  irwin(1000, 6).map(Math.abs), irwin(5000, 7), irwin(5000, 8).map(Math.exp), Array.from({ length: 12 }, (_, i) => i),
  Array.from({ length: 30 }, (_, i) => i * i),
];

// R's shapiro.test runs the same algorithm (swilk.c) in double precision:
// Rscript /tmp/sw.R, where /tmp/sw.R is:
//   irwin <- function(n, seed) { s <- seed; x <- numeric(n); for (i in 1:n) { a <- 0; for (k in 1:12) { s <- (s * 48271) %% 2147483647; a <- a + s }; x[i] <- a / 2147483647 - 6 }; x }
//   c <- list(c(2.1,3.4,1.9,5.6,4.4,3.8,2.9,4.1), c(1,2,4), c(1,1,1,5), c(1,2,3,4,5), c(3,1,4,1,5,9,2,6,5,3,5), c(rep(1,10),50), irwin(20,1), irwin(200,3), irwin(200,4)^3, irwin(1000,5), abs(irwin(1000,6)), irwin(5000,7), exp(irwin(5000,8)), 0:11, (0:29)^2)
//   for (x in c) { r <- shapiro.test(x); cat(sprintf("[%.17g, %.17g],\n", r$statistic, r$p.value)) }
const R = [
  [0.96951795998870705, 0.89419870265571166], [0.96428571428571419, 0.6368868450289632], [0.62977626491370753, 0.0012407259319772808],
  [0.98676215544771939, 0.9671739359680398], [0.93650400497282815, 0.48031084636938193], [0.34499120511584791, 2.2434019016122111e-8],
  [0.99042842511034856, 0.99861520033359386], [0.97943520008117924, 0.0049501104401705274], [0.67474363436336804, 2.0914552937413978e-19],
  [0.99838197915183313, 0.47999044127189], [0.9280987630188734, 1.7612970940594551e-21], [0.99898195231674602, 0.0038800583693337815],
  [0.62668377428971378, 5.855635391102331e-74], [0.96689636329140483, 0.87573144336587661], [0.89395594717908144, 0.005994663151595441],
];

// SciPy's shapiro wraps the single-precision Fortran swilk (float32 data, coefficients and sums):
// /usr/bin/python3 /tmp/sw.py, where /tmp/sw.py is:
//   import math, warnings; warnings.simplefilter('ignore')
//   from scipy.stats import shapiro
//   def irwin(n, seed):
//       s, out = seed, []
//       for i in range(n):
//           a = 0
//           for k in range(12): s = (s*48271) % 2147483647; a += s
//           out.append(a/2147483647 - 6)
//       return out
//   c = [[2.1,3.4,1.9,5.6,4.4,3.8,2.9,4.1], [1,2,4], [1,1,1,5], [1,2,3,4,5], [3,1,4,1,5,9,2,6,5,3,5], [1]*10+[50], irwin(20,1), irwin(200,3), [v*v*v for v in irwin(200,4)], irwin(1000,5), [abs(v) for v in irwin(1000,6)], irwin(5000,7), [math.exp(v) for v in irwin(5000,8)], list(range(12)), [i*i for i in range(30)]]
//   print([[float(r.statistic), float(r.pvalue)] for r in map(shapiro, c)])
const SCIPY = [
  [0.9695179462432861, 0.8941985368728638], [0.9642857313156128, 0.6368856430053711], [0.6297762393951416, 0.001240724348463118],
  [0.9867621660232544, 0.9671739339828491], [0.936504065990448, 0.4803118407726288], [0.3449910283088684, 2.2434040403140898e-8],
  [0.9904285073280334, 0.9986152648925781], [0.9794345498085022, 0.004949096590280533], [0.6747435331344604, 2.0914235567455856e-19],
  [0.9983817934989929, 0.479882150888443], [0.9280993938446045, 1.7616551939453494e-21], [0.998978853225708, 0.0037883759941905737],
  [0.6266858577728271, 0.0], [0.9668962955474854, 0.8757304549217224], [0.8939558267593384, 0.005994622595608234],
];

describe('shapiroWilk', () => {
  it("matches R's double-precision shapiro.test: W to 1e-12, p to 1e-9 relative", () => {
    CASES.forEach((x, i) => {
      const r = ok(shapiroWilk(x));
      const [w, p] = R[i] as [number, number];
      expectClose(r.w, w, 1e-12);
      expectClose(r.pValue, p, 1e-9);
    });
  });

  it('matches SciPy shapiro to its single precision: W within 5e-6, p within 5e-2 relative', () => {
    // float32 W is off by up to ~1e-6; p depends on log(1 − W), so at n = 5000 with 1 − W ≈ 1e-3
    // that becomes up to ~3% in p (measured: 2.4%). SciPy's p underflows to 0 at 5.9e-74 (float32).
    CASES.forEach((x, i) => {
      const r = ok(shapiroWilk(x));
      const [w, p] = SCIPY[i] as [number, number];
      expectClose(r.w, w, 0, 5e-6);
      expectClose(r.pValue, p, 5e-2, 1e-30);
    });
  });

  it('is exact for n = 3 and scale/shift invariant', () => {
    expect(ok(shapiroWilk([1, 2, 3]))).toEqual({ ok: true, w: 1, pValue: 1 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 60 }), fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.integer({ min: -1e6, max: 1e6 }), (xs, scale, shift) => {
        const a = shapiroWilk(xs);
        const b = shapiroWilk(xs.map((v) => v * scale + shift));
        expect(a.ok).toBe(b.ok);
        if (a.ok && b.ok) {
          expectClose(a.w, b.w, 1e-8); // rounding of x·scale + shift moves W by ~1e-9 relative
          expect(a.w > 0 && a.w <= 1).toBe(true);
          expect(a.pValue >= 0 && a.pValue <= 1).toBe(true);
        }
      }),
    );
  });

  it('returns a typed result, not NaN, when all values are equal (W is 0/0)', () => {
    expect(shapiroWilk([4, 4, 4, 4, 4])).toEqual({ ok: false, reason: 'zero-range', detail: 'shapiroWilk: all values are equal' });
  });

  it('rejects n outside 3..5000 and non-finite values', () => {
    expect(() => shapiroWilk([1, 2])).toThrow(/shapiroWilk: values must have between 3 and 5000 elements, got 2/);
    expect(() => shapiroWilk(new Array<number>(5001).fill(0).map((_, i) => i))).toThrow(/got 5001/);
    expect(() => shapiroWilk([1, 2, Number.POSITIVE_INFINITY])).toThrow(/shapiroWilk: values\[2\] must be a finite number/);
  });
});
