import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintRows } from '../../inspect/entropy/fingerprint.js';
import { entropy } from '../../shared/math/index.js';
import { CountTable } from './count-table.js';
import { DistinctRing } from './distinct-ring.js';
import { fingerprintOf, keyOf } from './fingerprint.js';
import { HistogramRing } from './histogram-ring.js';
import { LogScale } from './log-scale.js';
import { LruMap } from './lru.js';
import { ScalarRing } from './scalar-ring.js';
import { SampleRing } from './sample-ring.js';

describe('ScalarRing', () => {
  it('keeps running totals of the newest `length` seconds and expires older buckets', () => {
    const r = new ScalarRing(3);
    r.add(10, 1, 10_000);
    r.add(10, 0, 10_500);
    r.add(11, 4, 11_000);
    expect([r.count, r.sum, r.sumSq, r.trues]).toEqual([3, 5, 17, 2]);
    r.advance(12);
    expect(r.count).toBe(3);
    r.advance(13); // second 10 leaves
    expect([r.count, r.sum, r.trues]).toEqual([1, 4, 1]);
    expect(r.firstEventMs()).toBe(11_000);
    r.advance(100);
    expect([r.count, r.sum]).toEqual([0, 0]);
    expect(r.firstEventMs()).toBeUndefined();
  });

  it('counts events older than the ring as late and leaves them out', () => {
    const r = new ScalarRing(3);
    r.add(20, 1, 20_000);
    expect(r.add(17, 1, 17_000)).toBe(false);
    expect(r.add(18, 1, 18_000)).toBe(true); // still inside (18, 19, 20)
    expect([r.late, r.count]).toEqual([1, 2]);
  });

  it('resizes keeping the newest buckets (a knob changed the window)', () => {
    const r = new ScalarRing(5);
    for (let s = 0; s < 5; s++) r.add(s, s, s * 1000);
    const smaller = r.resized(2);
    expect([smaller.count, smaller.sum]).toEqual([2, 7]);
    const larger = r.resized(10);
    expect([larger.count, larger.sum]).toEqual([5, 10]);
    larger.add(9, 1, 9000);
    expect(larger.count).toBe(6);
  });

  it('matches a direct recomputation over random streams (no drift)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxLength: 300 }), (items) => {
        const sorted = [...items].sort((a, b) => a[0] - b[0]);
        const r = new ScalarRing(7);
        for (const [sec, x] of sorted) r.add(sec, x, sec * 1000);
        const head = sorted.at(-1)?.[0] ?? 0;
        const inside = sorted.filter(([sec]) => sec > head - 7);
        expect(r.count).toBe(inside.length);
        expect(r.sum).toBeCloseTo(inside.reduce((a, [, x]) => a + x, 0), 3);
      }),
    );
  });

  it('lists its buckets oldest first for CUSUM', () => {
    const r = new ScalarRing(3);
    r.add(5, 1, 5000);
    r.add(7, 0, 7000);
    expect(r.buckets().map((b) => [b.sec, b.count, b.trues])).toEqual([[5, 1, 1], [6, 0, 0], [7, 1, 0]]);
  });
});

describe('HistogramRing and LogScale', () => {
  it('keeps window totals per bin', () => {
    const h = new HistogramRing(2, 3);
    h.add(0, 0, 0);
    h.add(1, 2, 1000);
    h.add(1, 2, 1500);
    expect([...h.totals]).toEqual([1, 0, 2]);
    h.advance(2);
    expect([...h.totals]).toEqual([0, 0, 2]);
    expect(h.resized(1).total).toBe(0);
  });

  it('reads quantiles within the relative accuracy', () => {
    const s = new LogScale({ relativeAccuracy: 0.02, min: 1e-3, max: 1e7 });
    const h = new HistogramRing(1, s.bins);
    for (let i = 1; i <= 1000; i++) h.add(0, s.index(i), 0);
    for (const [q, x] of [[0.5, 500], [0.99, 990], [0.01, 10]] as const) expect(Math.abs((s.quantile(h.totals, h.total, q) as number) - x) / x).toBeLessThan(0.021);
    expect(s.index(0)).toBe(0);
    expect(s.index(1e9)).toBe(s.bins - 1);
  });
});

describe('CountTable and DistinctRing (exact entropy of distinct values)', () => {
  it('agrees with a Map and with shared/math entropy under random increments and decrements', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { maxLength: 400 }), (ops) => {
        const t = new CountTable(4);
        const m = new Map<number, number>();
        for (const [add, raw] of ops) {
          const key = (raw * 2654435761) >>> 0;
          if (add) {
            t.increment(key);
            m.set(key, (m.get(key) ?? 0) + 1);
          } else if ((m.get(key) ?? 0) > 0) {
            t.decrement(key);
            const c = (m.get(key) as number) - 1;
            if (c === 0) m.delete(key);
            else m.set(key, c);
          }
        }
        expect(t.size).toBe(m.size);
        const e = entropy([...m.values()]);
        if (e.ok) expect(t.entropyBits()).toBeCloseTo(e.entropy, 9);
        else expect(t.entropyBits()).toBeUndefined();
      }),
    );
  });

  it('computes the window entropy as buckets expire', () => {
    const d = new DistinctRing(2, 100);
    d.add(0, 1, 0);
    d.add(0, 1, 1);
    d.add(1, 2, 1000);
    d.add(1, 3, 1001);
    expect(d.entropyBits()).toBeCloseTo(1.5, 12);
    d.advance(2); // second 0 leaves: {2, 3}
    expect(d.entropyBits()).toBeCloseTo(1, 12);
    expect(d.distinct).toBe(2);
  });

  it('caps the values a window holds and counts what it left out', () => {
    const d = new DistinctRing(2, 3);
    for (let i = 0; i < 5; i++) d.add(0, i, i);
    expect([d.total, d.capped]).toEqual([3, 2]);
  });

  it('resizes keeping the newest buckets', () => {
    const d = new DistinctRing(3, 100);
    d.add(0, 1, 0);
    d.add(1, 2, 1000);
    d.add(2, 3, 2000);
    expect(d.resized(2).total).toBe(2);
  });
});

describe('fingerprints', () => {
  it('use the inspectors\' scheme (log4-fnv1a32), so live windows and baselines count the same ids', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 0, maxLength: 16 }), (row) => {
        expect(fingerprintOf(row, 4)).toBe(fingerprintRows([row]));
      }),
    );
    expect(fingerprintOf([55.1, 3, 0], 4)).toBe(fingerprintOf([56, 3, 0], 4));
    expect(fingerprintOf([55.1, 3, 0], 4)).not.toBe(fingerprintOf([5.1, 3, 0], 4));
  });

  it('keys uint32 values as themselves and hashes the rest', () => {
    expect(keyOf(3426124597)).toBe(3426124597);
    expect(keyOf(0.5)).not.toBe(keyOf(0.25));
    expect(keyOf(-1)).toBeLessThanOrEqual(0xffffffff);
  });
});

describe('LruMap and SampleRing', () => {
  it('evicts the least recently used entry beyond capacity and counts it', () => {
    const evicted: string[] = [];
    const m = new LruMap<string, number>(2, (k) => evicted.push(k));
    m.set('a', 1);
    m.set('b', 2);
    m.get('a');
    m.set('c', 3);
    expect([...m.keys()]).toEqual(['a', 'c']);
    expect([m.evictions, evicted]).toEqual([1, ['b']]);
  });

  it('keeps the newest samples and filters by time', () => {
    const s = new SampleRing(3);
    ['a', 'b', 'c', 'd'].forEach((id, i) => s.push(id, i % 2 === 0 ? 'k1' : undefined, i * 10));
    expect(s.since(0)).toEqual({ ids: ['b', 'c', 'd'], keys: ['k1'] });
    expect(s.since(25).ids).toEqual(['d']);
  });
});
