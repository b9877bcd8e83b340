import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { createRng } from './rng.js';
import { stratifiedSplit, takeRows } from './split.js';

const count = (labels: ArrayLike<number>, rows: Int32Array, label: number): number => rows.reduce((n, i) => n + (labels[i] === label ? 1 : 0), 0);

describe('stratifiedSplit', () => {
  it('holds out round(count × fraction) rows of every class, keeping the class balance', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 < 2 ? 1 : 0)); // 200 positives
    const { train, test } = stratifiedSplit(labels, 0.25, 3);
    expect(test.length).toBe(250);
    expect(count(labels, test, 1)).toBe(50);
    expect(count(labels, test, 0)).toBe(200);
    expect(count(labels, train, 1)).toBe(150);
  });

  it('partitions the rows: disjoint, complete, ascending (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 30, maxLength: 300 }), fc.double({ min: 0.1, max: 0.5, noNaN: true }), fc.nat(), (raw, fraction, seed) => {
        const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, ...raw]);
        const { train, test } = stratifiedSplit(labels, fraction, seed);
        const all = [...train, ...test].sort((a, b) => a - b);
        expect(all).toEqual(Array.from(labels, (_, i) => i));
        for (const rows of [train, test]) for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1] as number);
        for (const label of [0, 1, 2]) {
          const total = labels.filter((l) => l === label).length;
          expect(count(labels, test, label)).toBe(Math.round(total * fraction));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is a function of the seed: same seed same split, another seed another split', () => {
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 2);
    const a = stratifiedSplit(labels, 0.2, 11);
    expect(stratifiedSplit(labels, 0.2, 11)).toEqual(a);
    expect(Array.from(stratifiedSplit(labels, 0.2, 12).test)).not.toEqual(Array.from(a.test));
  });

  it('rejects a fraction outside (0, 1) and a class too small to appear in both splits', () => {
    expect(thrown(() => stratifiedSplit([0, 1], 1, 1)).code).toBe('MDL_ERR_TRAIN_BAD_OPTION');
    expect(thrown(() => stratifiedSplit([0, 1], 0, 1)).code).toBe('MDL_ERR_TRAIN_BAD_OPTION');
    const err = thrown(() => stratifiedSplit([0, 0, 0, 0, 1], 0.2, 1));
    expect(err.code).toBe('MDL_ERR_TRAIN_TOO_FEW_ROWS');
    expect(err.details).toMatchObject({ label: 1, rows: 1 });
  });
});

describe('takeRows', () => {
  it('copies the chosen rows in the given order', () => {
    expect(Array.from(takeRows(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, Int32Array.from([2, 0])))).toEqual([5, 6, 1, 2]);
  });
});

describe('createRng', () => {
  it('repeats its stream for a seed, differs across seeds, and stays in range', () => {
    const a = createRng(5);
    const b = createRng(5);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(createRng(6).next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('draws normals with mean ≈ 0 and variance ≈ 1, and shuffles into a permutation', () => {
    const rng = createRng(9);
    const zs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = zs.reduce((s, z) => s + z, 0) / zs.length;
    const variance = zs.reduce((s, z) => s + (z - mean) ** 2, 0) / zs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const shuffled = rng.shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(shuffled).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
