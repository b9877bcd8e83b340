import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuantileSketch } from './quantile-sketch.js';

/** Deterministic uniform(0, 1) stream (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

const N = 100_000;
const GRID = Array.from({ length: 1001 }, (_, i) => i / 1000);

/** Largest |q − rank(v)/n| over the grid, with rank taken as the interval [#(< v), #(<= v)]. */
function maxRankError(sorted: Float64Array, sketch: QuantileSketch): number {
  const n = sorted.length;
  const count = (v: number, strict: boolean): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? (sorted[mid] as number) < v : (sorted[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let worst = 0;
  for (const q of GRID) {
    const v = sketch.quantile(q) as number;
    const lo = count(v, true) / n;
    const hi = count(v, false) / n;
    worst = Math.max(worst, q < lo ? lo - q : q > hi ? q - hi : 0);
  }
  return worst;
}

/** Largest |v − x₍ᵣ₎| / |x₍ᵣ₎| over the grid, r = ⌊q(n − 1)⌋: the documented guarantee. */
function maxValueError(sorted: Float64Array, sketch: QuantileSketch): number {
  let worst = 0;
  for (const q of GRID) {
    const x = sorted[Math.floor(q * (sorted.length - 1))] as number;
    const v = sketch.quantile(q) as number;
    worst = Math.max(worst, x === 0 ? Math.abs(v) : Math.abs(v - x) / Math.abs(x));
  }
  return worst;
}

function build(values: readonly number[], alpha = 0.01): { sketch: QuantileSketch; sorted: Float64Array } {
  const sketch = new QuantileSketch({ relativeAccuracy: alpha });
  for (const v of values) sketch.add(v);
  return { sketch, sorted: Float64Array.from(values).sort() };
}

describe('QuantileSketch on 100k samples (α = 1%)', () => {
  const u = uniform(42);
  const z = normal(uniform(7));
  const datasets: [string, () => number, number][] = [
    // name, generator, documented rank-error bound for this shape
    ['uniform(0, 1)', () => u(), 0.0105], // rank error = α·x at x ≈ 1: the worst case for α-relative buckets
    ['exponential', () => -Math.log(1 - u()), 0.005],
    ['lognormal(0, 2) (amounts)', () => Math.exp(2 * z()), 0.003],
    ['normal(0, 1) (centred scores)', () => z(), 0.003],
  ];

  for (const [name, next, rankBound] of datasets) {
    it(`${name}: value error <= α and rank error <= ${rankBound}`, () => {
      const { sketch, sorted } = build(Array.from({ length: N }, next));
      expect(sketch.count).toBe(N);
      expect(maxValueError(sorted, sketch)).toBeLessThanOrEqual(0.01 + 1e-12);
      expect(maxRankError(sorted, sketch)).toBeLessThanOrEqual(rankBound);
      expect(sketch.quantile(0)).toBe(sorted[0]);
      expect(sketch.quantile(1)).toBe(sorted[N - 1]);
    });
  }

  it('documents the limit: data bunched far from zero keep the value bound but not the rank bound', () => {
    const { sketch, sorted } = build(Array.from({ length: N }, () => 1000 + z()));
    expect(maxValueError(sorted, sketch)).toBeLessThanOrEqual(0.01 + 1e-12);
    expect(maxRankError(sorted, sketch)).toBeGreaterThan(0.4); // ±10 around 1000 is the whole distribution
  });

  it('folds the smallest magnitudes first when maxBuckets is exceeded', () => {
    const sketch = new QuantileSketch({ relativeAccuracy: 0.01, maxBuckets: 100 }); // 100 buckets ≈ 1 decade at 1%
    for (let i = 0; i < 10_000; i++) sketch.add(10 ** (i / 2000)); // 1 .. 10^5
    const top = sketch.quantile(0.99) as number;
    expect(Math.abs(top - 10 ** (0.99 * 9999 / 2000)) / top).toBeLessThanOrEqual(0.01 + 1e-12);
    expect(sketch.quantile(0.1) as number).toBeGreaterThan(10 ** (0.1 * 9999 / 2000) * 1.5); // folded upwards
    expect(sketch.toJSON().positive.counts.length).toBeLessThanOrEqual(100);
  });
});

describe('QuantileSketch merge and state', () => {
  const values = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(0), fc.integer({ min: -50, max: 50 })), { maxLength: 60 });

  it('merges order-invariantly: any split and merge order gives the same state (exactly)', () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 5 }), fc.integer({ min: 4, max: 3000 }), (parts, maxBuckets) => {
        const make = (xs: readonly number[]): QuantileSketch => {
          const s = new QuantileSketch({ relativeAccuracy: 0.02, maxBuckets });
          for (const x of xs) s.add(x);
          return s;
        };
        const whole = make(parts.flat()).toJSON();
        const forward = parts.map(make).reduce((a, b) => a.merge(b));
        const backward = parts.map(make).reverse().reduce((a, b) => a.merge(b));
        expect(forward.toJSON()).toEqual(whole);
        expect(backward.toJSON()).toEqual(whole);
      }),
    );
  });

  it('round-trips through JSON, empty or not', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeUndefined();
    expect(s.min).toBeUndefined();
    expect(QuantileSketch.restore(JSON.parse(JSON.stringify(s))).count).toBe(0);
    for (const x of [-3, -1, 0, 0, 2, 5, 1e-320, 40, 40]) s.add(x);
    const back = QuantileSketch.restore(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    for (const q of [0, 0.2, 0.5, 0.8, 1]) expect(back.quantile(q)).toBe(s.quantile(q));
    expect(s.quantile(0)).toBe(-3);
    expect(s.quantile(0.35)).toBe(0); // zero and denormals share the zero bucket
    expect(s.max).toBe(40);
  });

  it('names the bad argument', () => {
    expect(() => new QuantileSketch({ relativeAccuracy: 1 })).toThrow(/options.relativeAccuracy must be in \(0, 1\)/);
    expect(() => new QuantileSketch({ maxBuckets: 0 })).toThrow(/options.maxBuckets must be an integer >= 1/);
    expect(() => new QuantileSketch().add(Number.NaN)).toThrow(/QuantileSketch.add: x must be finite/);
    expect(() => new QuantileSketch().add(1, 1.5)).toThrow(/QuantileSketch.add: count must be an integer/);
    expect(() => new QuantileSketch().quantile(2)).toThrow(/QuantileSketch.quantile: q must be in \[0, 1\]/);
    expect(() => new QuantileSketch().merge(new QuantileSketch({ relativeAccuracy: 0.05 }))).toThrow(/same relativeAccuracy/);
    const state = new QuantileSketch().toJSON();
    expect(() => QuantileSketch.restore({ ...state, count: 3 })).toThrow(/state.count 3 does not match/);
  });
});
