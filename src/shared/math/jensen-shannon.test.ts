import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jensenShannon } from './jensen-shannon.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

function distance(r: ReturnType<typeof jensenShannon>): number {
  if (!r.ok) throw new Error(r.detail);
  return r.distance;
}

describe('jensenShannon', () => {
  it('matches SciPy scipy.spatial.distance.jensenshannon (the distance) in bits and nats', () => {
    // /usr/bin/python3 -c "from scipy.spatial.distance import jensenshannon as js; print([float(js(p,q,base=2)) for p,q in [([1,0],[0,1]),([0.5,0.5],[0.9,0.1]),([10,20,30,40],[40,30,20,10]),([1,0,3,0,6],[0,2,3,4,1]),([5,5],[5,5])]], [float(js(p,q)) for p,q in [([0.5,0.5],[0.9,0.1]),([1,0,3,0,6],[0,2,3,4,1])]])"
    const pairs: [number[], number[]][] = [[[1, 0], [0, 1]], [[0.5, 0.5], [0.9, 0.1]], [[10, 20, 30, 40], [40, 30, 20, 10]], [[1, 0, 3, 0, 6], [0, 2, 3, 4, 1]], [[5, 5], [5, 5]]];
    const bits = [1.0, 0.3831358798599423, 0.3918681606471551, 0.7020787188743051, 0.0];
    pairs.forEach(([p, q], i) => expectClose(distance(jensenShannon(p, q)), bits[i] as number, 1e-14, 1e-15));
    const nats = [0.31898154347735663, 0.5845188747944916];
    [pairs[1], pairs[3]].forEach((pair, i) => expectClose(distance(jensenShannon(pair![0], pair![1], 'nats')), nats[i] as number, 1e-14));
  });

  it('returns the divergence as the squared distance', () => {
    const r = jensenShannon([0.5, 0.5], [0.9, 0.1]);
    expect(r.ok && r.divergence).toBeCloseTo(0.3831358798599423 ** 2, 15);
  });

  it('is symmetric and within [0, 1] in bits, 0 for identical inputs (property)', () => {
    const dist = fc.array(fc.nat(1000), { minLength: 1, maxLength: 16 });
    fc.assert(
      fc.property(dist, dist, (a, b) => {
        const n = Math.min(a.length, b.length);
        const p = a.slice(0, n).map((v) => v + 1);
        const q = b.slice(0, n).map((v, i) => (i === 0 ? v : v * (i % 2)));
        const pq = jensenShannon(p, q);
        const qp = jensenShannon(q, p);
        if (!pq.ok || !qp.ok) return;
        expect(pq.divergence).toBeGreaterThanOrEqual(0);
        expect(pq.divergence).toBeLessThanOrEqual(1);
        expectClose(pq.divergence, qp.divergence, 1e-12, 1e-15);
        const pp = jensenShannon(p, p);
        expect(pp.ok && pp.divergence).toBe(0);
      }),
    );
  });

  it('reports an all-zero distribution as unmeasurable', () => {
    expect(jensenShannon([0, 0], [1, 1])).toEqual({ ok: false, reason: 'zero-total', detail: 'jensenShannon: p sums to 0' });
    expect(jensenShannon([1, 1], [0, 0])).toMatchObject({ ok: false, reason: 'zero-total' });
  });

  it('names the bad argument', () => {
    expect(() => jensenShannon([1, 2], [1])).toThrow(/jensenShannon: p and q must have the same length/);
    expect(() => jensenShannon([1, -2], [1, 1])).toThrow(/jensenShannon: p\[1\] must be >= 0/);
  });
});
