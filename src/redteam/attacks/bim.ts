/**
 * @module redteam/attacks/bim
 * Basic Iterative Method (Kurakin, Goodfellow & Bengio, "Adversarial examples in the
 * physical world", ICLR 2017 workshop): FGSM applied `steps` times with a small step,
 * clipped to the ε-ball after each step; PGD without a random start. Queries per sample:
 * steps.
 */
import { z } from 'zod';
import { defineAttack } from '../attack.js';
import { projectedAscent } from './iterative.js';

const params = z
  .object({
    steps: z.number().int().min(1).max(100_000).default(10).describe('iterations (default 10)'),
    stepSize: z.number().positive().finite().optional().describe('step per iteration in input units (default eps/steps)'),
  })
  .strict();

/**
 * BIM, L∞ and L2.
 *
 * @example
 * await runAttack({ model, attack: 'bim', params: { steps: 10 }, threat: { eps: 0.1, clip: [0, 1] }, x, shape });
 */
export const bim = defineAttack({
  id: 'bim',
  name: 'BIM',
  summary: 'Basic iterative method: FGSM repeated with a small step, clipped to the eps-ball after each step (PGD from the input).',
  references: ['Kurakin, Goodfellow & Bengio, "Adversarial Examples in the Physical World", ICLR 2017 (workshop)'],
  covers: { knowledge: 'white-box', goals: ['untargeted', 'targeted'], norms: ['inf', '2'], budget: 'fixed' },
  params,
  settle: (p, threat) => ({ ...p, stepSize: p.stepSize ?? (threat.eps as number) / p.steps }),
  queryCost: (p) => p.steps,
  async run(ctx) {
    await projectedAscent(ctx, ctx.adv, ctx.params.steps, ctx.params.stepSize as number);
  },
});
