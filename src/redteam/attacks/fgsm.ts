/**
 * @module redteam/attacks/fgsm
 * Fast Gradient Sign Method and its L2/L1 generalisation, the Fast Gradient Method
 * (Goodfellow, Shlens & Szegedy, ICLR 2015): one gradient of the cross-entropy, one step
 * of size ε in its steepest direction under the threat model's norm (sign for L∞, the
 * L2- or L1-normalised gradient otherwise, as ART does), then the projection. Targeted:
 * one step down the target's loss. One gradient query per sample.
 */
import { z } from 'zod';
import { defineAttack, goalLabels, lossDirection } from '../attack.js';
import { stepRows } from '../norms.js';

/**
 * FGSM / FGM.
 *
 * @example
 * await runAttack({ model, attack: 'fgsm', threat: { norm: 'inf', eps: 0.1, clip: [0, 1] }, x, shape });
 */
export const fgsm = defineAttack({
  id: 'fgsm',
  name: 'FGSM / FGM',
  summary: 'Fast gradient method: one step of size eps along the sign (L∞) or the normalised gradient (L2, L1) of the loss.',
  references: ['Goodfellow, Shlens & Szegedy, "Explaining and Harnessing Adversarial Examples", ICLR 2015'],
  covers: { knowledge: 'white-box', goals: ['untargeted', 'targeted'], norms: ['inf', '2', '1'], budget: 'fixed' },
  params: z.object({}).strict(),
  queryCost: () => 1,
  async run(ctx) {
    const { batch, adv, threat } = ctx;
    const { grad } = await ctx.oracle.lossGradient(adv, goalLabels(ctx));
    stepRows(adv, grad, batch.rows, batch.features, threat.norm, lossDirection(ctx) * (threat.eps as number));
    ctx.project(adv);
  },
});
