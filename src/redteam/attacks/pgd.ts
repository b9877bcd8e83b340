/**
 * @module redteam/attacks/pgd
 * Projected Gradient Descent (Madry, Makelov, Schmidt, Tsipras & Vladu, ICLR 2018):
 * `steps` steps of size `stepSize` up the cross-entropy (down the target's when targeted),
 * each projected back onto the ε-ball, the clip range and the feature constraints.
 * `randomInit` 0 (the default, as in ART) starts from the input; N > 0 runs N restarts
 * from uniform random points of the ball and keeps, per sample, a successful one if any,
 * else the one with the highest loss. Queries per sample: steps (N = 0, 1), else
 * N·(steps + 1).
 */
import { z } from 'zod';
import { defineAttack } from '../attack.js';
import { BestOf, projectedAscent, randomStart } from './iterative.js';

const params = z
  .object({
    steps: z.number().int().min(1).max(100_000).default(40).describe('iterations (default 40)'),
    stepSize: z.number().positive().finite().optional().describe('step per iteration in input units (default 2.5·eps/steps)'),
    randomInit: z.number().int().min(0).max(1_000).default(0).describe('0: start from the input (ART); N > 0: N random starts in the eps-ball, best kept per sample'),
  })
  .strict();

/**
 * PGD, L∞ and L2.
 *
 * @example
 * await runAttack({ model, attack: 'pgd', params: { steps: 40, stepSize: 0.01 }, threat: { eps: 0.1, clip: [0, 1] }, x, shape });
 */
export const pgd = defineAttack({
  id: 'pgd',
  name: 'PGD',
  summary: 'Projected gradient descent: steps of stepSize along the sign (L∞) or normalised (L2) gradient, projected on the eps-ball; optional random restarts.',
  references: ['Madry, Makelov, Schmidt, Tsipras & Vladu, "Towards Deep Learning Models Resistant to Adversarial Attacks", ICLR 2018'],
  covers: { knowledge: 'white-box', goals: ['untargeted', 'targeted'], norms: ['inf', '2'], budget: 'fixed' },
  params,
  settle: (p, threat) => ({ ...p, stepSize: p.stepSize ?? (2.5 * (threat.eps as number)) / p.steps }),
  queryCost: (p) => (p.randomInit <= 1 ? p.steps : p.randomInit * (p.steps + 1)),
  async run(ctx) {
    const { steps, stepSize, randomInit } = ctx.params;
    const alpha = stepSize as number;
    if (randomInit <= 1) {
      if (randomInit === 1) randomStart(ctx, ctx.adv);
      await projectedAscent(ctx, ctx.adv, steps, alpha);
      return;
    }
    const best = new BestOf(ctx.batch.rows, ctx.oracle.classes);
    const candidate = new Float32Array(ctx.adv.length);
    for (let restart = 0; restart < randomInit; restart++) {
      randomStart(ctx, candidate);
      await projectedAscent(ctx, candidate, steps, alpha);
      await best.offer(ctx, candidate);
    }
  },
});
