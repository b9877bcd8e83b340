import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../models/index.js';
import { countingModel, mlpModel, withoutGradients } from './fixtures.contract.js';
import { checkAttack, runAttack } from './runner.js';

const N = 40;
const F = 8;
let model: Model;
let x: Float32Array;

beforeAll(async () => {
  model = await mlpModel({ inputs: F, hidden: 16, classes: 4, seed: 11, scale: 3 });
  x = Float32Array.from({ length: N * F }, (_, i) => 0.5 + 0.45 * Math.sin(i * 1.7));
});
afterAll(() => model.dispose());

const box = { eps: 0.1, clip: [0, 1] as [number, number] };

describe('runAttack refuses what the threat model excludes', () => {
  it.each([
    ['pgd under L1', 'pgd', { norm: 1, eps: 1 }, /^pgd does not cover this threat model: norm L1 is not covered \(covers: L∞, L2\)/],
    ['deepfool targeted', 'deepfool', { goal: 'targeted' }, /^deepfool does not cover this threat model: goal targeted is not covered/],
    ['fgsm for a score-based attacker', 'fgsm', { eps: 0.1, knowledge: 'score-based' }, /^fgsm does not cover this threat model: it needs white-box access, the threat model grants score-based/],
    ['pgd without eps', 'pgd', { clip: [0, 1] }, /^pgd does not cover this threat model: it spends a fixed budget: give eps/],
  ])('%s → RTM_ERR_OUTSIDE_THREAT_MODEL', async (_name, attack, threat, message) => {
    await expect(runAttack({ model, attack, threat, x, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_OUTSIDE_THREAT_MODEL', message: expect.stringMatching(message) });
  });

  it('refuses cw-l2 without a clip range, naming the field', () => {
    expect(() => checkAttack({ attack: 'cw-l2', threat: { norm: 2 } })).toThrow(expect.objectContaining({ code: 'RTM_ERR_THREAT_MODEL', message: expect.stringMatching(/clip: cw-l2 needs a clip range/) }));
  });

  it('names a bad or unknown parameter, and an unknown attack', () => {
    expect(() => checkAttack({ attack: 'pgd', threat: box, params: { steps: 0 } })).toThrow(expect.objectContaining({ code: 'RTM_ERR_BAD_PARAMETER', message: expect.stringMatching(/^pgd: parameter steps: /) }));
    expect(() => checkAttack({ attack: 'fgsm', threat: box, params: { steps: 3 } })).toThrow(expect.objectContaining({ message: 'fgsm: parameter steps: unknown field (fgsm takes: no parameters)' }));
    expect(() => checkAttack({ attack: 'jsma', threat: box })).toThrow(expect.objectContaining({ code: 'RTM_ERR_UNKNOWN_ATTACK', message: expect.stringMatching(/registered: fgsm, bim, pgd, mim, deepfool, cw-l2/) }));
    expect(checkAttack({ attack: 'FGM', threat: box }).attack.id).toBe('fgsm');
  });

  it('needs gradients for a white-box attack', async () => {
    await expect(runAttack({ model: withoutGradients(model), attack: 'fgsm', threat: box, x, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_NEEDS_GRADIENTS' });
  });

  it('refuses a fixed schedule the query budget cannot pay, naming the need', async () => {
    await expect(runAttack({ model, attack: 'pgd', params: { steps: 10, randomInit: 3 }, threat: { ...box, maxQueries: 30 }, x, shape: [N, F] })).rejects.toMatchObject({
      code: 'RTM_ERR_QUERY_BUDGET',
      message: 'pgd needs 33 queries per sample with these parameters; the budget is 30',
    });
  });

  it('refuses infeasible clean inputs and unusable shapes or labels', async () => {
    const outside = Float32Array.from(x);
    outside[3 * F + 5] = 1.5;
    await expect(runAttack({ model, attack: 'fgsm', threat: box, x: outside, shape: [N, F] })).rejects.toMatchObject({ code: 'RTM_ERR_INFEASIBLE_INPUT', message: 'clean input sample 3, feature 5: 1.5 is outside [0, 1]' });
    await expect(runAttack({ model, attack: 'fgsm', threat: box, x, shape: [N / 2, 2 * F] })).rejects.toMatchObject({ code: 'RTM_ERR_INPUT', message: expect.stringMatching(/has 16 values; the model takes \[8\]/) });
    await expect(runAttack({ model, attack: 'fgsm', threat: box, x, shape: [N, F], labels: new Int32Array(3) })).rejects.toMatchObject({ code: 'RTM_ERR_LABELS', message: '3 labels for 40 samples' });
    await expect(runAttack({ model, attack: 'fgsm', threat: { ...box, goal: 'targeted' }, x, shape: [N, F], targets: 4 })).rejects.toMatchObject({ code: 'RTM_ERR_LABELS', message: 'target class 4 of sample 0 is outside [0, 4)' });
  });
});

describe('runAttack results', () => {
  it('counts exactly the model evaluations the attack asked for', async () => {
    for (const [attack, params, threat] of [
      ['pgd', { steps: 5, randomInit: 3 }, box],
      ['deepfool', { candidates: 3 }, { norm: 2, clip: [0, 1] }],
      ['cw-l2', { steps: 8, binarySearchSteps: 2 }, { norm: 2, clip: [0, 1] }],
    ] as const) {
      const { model: counted, counts } = countingModel(model);
      const run = await runAttack({ model: counted, attack, params, threat, x, shape: [N, F], batchSize: 16 });
      const queries = run.results.reduce((a, r) => a + r.queries, 0);
      const gradients = run.results.reduce((a, r) => a + r.gradient_queries, 0);
      // The runner's own clean and final predictions (one row each per sample) are not the attack's.
      expect(queries, attack).toBe(counts.predictRows + counts.gradientRows - 2 * N);
      expect(gradients, attack).toBe(counts.gradientRows);
      expect(run.summary.queries.total).toBe(queries);
    }
  });

  it('labels default to the clean predictions; success means adv_pred ≠ label within the budget', async () => {
    const run = await runAttack({ model, attack: 'pgd', params: { steps: 10 }, threat: box, x, shape: [N, F] });
    expect(run.labelSource).toBe('predicted');
    expect(run.summary.clean_accuracy).toBe(1);
    for (const r of run.results) {
      expect(r.label).toBe(r.clean_pred);
      expect(r.success).toBe(r.adv_pred !== r.label);
      expect(r.linf).toBeLessThanOrEqual(0.1 * (1 + 1e-5));
      expect(r.queries).toBe(10);
    }
    expect(run.summary.success_rate).toBeGreaterThan(0);
    expect(run.threatModel).toEqual({ goal: 'untargeted', knowledge: 'white-box', norm: 'inf', eps: 0.1, clip: [0, 1] });
  });

  it('targeted success means adv_pred = target; the default target is (label + 1) mod classes', async () => {
    const run = await runAttack({ model, attack: 'pgd', params: { steps: 20 }, threat: { eps: 0.3, clip: [0, 1], goal: 'targeted' }, x, shape: [N, F] });
    for (const r of run.results) {
      expect(r.target).toBe((r.label + 1) % 4);
      expect(r.success).toBe(r.adv_pred === r.target);
    }
    expect(run.summary.success_rate).toBeGreaterThan(0.2);
    const fixed = await runAttack({ model, attack: 'fgsm', threat: { eps: 0.3, clip: [0, 1], goal: 'targeted' }, x, shape: [N, F], targets: 2 });
    expect(new Set(fixed.results.map((r) => r.target))).toEqual(new Set([2]));
    // A sample already in the target class is not eligible.
    expect(fixed.summary.eligible).toBe(fixed.results.filter((r) => r.label !== 2).length);
  });

  it('a minimal-perturbation attack given eps succeeds only within it', async () => {
    const free = await runAttack({ model, attack: 'deepfool', threat: { norm: 2, clip: [0, 1] }, x, shape: [N, F] });
    const bounded = await runAttack({ model, attack: 'deepfool', threat: { norm: 2, clip: [0, 1], eps: 0.05 }, x, shape: [N, F] });
    expect(free.summary.success_rate).toBe(1);
    bounded.results.forEach((r, i) => {
      expect(r.adv_pred).toBe(free.results[i]?.adv_pred);
      expect(r.success).toBe(r.adv_pred !== r.label && r.l2 <= 0.05);
    });
    expect(bounded.summary.success_rate).toBeLessThan(1);
  });

  it('gives each sample the same result whatever the batch size (random starts seeded per sample)', async () => {
    const run = (batchSize: number) => runAttack({ model, attack: 'pgd', params: { steps: 5, randomInit: 2 }, threat: { eps: 0.2, clip: [0, 1], norm: 2 }, x, shape: [N, F], batchSize, seed: 7 });
    const [a, b] = [await run(7), await run(64)];
    expect(b.results.map((r) => r.adv_pred)).toEqual(a.results.map((r) => r.adv_pred));
    b.results.forEach((r, i) => expect(r.l2).toBeCloseTo(a.results[i]?.l2 ?? NaN, 4));
    const other = await runAttack({ model, attack: 'pgd', params: { steps: 5, randomInit: 2 }, threat: { eps: 0.2, clip: [0, 1], norm: 2 }, x, shape: [N, F], batchSize: 64, seed: 8 });
    expect(other.results.map((r) => r.l2)).not.toEqual(b.results.map((r) => r.l2));
  });
});
