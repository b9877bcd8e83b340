/**
 * @module redteam/attacks/simba
 * SimBA, the Simple Black-box Attack, in the pixel (Cartesian) basis (Guo, Gardner, You,
 * Wilson & Weinberger, ICML 2019, Algorithm 1). Each sample walks the features in its own
 * random order, each at most once: it tries x + α·e_i, keeps it if the probability of the
 * label falls (of the target rises, targeted), else tries x − α·e_i, and stops when the
 * goal is met or its queries are spent. One query for the starting probabilities, then one
 * per trial. Orthonormal steps make ‖δ‖₂ = α·√(accepted steps) and ‖δ‖∞ = α.
 *
 * Budget: the attack looks for a small perturbation (minimal budget); under an L∞ ε the
 * step defaults to ε, under an L2 ε a sample stops before a step would leave the ε-ball.
 * Constraints: a trial the projection turns into no change costs no query.
 */
import { z } from 'zod';
import type { AttackContext } from '../attack.js';
import { defineAttack, goalMet } from '../attack.js';
import type { ScoreOracle } from '../oracle.js';
import { argmaxRows, logProbabilities } from '../scores.js';

const params = z
  .object({
    stepSize: z.number().positive().finite().optional().describe('α, the change of one feature per step in input units (default: ε under an L∞ threat model, else 0.2, the paper\'s value for images in [0, 1])'),
    maxSteps: z.number().int().min(1).max(100_000_000).optional().describe('features tried per sample (default: all of them, each once)'),
  })
  .strict();

type Params = z.output<typeof params>;
type Ctx = AttackContext<Params, ScoreOracle>;

/** Per-sample walk state. */
interface Walk {
  /** Random feature order per sample (rows × features). */
  readonly order: Int32Array;
  /** Position in the order. */
  readonly pos: Int32Array;
  /** 0: +α next, 1: −α next at the current position. */
  readonly phase: Uint8Array;
  /** Log-probability of the label (untargeted) or target at the current point. */
  readonly objective: Float64Array;
  readonly done: Uint8Array;
}

/** The followed log-probability of each queried row, and whether its goal is met. */
function evaluate(ctx: Ctx, scores: Float32Array, rows: Int32Array, logp: Float64Array, out: Float64Array, met: Uint8Array): void {
  const classes = ctx.oracle.classes;
  logProbabilities(scores, rows.length, classes, ctx.oracle.outputKind, logp);
  const pred = argmaxRows(scores, rows.length, classes);
  rows.forEach((r, k) => {
    const c = ctx.targets === undefined ? (ctx.labels[r] as number) : (ctx.targets[r] as number);
    out[k] = logp[k * classes + c] as number;
    met[k] = goalMet(ctx, r, pred[k] as number) ? 1 : 0;
  });
}

/** Sets row `k` of `trial` to sample r's next trial; false when its walk is over. */
function nextTrial(ctx: Ctx, w: Walk, r: number, trial: Float32Array, k: number, one: Int32Array, limit: number): boolean {
  const { features, x0 } = ctx.batch;
  const alpha = ctx.params.stepSize as number;
  const eps = ctx.threat.norm === '2' ? ctx.threat.eps : undefined;
  const cur = ctx.adv.subarray(r * features, (r + 1) * features);
  const row = trial.subarray(k * features, (k + 1) * features);
  one[0] = r;
  while ((w.pos[r] as number) < limit) {
    const i = w.order[r * features + (w.pos[r] as number)] as number;
    row.set(cur);
    row[i] = (cur[i] as number) + (w.phase[r] === 0 ? alpha : -alpha);
    ctx.project(row, one);
    let changed = false;
    for (let j = 0; j < features; j++) if (row[j] !== cur[j]) changed = true;
    if (changed && eps !== undefined) {
      let sq = 0;
      for (let j = 0; j < features; j++) sq += ((row[j] as number) - (x0[r * features + j] as number)) ** 2;
      if (Math.sqrt(sq) > eps * (1 + 1e-6)) return false;
    }
    if (changed) return true;
    advance(w, r);
  }
  return false;
}

/** Moves to the other sign, or to the next feature after both. */
function advance(w: Walk, r: number): void {
  if (w.phase[r] === 0) {
    w.phase[r] = 1;
    return;
  }
  w.phase[r] = 0;
  w.pos[r] = (w.pos[r] as number) + 1;
}

/**
 * SimBA (pixel basis), L2 and L∞, score-based.
 *
 * @example
 * await runAttack({ model, attack: 'simba', params: { stepSize: 0.2 }, threat: { knowledge: 'score-based', norm: '2', clip: [0, 1] }, x, shape });
 */
export const simba = defineAttack({
  id: 'simba',
  name: 'SimBA',
  summary: 'Simple black-box attack: one feature at a time in random order, ±stepSize, kept when the label\'s probability drops (the target\'s rises).',
  references: ['Guo, Gardner, You, Wilson & Weinberger, "Simple Black-box Adversarial Attacks", ICML 2019'],
  covers: { knowledge: 'score-based', goals: ['untargeted', 'targeted'], norms: ['2', 'inf'], budget: 'minimal' },
  params,
  settle: (p, threat) => ({ ...p, stepSize: p.stepSize ?? (threat.norm === 'inf' && threat.eps !== undefined ? threat.eps : 0.2) }),
  async run(ctx) {
    const { rows, features } = ctx.batch;
    const classes = ctx.oracle.classes;
    const limit = Math.min(ctx.params.maxSteps ?? features, features);
    const w: Walk = { order: new Int32Array(rows * features), pos: new Int32Array(rows), phase: new Uint8Array(rows), objective: new Float64Array(rows), done: new Uint8Array(rows) };
    for (let r = 0; r < rows; r++) {
      const order = w.order.subarray(r * features, (r + 1) * features);
      for (let i = 0; i < features; i++) order[i] = i;
      ctx.rng(r).shuffle(order);
    }
    const logp = new Float64Array(rows * classes);
    const value = new Float64Array(rows);
    const met = new Uint8Array(rows);
    const start = Int32Array.from({ length: rows }, (_, r) => r).filter((r) => ctx.oracle.remaining(r) >= 1);
    if (start.length === 0) return;
    const x = new Float32Array(start.length * features);
    start.forEach((r, k) => x.set(ctx.adv.subarray(r * features, (r + 1) * features), k * features));
    evaluate(ctx, await ctx.oracle.scores(x, start), start, logp, value, met);
    start.forEach((r, k) => {
      w.objective[r] = value[k] as number;
      w.done[r] = met[k] as number;
    });
    const trial = new Float32Array(rows * features);
    const one = new Int32Array(1);
    const sign = ctx.targets === undefined ? -1 : 1;
    for (;;) {
      const active: number[] = [];
      for (let r = 0; r < rows; r++) {
        if (w.done[r] === 1 || ctx.oracle.remaining(r) < 1 || (w.pos[r] as number) >= limit) continue;
        if (nextTrial(ctx, w, r, trial, active.length, one, limit)) active.push(r);
        else w.done[r] = 1;
      }
      if (active.length === 0) break;
      const rowsNow = Int32Array.from(active);
      evaluate(ctx, await ctx.oracle.scores(trial.subarray(0, rowsNow.length * features), rowsNow), rowsNow, logp, value, met);
      rowsNow.forEach((r, k) => {
        const better = sign * ((value[k] as number) - (w.objective[r] as number)) > 0;
        if (!better && met[k] === 0) {
          advance(w, r);
          return;
        }
        ctx.adv.set(trial.subarray(k * features, (k + 1) * features), r * features);
        w.objective[r] = value[k] as number;
        w.phase[r] = 0;
        w.pos[r] = (w.pos[r] as number) + 1;
        if (met[k] === 1) w.done[r] = 1;
      });
    }
  },
});

