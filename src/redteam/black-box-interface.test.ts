/**
 * The interface black-box attacks plug into (docs/redteam.md, "Writing an attack"): a
 * decision-only attack defined here runs on a model without gradients, sees only labels,
 * is charged exactly, and is stopped at its query budget.
 */
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../models/index.js';
import { defineAttack, goalMet } from './attack.js';
import { countingModel, mlpModel, withoutGradients } from './fixtures.contract.js';
import { gatherRows, scatterRows, selectRows } from './rows.js';
import { runAttack } from './runner.js';

let seen: Record<string, string> = {};

/** Random ±ε corners, kept when the label changes; `greedy` ignores the budget (to test the guard). */
const randomCorners = defineAttack({
  id: 'test-random-corners',
  name: 'random corners',
  summary: 'test attack: random corners of the L∞ ball until the decision changes',
  references: [],
  covers: { knowledge: 'decision-only', goals: ['untargeted'], norms: ['inf'], budget: 'fixed' },
  params: z.object({ tries: z.number().int().min(1).default(8), greedy: z.boolean().default(false) }).strict(),
  async run(ctx) {
    const view = ctx.oracle as unknown as Record<string, unknown>;
    seen = { decide: typeof view['decide'], scores: typeof view['scores'], lossGradient: typeof view['lossGradient'] };
    const { rows, features, x0 } = ctx.batch;
    const eps = ctx.threat.eps as number;
    const done = new Uint8Array(rows);
    const scratch = new Float32Array(rows * features);
    for (let t = 0; t < ctx.params.tries; t++) {
      const active = selectRows(rows, (r) => done[r] === 0 && (ctx.params.greedy || ctx.oracle.remaining(r) > 0));
      if (active.length === 0) break;
      const x = gatherRows(x0, features, active, scratch);
      active.forEach((r, k) => {
        const rng = ctx.rng(r);
        for (let i = 0; i < features; i++) x[k * features + i] = (x[k * features + i] as number) + (rng.next() < 0.5 ? -eps : eps);
      });
      ctx.project(x, active);
      const pred = await ctx.oracle.decide(x, active);
      const won = selectRows(active.length, (k) => goalMet(ctx, active[k] as number, pred[k] as number));
      const rowsWon = Int32Array.from(won, (k) => active[k] as number);
      scatterRows(gatherRows(x, features, won, new Float32Array(won.length * features)), features, rowsWon, ctx.adv);
      for (const r of rowsWon) done[r] = 1;
    }
  },
});

describe('a decision-only attack through the runner', () => {
  let model: Model;
  const N = 50;
  const x = Float32Array.from({ length: N * 6 }, (_, i) => 0.5 + 0.4 * Math.cos(i * 0.7));

  beforeAll(async () => {
    model = await mlpModel({ inputs: 6, hidden: 12, classes: 3, seed: 9, scale: 3 });
  });
  afterAll(() => model.dispose());

  it('runs on a model without gradients, sees labels only, and is charged exactly', async () => {
    const { model: counted, counts } = countingModel(withoutGradients(model));
    const run = await runAttack({ model: counted, attack: randomCorners, threat: { knowledge: 'decision-only', eps: 0.3, clip: [0, 1], maxQueries: 5 }, x, shape: [N, 6] });
    expect(seen).toEqual({ decide: 'function', scores: 'undefined', lossGradient: 'undefined' });
    const queries = run.results.reduce((a, r) => a + r.queries, 0);
    expect(queries).toBe(counts.predictRows - 2 * N);
    expect(counts.gradientRows).toBe(0);
    expect(Math.max(...run.results.map((r) => r.queries))).toBe(5);
    expect(run.results.every((r) => r.gradient_queries === 0 && r.linf <= 0.3 * (1 + 1e-5))).toBe(true);
    expect(run.summary.success_rate).toBeGreaterThan(0);
    expect(run.threatModel.knowledge).toBe('decision-only');
  });

  it('a white-box attacker may run it too; a score-based threat model may not run a white-box attack', async () => {
    await expect(runAttack({ model, attack: randomCorners, threat: { eps: 0.3, clip: [0, 1] }, x, shape: [N, 6] })).resolves.toBeDefined();
    await expect(runAttack({ model, attack: 'pgd', threat: { knowledge: 'score-based', eps: 0.3 }, x, shape: [N, 6] })).rejects.toMatchObject({ code: 'RTM_ERR_OUTSIDE_THREAT_MODEL' });
  });

  it('an attack that ignores the budget is stopped by the oracle', async () => {
    await expect(runAttack({ model, attack: randomCorners, params: { greedy: true, tries: 20 }, threat: { eps: 0.01, clip: [0, 1], maxQueries: 3 }, x, shape: [N, 6] })).rejects.toMatchObject({
      code: 'RTM_ERR_QUERY_BUDGET_EXCEEDED',
      message: expect.stringMatching(/^test-random-corners queried sample \d+ of its batch beyond the budget of 3 queries$/),
    });
  });
});
