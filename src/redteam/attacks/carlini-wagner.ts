/**
 * @module redteam/attacks/carlini-wagner
 * Carlini & Wagner's L2 attack ("Towards Evaluating the Robustness of Neural Networks",
 * IEEE S&P 2017): minimise ‖x' − x‖₂² + c·f(x') over w, with x' = mid + half·tanh(w)
 * mapping onto the clip range (so no clipping is needed), by Adam. f is the margin of the
 * log-softmax scores s (their differences are the logit differences the paper uses):
 * untargeted f = max(s_y − max_{k≠y} s_k, −κ), targeted f = max(max_{k≠t} s_k − s_t, −κ).
 * A binary search over c per sample (halving the bracket on success, ×10 before the first
 * one) keeps the smallest successful perturbation. Each iteration queries the outputs once
 * and, where the margin term is active, two cross-entropy gradients (whose difference is
 * ∇f). Needs a clip range.
 */
import { z } from 'zod';
import { defineAttack, goalMet } from '../attack.js';
import { redteamErrors } from '../errors.js';
import { gatherRows, selectRows } from '../rows.js';
import { argmaxRows, bestOther, logProbabilities } from '../scores.js';
import type { GradientContext } from './iterative.js';

const params = z
  .object({
    steps: z.number().int().min(1).max(100_000).default(100).describe('Adam iterations per binary-search step (default 100)'),
    binarySearchSteps: z.number().int().min(1).max(50).default(9).describe('binary-search steps over c (default 9, as in the paper)'),
    initialConst: z.number().positive().finite().default(0.1).describe('first value of c (default 0.1)'),
    learningRate: z.number().positive().finite().default(0.1).describe("Adam step size in tanh space (default 0.1; the paper's 0.01 suits its 10,000 iterations)"),
    confidence: z.number().min(0).finite().default(0).describe('κ: the margin the adversarial class must win by (default 0)'),
    abortEarly: z.boolean().default(true).describe('stop a sample\'s search step when its loss stops falling (checked every steps/10 iterations)'),
  })
  .strict();

type Params = z.output<typeof params>;
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** State of one binary-search step over the batch. */
interface Round {
  readonly w: Float64Array;
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly prevLoss: Float64Array;
  readonly succeeded: Uint8Array;
}

/** Per-batch state across binary-search steps. */
interface Search {
  readonly w0: Float64Array;
  readonly c: Float64Array;
  readonly lowC: Float64Array;
  readonly highC: Float64Array;
  readonly bestL2: Float64Array;
  readonly xp: Float32Array;
  readonly logp: Float64Array;
  readonly mid: number;
  readonly half: number;
}

function startSearch(ctx: GradientContext<Params>): Search {
  const clip = ctx.threat.clip as readonly [number, number];
  const { rows, features, x0 } = ctx.batch;
  const mid = (clip[0] + clip[1]) / 2;
  const half = (clip[1] - clip[0]) / 2;
  const w0 = Float64Array.from(x0, (v) => Math.atanh(Math.min(Math.max((v - mid) / half, -1), 1) * (1 - 1e-6)));
  return {
    w0, mid, half,
    c: new Float64Array(rows).fill(ctx.params.initialConst), lowC: new Float64Array(rows), highC: new Float64Array(rows).fill(1e10),
    bestL2: new Float64Array(rows).fill(Number.POSITIVE_INFINITY), xp: new Float32Array(rows * features), logp: new Float64Array(rows * ctx.oracle.classes),
  };
}

/** x' of the active rows into s.xp (consecutive rows), projected. */
function mapActive(ctx: GradientContext<Params>, s: Search, round: Round, active: Int32Array): Float32Array {
  const { features } = ctx.batch;
  const xp = s.xp.subarray(0, active.length * features);
  active.forEach((r, k) => {
    for (let i = 0; i < features; i++) xp[k * features + i] = s.mid + s.half * Math.tanh(round.w[r * features + i] as number);
  });
  ctx.project(xp, active);
  return xp;
}

/** One Adam iteration for the active rows; returns the rows that go on. */
async function iterate(ctx: GradientContext<Params>, s: Search, round: Round, active: Int32Array, t: number): Promise<Int32Array> {
  const { features, x0 } = ctx.batch;
  const classes = ctx.oracle.classes;
  const kappa = ctx.params.confidence;
  const xp = mapActive(ctx, s, round, active);
  const scores = await ctx.oracle.scores(xp, active);
  const pred = argmaxRows(scores, active.length, classes);
  const logp = logProbabilities(scores, active.length, classes, ctx.oracle.outputKind, s.logp);
  const goal = Int32Array.from(active, (r) => (ctx.targets ?? ctx.labels)[r] as number);
  const other = Int32Array.from(active, (_, k) => bestOther(logp, k, classes, goal[k] as number));
  const loss = new Float64Array(active.length);
  const needGrad: number[] = [];
  active.forEach((r, k) => {
    const sGoal = logp[k * classes + (goal[k] as number)] as number;
    const sOther = logp[k * classes + (other[k] as number)] as number;
    const margin = ctx.targets === undefined ? sGoal - sOther : sOther - sGoal;
    let l2 = 0;
    for (let i = 0; i < features; i++) l2 += ((xp[k * features + i] as number) - (x0[r * features + i] as number)) ** 2;
    if (goalMet(ctx, r, pred[k] as number) && -margin >= kappa && l2 < (s.bestL2[r] as number)) {
      s.bestL2[r] = l2;
      round.succeeded[r] = 1;
      ctx.adv.set(xp.subarray(k * features, (k + 1) * features), r * features);
    }
    loss[k] = l2 + (s.c[r] as number) * Math.max(margin, -kappa);
    if (margin > -kappa) needGrad.push(k);
  });
  const grad = await marginGradient(ctx, xp, active, Int32Array.from(needGrad), goal, other);
  adamStep(ctx, s, round, active, xp, grad, Int32Array.from(needGrad), t);
  return keepGoing(ctx, round, active, loss, t);
}

/** ∇f for rows `need` (indices into active), from two cross-entropy gradients; zero elsewhere. */
async function marginGradient(ctx: GradientContext<Params>, xp: Float32Array, active: Int32Array, need: Int32Array, goal: Int32Array, other: Int32Array): Promise<Float32Array> {
  const { features } = ctx.batch;
  const out = new Float32Array(active.length * features);
  if (need.length === 0) return out;
  const rows = Int32Array.from(need, (k) => active[k] as number);
  const x = gatherRows(xp, features, need, new Float32Array(need.length * features));
  const atGoal = await ctx.oracle.lossGradient(x, Int32Array.from(need, (k) => goal[k] as number), rows);
  const atOther = await ctx.oracle.lossGradient(x, Int32Array.from(need, (k) => other[k] as number), rows);
  // untargeted f = s_y − s_o = L_o − L_y; targeted f = s_o − s_t = L_t − L_o (L = −s + const).
  const sign = ctx.targets === undefined ? 1 : -1;
  need.forEach((k, j) => {
    for (let i = 0; i < features; i++) out[k * features + i] = sign * ((atOther.grad[j * features + i] as number) - (atGoal.grad[j * features + i] as number));
  });
  return out;
}

function adamStep(ctx: GradientContext<Params>, s: Search, round: Round, active: Int32Array, xp: Float32Array, gradF: Float32Array, need: Int32Array, t: number): void {
  const { features, x0 } = ctx.batch;
  const lr = ctx.params.learningRate;
  const c1 = 1 - ADAM.beta1 ** t;
  const c2 = 1 - ADAM.beta2 ** t;
  const margin = new Uint8Array(active.length);
  for (const k of need) margin[k] = 1;
  active.forEach((r, k) => {
    const c = s.c[r] as number;
    for (let i = 0; i < features; i++) {
      const at = r * features + i;
      const th = Math.tanh(round.w[at] as number);
      let g = 2 * ((xp[k * features + i] as number) - (x0[at] as number));
      if (margin[k] === 1) g += c * (gradF[k * features + i] as number);
      g *= s.half * (1 - th * th);
      const m = ADAM.beta1 * (round.m[at] as number) + (1 - ADAM.beta1) * g;
      const v = ADAM.beta2 * (round.v[at] as number) + (1 - ADAM.beta2) * g * g;
      round.m[at] = m;
      round.v[at] = v;
      round.w[at] = (round.w[at] as number) - (lr * (m / c1)) / (Math.sqrt(v / c2) + ADAM.epsilon);
    }
  });
}

/** Drops rows whose loss stopped falling (abort early) or whose budget cannot pay another iteration. */
function keepGoing(ctx: GradientContext<Params>, round: Round, active: Int32Array, loss: Float64Array, t: number): Int32Array {
  const every = Math.max(1, Math.ceil(ctx.params.steps / 10));
  const check = ctx.params.abortEarly && t % every === 0;
  return active.filter((r, k) => {
    if (ctx.oracle.remaining(r) < 3) return false;
    if (!check) return true;
    const stalled = (loss[k] as number) > (round.prevLoss[r] as number) * 0.9999;
    round.prevLoss[r] = loss[k] as number;
    return !stalled;
  });
}

/** Moves each sample's c: bisect after a success, ×10 before the first. */
function updateConst(s: Search, succeeded: Uint8Array): void {
  for (let r = 0; r < s.c.length; r++) {
    const c = s.c[r] as number;
    if (succeeded[r] === 1) {
      s.highC[r] = Math.min(s.highC[r] as number, c);
      s.c[r] = ((s.lowC[r] as number) + (s.highC[r] as number)) / 2;
    } else {
      s.lowC[r] = Math.max(s.lowC[r] as number, c);
      s.c[r] = (s.highC[r] as number) < 1e9 ? ((s.lowC[r] as number) + (s.highC[r] as number)) / 2 : c * 10;
    }
  }
}

/**
 * Carlini–Wagner L2, untargeted and targeted.
 *
 * @example
 * await runAttack({ model, attack: 'cw-l2', params: { steps: 100, binarySearchSteps: 9 }, threat: { norm: '2', clip: [0, 1] }, x, shape });
 */
export const carliniWagnerL2 = defineAttack({
  id: 'cw-l2',
  name: 'Carlini–Wagner L2',
  summary: 'Minimal L2 perturbation by Adam in tanh space on ‖δ‖² + c·margin, with a binary search over c per sample.',
  references: ['Carlini & Wagner, "Towards Evaluating the Robustness of Neural Networks", IEEE S&P 2017'],
  covers: { knowledge: 'white-box', goals: ['untargeted', 'targeted'], norms: ['2'], budget: 'minimal' },
  params,
  settle(p, threat) {
    if (threat.clip === undefined) {
      throw redteamErrors.error('RTM_ERR_THREAT_MODEL', 'threat model: clip: cw-l2 needs a clip range (its change of variables maps onto [min, max]); pass --clip MIN,MAX', { field: 'clip', attack: 'cw-l2' });
    }
    return p;
  },
  async run(ctx) {
    const { rows, features } = ctx.batch;
    const s = startSearch(ctx);
    for (let b = 0; b < ctx.params.binarySearchSteps; b++) {
      const round: Round = {
        w: Float64Array.from(s.w0), m: new Float64Array(rows * features), v: new Float64Array(rows * features),
        prevLoss: new Float64Array(rows).fill(Number.POSITIVE_INFINITY), succeeded: new Uint8Array(rows),
      };
      let active = selectRows(rows, (r) => ctx.oracle.remaining(r) >= 3);
      for (let t = 1; t <= ctx.params.steps && active.length > 0; t++) active = await iterate(ctx, s, round, active, t);
      updateConst(s, round.succeeded);
    }
  },
});
