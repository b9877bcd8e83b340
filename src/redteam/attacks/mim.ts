/**
 * @module redteam/attacks/mim
 * Momentum Iterative Method (Dong, Liao, Pang, Su, Zhu, Hu & Li, "Boosting Adversarial
 * Attacks with Momentum", CVPR 2018): the iterative attack with an accumulated gradient
 * g ← μ·g + ∇/‖∇‖₁, stepping along sign(g) (L∞) or g/‖g‖₂ (L2), projected after each
 * step. Queries per sample: steps.
 */
import { z } from 'zod';
import { defineAttack, goalLabels, lossDirection } from '../attack.js';
import { rowNorm, stepRows } from '../norms.js';

const params = z
  .object({
    steps: z.number().int().min(1).max(100_000).default(10).describe('iterations (default 10)'),
    stepSize: z.number().positive().finite().optional().describe('step per iteration in input units (default eps/steps)'),
    decay: z.number().min(0).max(10).default(1).describe('momentum decay μ (default 1.0, as in the paper)'),
  })
  .strict();

/**
 * MIM, L∞ and L2.
 *
 * @example
 * await runAttack({ model, attack: 'mim', params: { steps: 10, decay: 1 }, threat: { eps: 0.1, clip: [0, 1] }, x, shape });
 */
export const mim = defineAttack({
  id: 'mim',
  name: 'MIM',
  summary: 'Momentum iterative method: the iterative attack along an accumulated L1-normalised gradient (decay μ).',
  references: ['Dong, Liao, Pang, Su, Zhu, Hu & Li, "Boosting Adversarial Attacks with Momentum", CVPR 2018'],
  covers: { knowledge: 'white-box', goals: ['untargeted', 'targeted'], norms: ['inf', '2'], budget: 'fixed' },
  params,
  settle: (p, threat) => ({ ...p, stepSize: p.stepSize ?? (threat.eps as number) / p.steps }),
  queryCost: (p) => p.steps,
  async run(ctx) {
    const { rows, features } = ctx.batch;
    const { steps, decay } = ctx.params;
    const alpha = lossDirection(ctx) * (ctx.params.stepSize as number);
    const labels = goalLabels(ctx);
    const momentum = new Float32Array(ctx.adv.length);
    for (let s = 0; s < steps; s++) {
      const { grad } = await ctx.oracle.lossGradient(ctx.adv, labels);
      for (let r = 0; r < rows; r++) {
        const off = r * features;
        const n1 = rowNorm(grad, off, features, '1');
        const inv = n1 > 0 ? 1 / n1 : 0;
        for (let i = off; i < off + features; i++) momentum[i] = decay * (momentum[i] as number) + (grad[i] as number) * inv;
      }
      stepRows(ctx.adv, momentum, rows, features, ctx.threat.norm, alpha);
      ctx.project(ctx.adv);
    }
  },
});
