/**
 * HopSkipJump (issue 10, items 1 and 4), checked against references that share no code
 * with the attack:
 *
 * 1. A two-class linear model written here. The closest point of the other class is at
 *    L2 distance m/‖Δw‖₂ and L∞ distance m/‖Δw‖₁ (m the margin; the clip range is far
 *    away). No attack can go below these; HopSkipJump's estimate of the boundary normal is
 *    unbiased on a linear boundary (Chen et al. 2020, Theorem 2: its cosine with the normal
 *    grows with √B), and with the right normal each step-and-search brings the distance
 *    geometrically close to the minimum. So within 3,000 queries the distances must be
 *    within a few percent of the closed form (median ≤ 1.03×, worst ≤ 1.1×), never below it.
 * 2. Query accounting from outside (a wrapper counting rows, minus the runner's two passes),
 *    and the budget.
 * 3. The optdigits MLP, decision-only, 5,000 queries: a trivial upper bound of each digit's
 *    minimal perturbation is its L2 distance to the nearest test digit the model puts in
 *    another class (that whole segment's far end is adversarial); computed here with plain
 *    loops. The paper shows HopSkipJump reducing its starting distance by an order of
 *    magnitude within a few thousand queries on MNIST; we require every digit to be
 *    flipped and the median distance to be below half the median of that bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor, Model } from '../../models/index.js';
import { OnnxRuntimeModel } from '../../models/index.js';
import { readOptdigitsFile } from '../../models/io/index.js';
import { createRng, trainDigits } from '../../models/train/index.js';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { countingModel } from '../fixtures.contract.js';
import { runAttack } from '../runner.js';

const F = 20;
const N = 100;

function binaryCase(seed: number): { model: Model; x: Float32Array; margin: (r: number) => number; l1: number; l2: number } {
  const rng = createRng(seed);
  const w = Float64Array.from({ length: F }, () => (rng.next() < 0.5 ? -1 : 1) * (0.1 + 0.9 * rng.next()));
  const x = Float32Array.from({ length: N * F }, () => 2 * rng.next() - 1);
  const z = (batch: Float32Array, r: number): number => {
    let v = 0.1;
    for (let i = 0; i < F; i++) v += (batch[r * F + i] as number) * (w[i] as number);
    return v;
  };
  const model: Model = {
    signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, F] }], outputs: [{ name: 'z', datatype: 'FP32', shape: [-1, 2] }] },
    differentiable: false,
    outputKind: 'logits',
    predict: async (batch: Float32Array, shape: number[]): Promise<HostTensor> => {
      const rows = shape[0] as number;
      const out = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) out[r * 2] = z(batch, r);
      return { data: out, shape: [rows, 2] };
    },
    dispose: () => undefined,
  };
  return { model, x, margin: (r) => Math.abs(z(x, r)), l1: w.reduce((a, v) => a + Math.abs(v), 0), l2: Math.hypot(...w) };
}

describe('hopskipjump on a linear model: against the closed-form minimum', () => {
  const c = binaryCase(5);
  const clip: [number, number] = [-5, 5];

  it.each([
    ['2', 'l2', c.l2],
    ['inf', 'linf', c.l1],
  ] as const)('norm %s: within a few percent of m/‖Δw‖ after 3,000 queries, never below', async (norm, key, dual) => {
    const run = await runAttack({ model: c.model, attack: 'hopskipjump', threat: { knowledge: 'decision-only', norm, maxQueries: 3000, clip }, x: c.x, shape: [N, F] });
    const ratios = run.results.map((s) => s[key] / (c.margin(s.index) / dual)).sort((a, b) => a - b);
    expect(run.summary.success_rate).toBe(1);
    expect(ratios[0]).toBeGreaterThanOrEqual(1 - 1e-4);
    expect(ratios[N >> 1]).toBeLessThanOrEqual(1.03);
    expect(ratios[N - 1]).toBeLessThanOrEqual(1.1);
  });

  it('counts queries exactly and never exceeds the budget', async () => {
    const { model, counts } = countingModel(c.model);
    const run = await runAttack({ model, attack: 'hopskipjump', threat: { knowledge: 'decision-only', norm: '2', maxQueries: 400, clip }, x: c.x, shape: [N, F], batchSize: 30 });
    expect(counts.predictRows - 2 * N).toBe(run.results.reduce((a, s) => a + s.queries, 0));
    expect(Math.max(...run.results.map((s) => s.queries))).toBeLessThanOrEqual(400);
    expect(run.summary.success_rate).toBe(1);
  });

  it('needs a clip range, and a white-box attack cannot run on the same decision-only model', async () => {
    await expect(runAttack({ model: c.model, attack: 'hopskipjump', threat: { knowledge: 'decision-only' }, x: c.x, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_THREAT_MODEL', message: expect.stringMatching(/clip: hopskipjump needs a clip range/) });
    await expect(runAttack({ model: c.model, attack: 'pgd', threat: { knowledge: 'decision-only', eps: 0.1, clip }, x: c.x, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_OUTSIDE_THREAT_MODEL' });
  });
});

const tra = sharedData('images/optdigits.tra');
const tes = sharedData('images/optdigits.tes');
const DIGITS = 200;

describe.skipIf(!tra.available || !tes.available)(`hopskipjump on the optdigits MLP, ${DIGITS} digits, decision-only (${tes.reason})`, () => {
  let model: Model;
  let x: Float32Array;
  let labels: Int32Array;

  beforeAll(async () => {
    const train = await readOptdigitsFile(tra.path, { scale: true });
    const test = await readOptdigitsFile(tes.path, { scale: true });
    model = await OnnxRuntimeModel.create(trainDigits(train, test, { seed: 1, epochs: 10 }).bytes);
    x = Float32Array.from(test.x.subarray(0, DIGITS * 64));
    labels = Int32Array.from(test.y.subarray(0, DIGITS));
  });
  afterAll(() => model?.dispose());

  it('flips every digit, with a median L2 below half the distance to the nearest digit of another class', async () => {
    const run = await runAttack({ model, attack: 'hopskipjump', threat: { knowledge: 'decision-only', norm: '2', maxQueries: 5000, clip: [0, 1] }, x, shape: [DIGITS, 64], labels: 'predicted' });
    const pred = Int32Array.from(run.results, (s) => s.clean_pred);
    const nearest = run.results.map((s) => {
      let best = Number.POSITIVE_INFINITY;
      for (let j = 0; j < DIGITS; j++) {
        if (pred[j] === pred[s.index]) continue;
        let d = 0;
        for (let i = 0; i < 64; i++) d += ((x[s.index * 64 + i] as number) - (x[j * 64 + i] as number)) ** 2;
        best = Math.min(best, Math.sqrt(d));
      }
      return best;
    });
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1] as number;
    expect(run.summary.success_rate).toBe(1);
    expect(median(run.results.map((s) => s.l2))).toBeLessThan(0.5 * median(nearest));
    expect(run.summary.queries.max).toBeLessThanOrEqual(5000);
  });

  it('targeted: starts from a digit of the target class and ends on its boundary', async () => {
    const run = await runAttack({ model, attack: 'hopskipjump', params: { iterations: 10 }, threat: { goal: 'targeted', knowledge: 'decision-only', norm: '2', maxQueries: 3000, clip: [0, 1] }, x, shape: [DIGITS, 64], labels });
    expect(run.summary.success_rate_eligible).toBeGreaterThanOrEqual(0.99);
    expect(run.results.every((s) => !s.success || s.adv_pred === s.target)).toBe(true);
  });
});
