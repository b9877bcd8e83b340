/**
 * Behaviour of each white-box attack on the optdigits MLP (64-32-10, logits, inputs in
 * [0, 1]) over 300 test digits: budgets held, equivalences between attacks that must
 * coincide, restarts that keep the best, targeted goals, query budgets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGITS_DATA, loadDigits } from '../fixtures.contract.js';
import type { Digits } from '../fixtures.contract.js';
import { runAttack } from '../runner.js';
import type { AttackRun, RunAttackOptions } from '../runner.js';

const N = 300;
let digits: Digits;
let x: Float32Array;
let labels: Int32Array;

const run = (attack: string, params: Record<string, unknown>, threat: Record<string, unknown>, extra: Partial<RunAttackOptions> = {}): Promise<AttackRun> =>
  runAttack({ model: digits.model, attack, params, threat: { clip: [0, 1], ...threat }, x, shape: [N, 64], labels, ...extra });

describe.skipIf(!DIGITS_DATA.available)(`white-box attacks on the optdigits MLP, ${N} test digits (${DIGITS_DATA.reason})`, () => {
  beforeAll(async () => {
    digits = await loadDigits(10);
    x = digits.x.slice(0, N * 64);
    labels = digits.y.slice(0, N);
  });
  afterAll(() => digits?.model.dispose());

  it('FGSM moves every feature with a gradient by exactly ε (or to the clip bound)', async () => {
    const r = await run('fgsm', {}, { eps: 0.1 });
    let moved = 0;
    for (let i = 0; i < N * 64; i++) {
      const d = Math.abs((r.adversarial[i] as number) - (x[i] as number));
      if (d === 0) continue;
      moved++;
      const atBound = r.adversarial[i] === 0 || r.adversarial[i] === 1;
      expect(atBound || Math.abs(d - 0.1) < 1e-6).toBe(true);
    }
    expect(moved).toBeGreaterThan(N * 20);
    expect(r.summary.success_rate).toBeGreaterThan(0.2);
    expect(r.results.every((s) => s.queries === 1 && s.gradient_queries === 1)).toBe(true);
  });

  it('FGM L2 and L1 spend at most ε in their norm', async () => {
    for (const norm of ['2', '1'] as const) {
      const r = await run('fgsm', {}, { eps: 1.5, norm });
      const key = norm === '2' ? 'l2' : 'l1';
      expect(Math.max(...r.results.map((s) => s[key]))).toBeLessThanOrEqual(1.5 * (1 + 1e-5));
      expect(r.summary.success_rate, norm).toBeGreaterThan(0);
    }
  });

  it('PGD beats FGSM at the same ε and stays in the ball', async () => {
    const fgsm = await run('fgsm', {}, { eps: 0.1 });
    const pgd = await run('pgd', { steps: 20, stepSize: 0.01 }, { eps: 0.1 });
    expect(pgd.summary.success_rate).toBeGreaterThan(fgsm.summary.success_rate);
    expect(Math.max(...pgd.results.map((s) => s.linf))).toBeLessThanOrEqual(0.1 * (1 + 1e-5));
    const l2 = await run('pgd', { steps: 20 }, { eps: 1, norm: 2 });
    expect(Math.max(...l2.results.map((s) => s.l2))).toBeLessThanOrEqual(1 + 1e-5);
    expect(l2.attack.params['stepSize']).toBe(0.125);
  });

  it('BIM is PGD from the input with step ε/steps; MIM without momentum is BIM', async () => {
    const bim = await run('bim', { steps: 8 }, { eps: 0.12 });
    const pgd = await run('pgd', { steps: 8, stepSize: 0.015 }, { eps: 0.12 });
    const mim0 = await run('mim', { steps: 8, decay: 0 }, { eps: 0.12 });
    expect(Array.from(pgd.adversarial)).toEqual(Array.from(bim.adversarial));
    expect(Array.from(mim0.adversarial)).toEqual(Array.from(bim.adversarial));
    const mim = await run('mim', { steps: 8, decay: 1 }, { eps: 0.12 });
    expect(Array.from(mim.adversarial)).not.toEqual(Array.from(bim.adversarial));
    expect(Math.max(...mim.results.map((s) => s.linf))).toBeLessThanOrEqual(0.12 * (1 + 1e-5));
  });

  it('PGD with N random restarts keeps, per sample, a success whenever its first restart found one', async () => {
    const one = await run('pgd', { steps: 5, randomInit: 1 }, { eps: 0.08 }, { seed: 3 });
    const three = await run('pgd', { steps: 5, randomInit: 3 }, { eps: 0.08 }, { seed: 3 });
    one.results.forEach((r, i) => {
      if (r.success) expect(three.results[i]?.success, `sample ${i}`).toBe(true);
    });
    expect(three.summary.success_rate).toBeGreaterThanOrEqual(one.summary.success_rate);
    // Where no restart succeeds, the one with the highest loss is kept, not always the first.
    const differs = one.results.filter((r, i) => !r.success && Math.abs(r.l2 - (three.results[i]?.l2 ?? 0)) > 1e-6).length;
    expect(differs).toBeGreaterThan(0);
    expect(three.results.every((r) => r.queries === 18 && r.gradient_queries === 15)).toBe(true);
    // randomInit 0 starts from the input: no randomness at all.
    const [a, b] = [await run('pgd', { steps: 3 }, { eps: 0.08 }, { seed: 1 }), await run('pgd', { steps: 3 }, { eps: 0.08 }, { seed: 2 })];
    expect(Array.from(a.adversarial)).toEqual(Array.from(b.adversarial));
  });

  it('targeted PGD and CW reach the target class', async () => {
    const pgd = await run('pgd', { steps: 20 }, { eps: 0.3, goal: 'targeted' });
    expect(pgd.summary.success_rate).toBeGreaterThan(0.5);
    for (const r of pgd.results) expect(r.success).toBe(r.adv_pred === r.target);
    const cw = await run('cw-l2', { steps: 30, binarySearchSteps: 3 }, { norm: 2, goal: 'targeted' }, { targets: 3 });
    expect(cw.summary.success_rate_eligible).toBeGreaterThan(0.5);
    for (const r of cw.results) expect(r.success).toBe(r.adv_pred === 3);
  });

  it('DeepFool fools every digit with a small perturbation; a larger overshoot costs more', async () => {
    const df = await run('deepfool', {}, { norm: 2 });
    const more = await run('deepfool', { overshoot: 0.5 }, { norm: 2 });
    expect(df.summary.success_rate).toBe(1);
    expect(df.summary.l2.mean).toBeLessThan(1);
    expect(more.summary.l2.mean).toBeGreaterThan(df.summary.l2.mean as number);
    const inf = await run('deepfool', { candidates: 4 }, { norm: 'inf' });
    expect(inf.summary.success_rate).toBeGreaterThan(0.9);
  });

  it('adaptive attacks stop at the query budget', async () => {
    for (const [attack, threat] of [['deepfool', { norm: 2, maxQueries: 25 }], ['cw-l2', { norm: 2, maxQueries: 40 }]] as const) {
      const r = await run(attack, {}, threat);
      expect(Math.max(...r.results.map((s) => s.queries)), attack).toBeLessThanOrEqual(threat.maxQueries);
      expect(r.summary.success_rate, attack).toBeGreaterThan(0);
    }
  });
});
