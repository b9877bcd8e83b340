/**
 * Weighted and sticky version choice: compiled bounds, statistical split over 10k draws,
 * stable buckets for a sticky key, and an even spread of many sticky keys.
 */
import { describe, expect, it } from 'vitest';
import { chooseVersion, compileWeights, pickVersion, randomBucket, stickyBucket } from './choose-version.js';

/** A deterministic uniform generator (mulberry32), so the statistics are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function tally(draws: number, choose: (i: number) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const v = choose(i);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

describe('compileWeights', () => {
  it('sends everything to active without weights, or with one version at 100', () => {
    expect(compileWeights({ active: 'v2' })).toEqual({ versions: ['v2'], bounds: [10_000], buckets: 10_000 });
    expect(compileWeights({ active: 'v2', weights: { v1: 0, v2: 100 } })).toEqual({ versions: ['v2'], bounds: [10_000], buckets: 10_000 });
  });

  it('builds cumulative bounds ending at the bucket count', () => {
    expect(compileWeights({ active: 'v2', weights: { v1: 95, v2: 5 } }).bounds).toEqual([9_500, 10_000]);
    expect(compileWeights({ active: 'a', weights: { a: 33.33, b: 33.33, c: 33.34 } }).bounds).toEqual([3_333, 6_666, 10_000]);
  });

  it('maps buckets to versions at the bounds', () => {
    const c = compileWeights({ active: 'v2', weights: { v1: 95, v2: 5 } });
    expect([0, 9_499, 9_500, 9_999].map((b) => pickVersion(c, b))).toEqual(['v1', 'v1', 'v2', 'v2']);
  });
});

describe('chooseVersion (random)', () => {
  it.each([
    [{ v1: 95, v2: 5 }],
    [{ v1: 50, v2: 50 }],
    [{ v1: 10, v2: 30, v3: 60 }],
    [{ v1: 0.5, v2: 99.5 }],
  ])('splits 10k draws as %o within 4 standard deviations', (weights) => {
    const compiled = compileWeights({ active: 'v1', weights });
    const random = seeded(42);
    const n = 10_000;
    const counts = tally(n, () => chooseVersion(compiled, 'fraud', undefined, random()));
    for (const [version, percent] of Object.entries(weights)) {
      const p = percent / 100;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs((counts.get(version) ?? 0) - n * p), `${version}`).toBeLessThanOrEqual(4 * sd + 1);
    }
  });

  it('clamps a random number at the edges', () => {
    expect(randomBucket(0, 10)).toBe(0);
    expect(randomBucket(0.999999999, 10)).toBe(9);
    expect(randomBucket(1, 10)).toBe(9);
  });
});

describe('chooseVersion (sticky)', () => {
  const compiled = compileWeights({ active: 'v1', weights: { v1: 80, v2: 20 } });

  it('gives one key the same version whatever the random draw', () => {
    const random = seeded(7);
    for (const key of ['shop-frontend', 'session-42', 'ü-key', '']) {
      const first = chooseVersion(compiled, 'fraud', key, random());
      for (let i = 0; i < 100; i++) expect(chooseVersion(compiled, 'fraud', key, random())).toBe(first);
    }
  });

  it('is stable across calls and processes (a fixed bucket for a fixed key)', () => {
    expect(stickyBucket('fraud', 'shop-frontend', 10_000)).toBe(stickyBucket('fraud', 'shop-frontend', 10_000));
    expect(stickyBucket('fraud', 'a', 10_000)).not.toBe(stickyBucket('assistant', 'a', 10_000));
  });

  it('spreads 10k distinct keys like the weights (within 4 standard deviations)', () => {
    const n = 10_000;
    const counts = tally(n, (i) => chooseVersion(compiled, 'fraud', `client-${i}`, 0));
    const sd = Math.sqrt(n * 0.2 * 0.8);
    expect(Math.abs((counts.get('v2') ?? 0) - 2_000)).toBeLessThanOrEqual(4 * sd);
  });

  it('spreads sticky buckets uniformly (chi-square over 20 cells)', () => {
    const cells = new Array<number>(20).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) cells[Math.floor(stickyBucket('fraud', `user${i}`, 10_000) / 500)]! += 1;
    const expected = n / 20;
    const chi2 = cells.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8); // p = 0.001 for 19 degrees of freedom
  });
});
