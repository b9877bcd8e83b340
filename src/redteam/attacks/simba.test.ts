/**
 * SimBA in the pixel basis (issue 10, items 1 and 4), checked against references that
 * share no code with the attack:
 *
 * 1. A two-class linear model written here (z₀ = w·x + b, z₁ = 0). Stepping feature i by
 *    +α changes the label's margin by +α·Δw_i (Δw = w for label 0, −w for label 1), so
 *    SimBA keeps +α exactly when Δw_i < 0 and otherwise tries −α, which it keeps when
 *    Δw_i > 0. After a full pass each feature has moved by −α·sign(Δw_i): the attack
 *    succeeds exactly when the margin m < α‖Δw‖₁, and a sample it cannot flip spends
 *    exactly 1 + n + #{i : Δw_i ≥ 0} queries (the start, one trial per feature, a second
 *    one where the first failed). Both figures are computed here from the weights.
 * 2. Query accounting from outside the oracle (a wrapper counting rows, minus the runner's
 *    two passes), and the L2 budget: a sample stops before a step would leave the ball.
 * 3. The optdigits MLP with the paper's step, α = 0.2 in [0, 1] pixel units. Guo et al.
 *    report 98.6% success for SimBA (pixel) on an undefended ImageNet ResNet-50 (Table 1,
 *    untargeted, with about 1,700 queries on average). Digits have 64 pixels, so one pass
 *    tries each pixel once: we require ≥ 95% of the correctly classified digits, mean
 *    queries ≤ 2·64 + 1 (the most a pass can spend), and ‖δ‖∞ ≤ α.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor, Model } from '../../models/index.js';
import { OnnxRuntimeModel } from '../../models/index.js';
import { readOptdigitsFile } from '../../models/io/index.js';
import { createRng, trainDigits } from '../../models/train/index.js';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { countingModel } from '../fixtures.contract.js';
import { runAttack } from '../runner.js';

const F = 16;
const N = 150;

/** The reference model and data: weights with |w_i| ∈ [0.05, 0.5], inputs uniform in [−1, 1]. */
function binaryCase(seed: number): { model: Model; x: Float32Array; w: Float64Array } {
  const rng = createRng(seed);
  const w = Float64Array.from({ length: F }, () => (rng.next() < 0.5 ? -1 : 1) * (0.05 + 0.45 * rng.next()));
  const x = Float32Array.from({ length: N * F }, () => 2 * rng.next() - 1);
  const model: Model = {
    signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, F] }], outputs: [{ name: 'z', datatype: 'FP32', shape: [-1, 2] }] },
    differentiable: false,
    outputKind: 'logits',
    predict: async (batch: Float32Array, shape: number[]): Promise<HostTensor> => {
      const rows = shape[0] as number;
      const out = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        let z = 0.1;
        for (let i = 0; i < F; i++) z += (batch[r * F + i] as number) * (w[i] as number);
        out[r * 2] = z;
      }
      return { data: out, shape: [rows, 2] };
    },
    dispose: () => undefined,
  };
  return { model, x, w };
}

/** Margin of the predicted class and Δw of sample r. */
function reference(c: { x: Float32Array; w: Float64Array }, r: number): { margin: number; dw: Float64Array } {
  let z = 0.1;
  for (let i = 0; i < F; i++) z += (c.x[r * F + i] as number) * (c.w[i] as number);
  const sign = z > 0 ? 1 : -1; // label 0 when z₀ > z₁ = 0
  return { margin: Math.abs(z), dw: c.w.map((v) => sign * v) };
}

describe('simba on a linear model: exact against the closed form', () => {
  const c = binaryCase(3);
  const clip: [number, number] = [-5, 5];

  it('succeeds exactly where m < α‖Δw‖₁, and a failed sample spends 1 + n + #{Δw_i ≥ 0} queries', async () => {
    const alpha = 0.15;
    const run = await runAttack({ model: c.model, attack: 'simba', params: { stepSize: alpha }, threat: { knowledge: 'score-based', norm: '2', clip }, x: c.x, shape: [N, F] });
    let failed = 0;
    for (const s of run.results) {
      const { margin, dw } = reference(c, s.index);
      const bound = alpha * dw.reduce((a, v) => a + Math.abs(v), 0);
      if (Math.abs(margin - bound) < 1e-3 * bound) continue;
      expect(s.success, `sample ${s.index}: m ${margin.toFixed(4)} vs α‖Δw‖₁ ${bound.toFixed(4)}`).toBe(margin < bound);
      expect(s.linf).toBeLessThanOrEqual(alpha * (1 + 1e-6));
      if (s.success) {
        expect(s.queries).toBeLessThanOrEqual(1 + 2 * F);
        continue;
      }
      failed++;
      expect(s.queries).toBe(1 + F + dw.filter((v) => v >= 0).length);
      expect(s.l0).toBe(F);
      expect(s.l2).toBeCloseTo(alpha * Math.sqrt(F), 5);
    }
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(N - 10);
  });

  it('counts queries exactly, honours maxQueries and stops at the L2 budget', async () => {
    const { model, counts } = countingModel(c.model);
    const run = await runAttack({ model, attack: 'simba', params: { stepSize: 0.15 }, threat: { knowledge: 'score-based', norm: '2', eps: 0.4, maxQueries: 12, clip }, x: c.x, shape: [N, F], batchSize: 64 });
    expect(counts.predictRows - 2 * N).toBe(run.results.reduce((a, s) => a + s.queries, 0));
    for (const s of run.results) {
      expect(s.queries).toBeLessThanOrEqual(12);
      expect(s.l2).toBeLessThanOrEqual(0.4 * (1 + 1e-5));
    }
  });

  it('defaults its step to ε under an L∞ threat model and refuses an unknown parameter', async () => {
    const run = await runAttack({ model: c.model, attack: 'simba', threat: { knowledge: 'score-based', norm: 'inf', eps: 0.05, clip }, x: c.x, shape: [N, F] });
    expect(run.attack.params['stepSize']).toBe(0.05);
    expect(Math.max(...run.results.map((s) => s.linf))).toBeLessThanOrEqual(0.05 * (1 + 1e-6));
    await expect(runAttack({ model: c.model, attack: 'simba', params: { basis: 'dct' }, threat: { knowledge: 'score-based' }, x: c.x, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_BAD_PARAMETER', message: expect.stringMatching(/simba: parameter basis: unknown field/) });
  });
});

const tra = sharedData('images/optdigits.tra');
const tes = sharedData('images/optdigits.tes');
const DIGITS = 300;

describe.skipIf(!tra.available || !tes.available)(`simba on the optdigits MLP with the paper's step, ${DIGITS} digits (${tes.reason})`, () => {
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

  it('α = 0.2: ≥ 95% of the correctly classified digits within one pass over the pixels', async () => {
    const run = await runAttack({ model, attack: 'simba', params: { stepSize: 0.2 }, threat: { knowledge: 'score-based', norm: '2', clip: [0, 1] }, x, shape: [DIGITS, 64], labels });
    expect(run.summary.success_rate_eligible).toBeGreaterThanOrEqual(0.95);
    expect(run.summary.queries.mean).toBeLessThanOrEqual(129);
    expect(run.summary.linf.max).toBeLessThanOrEqual(0.2 * (1 + 1e-6));
  });
});
