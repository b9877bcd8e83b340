/**
 * SimBA in the pixel basis (issue 10, items 1 and 4), checked against references that
 * share no code with the attack:
 *
 * 1. A two-class linear model (z₀ = w·x + b, z₁ = 0; `linearCase` in fixtures.contract.ts,
 *    written independently of the attack). Stepping feature i by
 *    +α changes the label's margin by +α·Δw_i (Δw = w for label 0, −w for label 1), so
 *    SimBA keeps +α exactly when Δw_i < 0 and otherwise tries −α, which it keeps when
 *    Δw_i > 0. After a full pass each feature has moved by −α·sign(Δw_i): the attack
 *    succeeds exactly when the margin m < α‖Δw‖₁, and a sample it cannot flip spends
 *    exactly 1 + n + #{i : Δw_i ≥ 0} queries (the start, one trial per feature, a second
 *    one where the first failed). Both figures are computed here from the weights.
 * 2. Query accounting from outside the oracle (a wrapper counting rows, minus the runner's
 *    two passes), and the L2 budget: a sample stops before a step would leave the ball.
 * 3. The optdigits MLP with the authors' step, α = 0.2 in [0, 1] pixel units (the default
 *    `--epsilon` of their run_simba.py, which clamps images to [0, 1]). The authors evaluate
 *    on ImageNet networks; we quote no figure of theirs, and the bound is ours: digits have 64 pixels, so one pass tries each pixel once, and we
 *    require ≥ 95% of the correctly classified digits, mean queries ≤ 2·64 + 1 (the most a
 *    pass can spend), and ‖δ‖∞ ≤ α.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGITS_DATA, linearCase, loadDigitsTarget, runCounted, totalQueries } from '../fixtures.contract.js';
import type { DigitsTarget } from '../fixtures.contract.js';
import { runAttack } from '../runner.js';

const F = 16;
const N = 150;

describe('simba on a linear model: exact against the closed form', () => {
  // |w_i| ∈ [0.05, 0.5], b = 0.1; Δw = w for label 0, −w for label 1.
  const c = linearCase({ seed: 3, features: F, samples: N, bias: 0.1, weights: [0.05, 0.5] });
  const clip: [number, number] = [-5, 5];

  it('succeeds exactly where m < α‖Δw‖₁, and a failed sample spends 1 + n + #{Δw_i ≥ 0} queries', async () => {
    const alpha = 0.15;
    const run = await runAttack({ model: c.model, attack: 'simba', params: { stepSize: alpha }, threat: { knowledge: 'score-based', norm: '2', clip }, x: c.x, shape: [N, F] });
    let failed = 0;
    for (const s of run.results) {
      const margin = c.margin[s.index] as number;
      const dw = c.w.map((v) => ((c.z[s.index] as number) > 0 ? v : -v)); // label 0 when z₀ > z₁ = 0
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
    const { run, attackRows } = await runCounted({ model: c.model, attack: 'simba', params: { stepSize: 0.15 }, threat: { knowledge: 'score-based', norm: '2', eps: 0.4, maxQueries: 12, clip }, x: c.x, shape: [N, F], batchSize: 64 });
    expect(attackRows).toBe(totalQueries(run));
    for (const s of run.results) {
      expect(s.queries).toBeLessThanOrEqual(12);
      expect(s.l2).toBeLessThanOrEqual(0.4 * (1 + 1e-5));
    }
  });

  it('defaults its step to ε under an L∞ threat model and refuses an unknown parameter', async () => {
    const run = await runAttack({ model: c.model, attack: 'simba', threat: { knowledge: 'score-based', norm: 'inf', eps: 0.05, clip }, x: c.x, shape: [N, F] });
    expect(run.attack.params['stepSize']).toBe(0.05);
    expect(Math.max(...run.results.map((s) => s.linf))).toBeLessThanOrEqual(0.05 * (1 + 1e-6));
    await expect(runAttack({ model: c.model, attack: 'simba', params: { momentum: 0.9 }, threat: { knowledge: 'score-based' }, x: c.x, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_BAD_PARAMETER', message: expect.stringMatching(/simba: parameter momentum: unknown field/) });
  });
});

const DIGITS = 300;

describe.skipIf(!DIGITS_DATA.available)(`simba on the optdigits MLP with the paper's step, ${DIGITS} digits (${DIGITS_DATA.reason})`, () => {
  let digits: DigitsTarget;
  beforeAll(async () => {
    digits = await loadDigitsTarget(DIGITS);
  });
  afterAll(() => digits?.model.dispose());

  it('α = 0.2: ≥ 95% of the correctly classified digits within one pass over the pixels', async () => {
    const run = await runAttack({ model: digits.model, attack: 'simba', params: { stepSize: 0.2 }, threat: { knowledge: 'score-based', norm: '2', clip: [0, 1] }, x: digits.x, shape: [DIGITS, 64], labels: digits.labels });
    expect(run.summary.success_rate_eligible).toBeGreaterThanOrEqual(0.95);
    expect(run.summary.queries.mean).toBeLessThanOrEqual(129);
    expect(run.summary.linf.max).toBeLessThanOrEqual(0.2 * (1 + 1e-6));
  });
});
