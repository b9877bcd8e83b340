import { describe, expect, it } from 'vitest';
import { createRng } from '../../models/train/rng.js';
import { DETECT_DEFAULTS } from '../defaults.js';
import { PradaState } from './prada.js';
import { QueryPatterns, VolumeHistory } from './query-patterns.js';

const PRADA = DETECT_DEFAULTS.prada;

describe('PRADA state of one key', () => {
  it('sees normally distributed minimum distances for independent queries (W high)', () => {
    const rng = createRng(1);
    const p = new PradaState(8, PRADA);
    for (let i = 0; i < 600; i++) p.observe(Array.from({ length: 8 }, () => rng.normal()), i % 2, undefined);
    const v = p.value();
    expect(v.ok && v.w).toBeGreaterThan(0.95);
  });

  it('sees a non-normal distribution for small perturbations of earlier queries (W low)', () => {
    const rng = createRng(2);
    const p = new PradaState(8, PRADA);
    const seeds = Array.from({ length: 10 }, () => Array.from({ length: 8 }, () => rng.normal()));
    let pool = seeds;
    while (pool.length < 600) pool = pool.concat(pool.map((q) => q.map((v) => v + 0.05 * (rng.next() < 0.5 ? -1 : 1))));
    let lowest = 1;
    for (const q of pool.slice(0, 600)) {
      p.observe(q, 0, undefined);
      const v = p.value();
      if (v.ok) lowest = Math.min(lowest, v.w);
    }
    expect(lowest).toBeLessThan(0.9); // PRADA alarms the first time W drops below δ
  });

  it('needs more than minDistances distances, and recomputes W every recomputeEvery queries', () => {
    const rng = createRng(3);
    const p = new PradaState(4, PRADA);
    for (let i = 0; i < 50; i++) p.observe([rng.normal(), rng.normal(), rng.normal(), rng.normal()], 0, undefined);
    expect(p.value()).toMatchObject({ ok: false, reason: 'below-min-events' });
    for (let i = 0; i < 200; i++) p.observe([rng.normal(), rng.normal(), rng.normal(), rng.normal()], 0, undefined);
    const first = p.value();
    p.observe([100, 100, 100, 100], 0, undefined);
    expect(p.value()).toBe(first); // cached until 10 more queries
  });

  it('bounds memory: growing sets, distances and classes are capped', () => {
    const rng = createRng(4);
    const p = new PradaState(2, { ...PRADA, maxGrowingPerClass: 8, maxDistances: 200, maxClasses: 2 });
    for (let i = 0; i < 5000; i++) p.observe([rng.normal() * 10, rng.normal() * 10], i % 5, undefined);
    const v = p.value();
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.growing).toBeLessThanOrEqual(8 * 3); // two classes and the shared overflow class
      expect(v.kept).toBeLessThanOrEqual(200);
    }
  });
});

describe('query patterns of one key', () => {
  const options = { ...DETECT_DEFAULTS.patterns, fingerprintBucketsPerDecade: 4 };

  it('measures the unique-input rate, the coverage and the share of boundary probes', () => {
    const q = new QueryPatterns({ ...options, history: 100 });
    // 10^(i/4): a new quarter-decade bucket of the fingerprint grid per query, except every 10th (always 1)
    for (let i = 0; i < 100; i++) q.observe([i % 10 === 0 ? 1 : 10 ** ((i + 0.5) / 4), 5], undefined, i % 4 === 0 ? 0.01 : 0.8);
    expect(q.uniqueRate()).toBe(0.91);
    expect(q.coverage()).toBeLessThan(0.2); // raw values: one cell per 1σ = 1 unit, clamped at ±3
    expect(q.boundaryShare()).toBe(0.25);
    expect(q.queries).toBe(100);
  });

  it('forgets queries beyond its history', () => {
    const q = new QueryPatterns({ ...options, history: 10 });
    for (let i = 0; i < 10; i++) q.observe([i], undefined, undefined);
    for (let i = 0; i < 10; i++) q.observe([7], undefined, undefined);
    expect(q.uniqueRate()).toBe(0.1);
    expect(q.boundaryShare()).toBeUndefined();
  });

  it('compares a key\'s volume with its own history', () => {
    const v = new VolumeHistory({ volumePeriodMs: 1000, volumeMinPeriods: 5, volumeHalfLife: 30 });
    for (let s = 0; s < 20; s++) for (let i = 0; i < 10; i++) v.observe(s * 1000 + i);
    expect(v.zscore()?.z).toBeLessThan(1);
    for (let i = 0; i < 100; i++) v.observe(20_000 + i);
    expect(v.zscore()?.z).toBeGreaterThan(3);
    expect(new VolumeHistory({ volumePeriodMs: 1000, volumeMinPeriods: 5, volumeHalfLife: 30 }).zscore()).toBeUndefined();
  });
});
