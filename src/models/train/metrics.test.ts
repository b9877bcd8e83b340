import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracy, logLoss, rocAuc } from './metrics.js';

/** The definition, O(n²): P(score₊ > score₋) + ½ P(score₊ = score₋) over all pairs. */
function pairwiseAuc(scores: readonly number[], labels: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((q, j) => {
      if (labels[j] === 1) return;
      pairs++;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('rocAuc', () => {
  it.each([
    // scikit-learn's roc_auc_score documentation example
    ['sklearn docs example', [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.75],
    ['perfect ranking', [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
    ['inverted ranking', [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0],
    ['all scores tied', [0.5, 0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1, 1], 0.5],
    // positives {0.3, 0.7, 0.7}, negatives {0.3, 0.5}: pairs 0.5+0 | 1+1 | 1+1 → 4.5 / 6
    ['ties across classes (hand-computed)', [0.3, 0.3, 0.5, 0.7, 0.7], [1, 0, 0, 1, 1], 0.75],
    // positives {2, 2}, negatives {1, 2, 3}: (1+0.5+0)·2 / 6
    ['ties with a middle score (hand-computed)', [1, 2, 2, 2, 3], [0, 1, 0, 1, 0], 0.5],
  ])('%s', (_name, scores, labels, expected) => {
    expect(rocAuc(scores, labels)).toBeCloseTo(expected, 12);
  });

  it('equals the pairwise definition on random data with many ties (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 80 }), (rows) => {
        const data = [[0, true] as const, [3, false] as const, ...rows];
        const scores = data.map(([s]) => s / 6);
        const labels = data.map(([, l]) => (l ? 1 : 0));
        expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
      }),
      { numRuns: 200 },
    );
  });

  it('depends only on the ranking (a monotone transform keeps it)', () => {
    const scores = [0.2, 0.9, 0.4, 0.4, 0.7, 0.1];
    const labels = [0, 1, 1, 0, 1, 0];
    expect(rocAuc(scores.map((s) => Math.exp(10 * s)), labels)).toBeCloseTo(rocAuc(scores, labels), 12);
  });

  it('rejects a single class and mismatched lengths', () => {
    expect(() => rocAuc([0.1, 0.2], [1, 1])).toThrow(/both classes/);
    expect(() => rocAuc([0.1], [0, 1])).toThrow(/1 scores but 2 labels/);
  });
});

describe('accuracy and logLoss', () => {
  it('counts argmax hits (first class on ties)', () => {
    expect(accuracy(Float64Array.of(0.9, 0.1, 0.3, 0.7, 0.5, 0.5), Int32Array.of(0, 0, 0), 2)).toBeCloseTo(2 / 3, 12);
    expect(() => accuracy(Float64Array.of(1, 2, 3), Int32Array.of(0), 2)).toThrow(RangeError);
  });

  it('averages −log p(label)', () => {
    expect(logLoss(Float64Array.of(0.5, 0.5, 0.2, 0.8), Int32Array.of(1, 1), 2)).toBeCloseTo((Math.LN2 - Math.log(0.8)) / 2, 12);
    expect(Number.isFinite(logLoss(Float64Array.of(1, 0), Int32Array.of(1), 2))).toBe(true);
  });
});
