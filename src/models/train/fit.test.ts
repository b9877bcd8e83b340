import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { batchGradients, zeroGradients } from './backprop.js';
import { balancedClassWeights, fitMlp } from './fit.js';
import { initMlp, mlpLogits, softmaxRows } from './mlp.js';
import type { Mlp } from './mlp.js';
import { createRng } from './rng.js';

/** Weighted mean cross-entropy, computed from the forward pass only. */
function loss(mlp: Mlp, x: Float64Array, y: Int32Array, weights: Float64Array): number {
  const p = softmaxRows(mlpLogits(mlp, x), mlp.classes);
  let total = 0;
  let sum = 0;
  y.forEach((label, i) => {
    const w = weights[label] as number;
    total -= w * Math.log(p[i * mlp.classes + label] as number);
    sum += w;
  });
  return total / sum;
}

function toyData(n: number, seed: number): { x: Float64Array; y: Int32Array } {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: n * 3 }, () => rng.normal());
  const y = Int32Array.from({ length: n }, (_, i) => ((x[i * 3] as number) + 0.5 * (x[i * 3 + 1] as number) > 0 ? 1 : 0));
  return { x, y };
}

describe('batchGradients', () => {
  it.each([
    ['MLP 4-5-3', 5],
    ['logistic regression 4-3', 0],
  ])('matches central finite differences (%s)', (_name, hidden) => {
    const rng = createRng(2);
    const mlp = initMlp({ inputs: 4, hidden, classes: 3 }, rng);
    for (let k = 0; k < mlp.b1.length; k++) mlp.b1[k] = 0.1 * rng.normal(); // keep ReLUs away from their kink
    const x = Float64Array.from({ length: 6 * 4 }, () => rng.normal());
    const y = Int32Array.of(0, 2, 1, 1, 0, 2);
    const weights = Float64Array.of(1, 2.5, 0.5);
    const g = zeroGradients(mlp);
    const value = batchGradients(mlp, { x, y, rows: Int32Array.of(0, 1, 2, 3, 4, 5), classWeights: weights }, g);
    expect(value).toBeCloseTo(loss(mlp, x, y, weights), 12);
    const h = 1e-6;
    for (const [w, gw] of [[mlp.w1, g.w1], [mlp.b1, g.b1], [mlp.w2, g.w2], [mlp.b2, g.b2]] as const) {
      for (let k = 0; k < w.length; k++) {
        const keep = w[k] as number;
        w[k] = keep + h;
        const up = loss(mlp, x, y, weights);
        w[k] = keep - h;
        const down = loss(mlp, x, y, weights);
        w[k] = keep;
        expect(gw[k]).toBeCloseTo((up - down) / (2 * h), 6);
      }
    }
  });
});

describe('fitMlp', () => {
  const options = { epochs: 30, batchSize: 16, learningRate: 0.01, seed: 4 };

  it('learns a linearly separable problem', () => {
    const { x, y } = toyData(400, 1);
    const { mlp, lossHistory } = fitMlp(x, y, { inputs: 3, hidden: 8, classes: 2 }, options);
    expect(lossHistory.at(-1)).toBeLessThan((lossHistory[0] as number) / 2);
    const p = softmaxRows(mlpLogits(mlp, x), 2);
    const correct = y.filter((label, i) => ((p[2 * i + 1] as number) > 0.5 ? 1 : 0) === label).length;
    expect(correct / y.length).toBeGreaterThan(0.95);
  });

  it('is deterministic: same seed, bit-identical weights; another seed, other weights', () => {
    const { x, y } = toyData(200, 2);
    const a = fitMlp(x, y, { inputs: 3, hidden: 6, classes: 2 }, options).mlp;
    const b = fitMlp(x, y, { inputs: 3, hidden: 6, classes: 2 }, options).mlp;
    expect(Buffer.from(b.w1.buffer).equals(Buffer.from(a.w1.buffer))).toBe(true);
    expect(Buffer.from(b.w2.buffer).equals(Buffer.from(a.w2.buffer))).toBe(true);
    const c = fitMlp(x, y, { inputs: 3, hidden: 6, classes: 2 }, { ...options, seed: 5 }).mlp;
    expect(Array.from(c.w1)).not.toEqual(Array.from(a.w1));
  });

  it('keeps the weights of masked inputs at exactly zero (the model ignores them)', () => {
    const { x, y } = toyData(200, 3);
    const mask = Uint8Array.of(1, 0, 1);
    for (const hidden of [6, 0]) {
      const { mlp } = fitMlp(x, y, { inputs: 3, hidden, classes: 2 }, { ...options, inputMask: mask });
      const w = hidden > 0 ? mlp.w1 : mlp.w2;
      const rows = hidden > 0 ? hidden : 2;
      for (let r = 0; r < rows; r++) {
        expect(w[r * 3 + 1]).toBe(0);
        expect(w[r * 3]).not.toBe(0);
      }
    }
  });

  it('rejects bad options and reports divergence', () => {
    const { x, y } = toyData(20, 4);
    expect(thrown(() => fitMlp(x, y, { inputs: 3, hidden: 2, classes: 2 }, { ...options, epochs: 0 })).details).toMatchObject({ option: 'epochs' });
    expect(thrown(() => fitMlp(x, y, { inputs: 3, hidden: 2, classes: 2 }, { ...options, learningRate: -1 })).code).toBe('MDL_ERR_TRAIN_BAD_OPTION');
    const broken = Float64Array.from(x);
    broken[4] = Number.NaN;
    expect(thrown(() => fitMlp(broken, y, { inputs: 3, hidden: 2, classes: 2 }, options)).code).toBe('MDL_ERR_TRAIN_DIVERGED');
  });
});

describe('balancedClassWeights', () => {
  it('gives n / (classes · n_c)', () => {
    const w = balancedClassWeights(Int32Array.of(0, 0, 0, 1), 2);
    expect(w[0]).toBeCloseTo(4 / 6, 12);
    expect(w[1]).toBe(2);
  });
});
