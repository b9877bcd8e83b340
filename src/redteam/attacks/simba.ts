/**
 * @module redteam/attacks/simba
 * SimBA, the Simple Black-box Attack (Guo, Gardner, You, Wilson & Weinberger, ICML 2019,
 * Algorithm 1), in the pixel (Cartesian) basis or the low-frequency DCT basis (SimBA-DCT,
 * simba-dct.ts). Each sample walks the basis directions in its own order, each at most
 * once: it tries x + α·q, keeps it if the probability of the label falls (of the target
 * rises, targeted), else tries x − α·q, and stops when the goal is met or its queries are
 * spent. Pixel basis: the features in random order. DCT basis: low frequencies first (the
 * share `frequencyRatio` of each side, then band by band upward), random within a band.
 * One query for the starting probabilities, then one per trial. Orthonormal steps make
 * ‖δ‖₂ = α·√(accepted steps) (before clipping); in the pixel basis ‖δ‖∞ = α.
 *
 * Budget: the attack looks for a small perturbation (minimal budget); under an L∞ ε the
 * pixel step defaults to ε, under an L2 ε a sample stops before a step would leave the
 * ε-ball, and in the DCT basis a direction that would leave an L∞ ε-ball is passed over.
 * Constraints: a trial the projection turns into no change costs no query.
 */
import { z } from 'zod';
import type { AttackContext } from '../attack.js';
import { defineAttack, goalMet } from '../attack.js';
import { redteamErrors } from '../errors.js';
import type { ScoreOracle } from '../oracle.js';
import { argmaxRows, logProbabilities } from '../scores.js';
import { addDirection, dctBasis, frequencyOrder } from './simba-dct.js';
import type { DctBasis } from './simba-dct.js';

/** Default `frequencyRatio`: the authors' ImageNet setting, the lowest 28 of 224 frequencies per side (their repository's README, `--freq_dims 28`). */
const DEFAULT_FREQUENCY_RATIO = 1 / 8;

const params = z
  .object({
    stepSize: z.number().positive().finite().optional().describe('α, the step along one direction in input units (default: ε in the pixel basis under an L∞ threat model, else 0.2, the authors\' default step for images in [0, 1])'),
    maxSteps: z.number().int().min(1).max(100_000_000).optional().describe('directions tried per sample (default: all of them, each once)'),
    basis: z.enum(['pixel', 'dct']).default('pixel').describe('search directions: pixel (one feature each, random order) or dct (the orthonormal 2-D DCT-II basis of an image, low frequencies first; needs an image-shaped input)'),
    frequencyRatio: z.number().positive().max(1).optional().describe('dct: share of each side\'s frequencies tried first, in random order, before the higher bands (default 1/8, the authors\' ImageNet setting)'),
  })
  .strict();

type Params = z.output<typeof params>;
type Ctx = AttackContext<Params, ScoreOracle>;

/** Per-sample walk state. */
interface Walk {
  /** Direction order per sample (rows × features): feature indices, or DCT directions. */
  readonly order: Int32Array;
  /** The DCT basis; undefined in the pixel basis. */
  readonly dct: DctBasis | undefined;
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

/**
 * Whether sample r's trial `row` leaves the threat model's ε-ball: `stop` under L2 (the
 * norm only grows with further steps), `skip` for a DCT direction under L∞ (another
 * direction may still fit), undefined inside. Pixel steps of α ≤ ε never leave an L∞ ball.
 */
function outsideBall(ctx: Ctx, w: Walk, r: number, row: Float32Array): 'stop' | 'skip' | undefined {
  const { eps, norm } = ctx.threat;
  if (eps === undefined || (norm === 'inf' && w.dct === undefined)) return undefined;
  const { features, x0 } = ctx.batch;
  let sq = 0;
  let max = 0;
  for (let j = 0; j < features; j++) {
    const d = (row[j] as number) - (x0[r * features + j] as number);
    sq += d * d;
    max = Math.max(max, Math.abs(d));
  }
  if (norm === '2') return Math.sqrt(sq) > eps * (1 + 1e-6) ? 'stop' : undefined;
  return norm === 'inf' && max > eps * (1 + 1e-6) ? 'skip' : undefined;
}

/** Sets row `k` of `trial` to sample r's next trial; false when its walk is over. */
function nextTrial(ctx: Ctx, w: Walk, r: number, trial: Float32Array, k: number, one: Int32Array, limit: number): boolean {
  const { features } = ctx.batch;
  const alpha = ctx.params.stepSize as number;
  const cur = ctx.adv.subarray(r * features, (r + 1) * features);
  const row = trial.subarray(k * features, (k + 1) * features);
  one[0] = r;
  while ((w.pos[r] as number) < limit) {
    const i = w.order[r * features + (w.pos[r] as number)] as number;
    const step = w.phase[r] === 0 ? alpha : -alpha;
    if (w.dct === undefined) {
      row.set(cur);
      row[i] = (cur[i] as number) + step;
    } else {
      addDirection(w.dct, i, step, cur, row);
    }
    ctx.project(row, one);
    let changed = false;
    for (let j = 0; j < features; j++) if (row[j] !== cur[j]) changed = true;
    const outside = changed ? outsideBall(ctx, w, r, row) : undefined;
    if (outside === 'stop') return false;
    if (changed && outside === undefined) return true;
    advance(w, r);
  }
  return false;
}

/** Moves to the other sign, or to the next direction after both. */
function advance(w: Walk, r: number): void {
  if (w.phase[r] === 0) {
    w.phase[r] = 1;
    return;
  }
  w.phase[r] = 0;
  w.pos[r] = (w.pos[r] as number) + 1;
}

/** Each sample's direction order: a random permutation of the features, or the DCT basis low frequencies first. */
function walkOrders(ctx: Ctx): { order: Int32Array; dct: DctBasis | undefined } {
  const { rows, features, sampleShape } = ctx.batch;
  const dct = ctx.params.basis === 'dct' ? dctBasis(sampleShape, ctx.params.frequencyRatio ?? DEFAULT_FREQUENCY_RATIO) : undefined;
  if (ctx.params.basis === 'dct' && dct === undefined) {
    throw redteamErrors.error('RTM_ERR_BAD_PARAMETER', `simba: parameter basis: "dct" needs an image-shaped sample ([c, h, w], [h, w, c], [h, w] or a square number of features such as 64); the model takes [${sampleShape.join(', ')}] (use basis "pixel" for tabular inputs)`, { attack: 'simba', parameter: 'basis', sampleShape: [...sampleShape] });
  }
  const order = new Int32Array(rows * features);
  for (let r = 0; r < rows; r++) {
    const own = order.subarray(r * features, (r + 1) * features);
    if (dct !== undefined) {
      frequencyOrder(dct, ctx.rng(r), own);
      continue;
    }
    for (let i = 0; i < features; i++) own[i] = i;
    ctx.rng(r).shuffle(own);
  }
  return { order, dct };
}

/**
 * SimBA (pixel or DCT basis), L2 and L∞, score-based.
 *
 * @example
 * await runAttack({ model, attack: 'simba', params: { stepSize: 0.2, basis: 'dct' }, threat: { knowledge: 'score-based', norm: '2', clip: [0, 1] }, x, shape });
 */
export const simba = defineAttack({
  id: 'simba',
  name: 'SimBA',
  summary: 'Simple black-box attack: one direction at a time (pixels in random order, or DCT frequencies low first), ±stepSize, kept when the label\'s probability drops (the target\'s rises).',
  references: ['Guo, Gardner, You, Wilson & Weinberger, "Simple Black-box Adversarial Attacks", ICML 2019'],
  covers: { knowledge: 'score-based', goals: ['untargeted', 'targeted'], norms: ['2', 'inf'], budget: 'minimal' },
  params,
  settle: (p, threat) => {
    if (p.frequencyRatio !== undefined && p.basis !== 'dct') {
      throw redteamErrors.error('RTM_ERR_BAD_PARAMETER', 'simba: parameter frequencyRatio: applies to basis "dct" only (basis is "pixel")', { attack: 'simba', parameter: 'frequencyRatio' });
    }
    const pixelLinf = p.basis === 'pixel' && threat.norm === 'inf' && threat.eps !== undefined;
    return { ...p, stepSize: p.stepSize ?? (pixelLinf ? threat.eps : 0.2), ...(p.basis === 'dct' ? { frequencyRatio: p.frequencyRatio ?? DEFAULT_FREQUENCY_RATIO } : {}) };
  },
  async run(ctx) {
    const { rows, features } = ctx.batch;
    const classes = ctx.oracle.classes;
    const limit = Math.min(ctx.params.maxSteps ?? features, features);
    const w: Walk = { ...walkOrders(ctx), pos: new Int32Array(rows), phase: new Uint8Array(rows), objective: new Float64Array(rows), done: new Uint8Array(rows) };
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

