/**
 * @module redteam/attacks/square
 * Square Attack (Andriushchenko, Croce, Flammarion & Hein, ECCV 2020): a score-based
 * random search that stays on the boundary of the ε-ball. It starts from vertical stripes
 * of ±ε (L∞) or a grid of pseudo-Gaussian bumps scaled to ε (L2), then each iteration
 * redraws one window of the perturbation (L∞: ±ε per channel; L2: moves perturbation mass
 * from a second window into a fresh bump, keeping ‖δ‖₂ = ε) and keeps the candidate only
 * if the loss falls: the margin log p_y − max_{k≠y} log p_k untargeted, the cross-entropy
 * −log p_t targeted (the paper's choices). The window covers a share p of the features,
 * halved on the paper's schedule. A sample stops when the goal is met or its queries are
 * spent: one query for the initialisation, one per iteration. Windows and geometry:
 * square-geometry.ts; the L2 step: square-l2.ts.
 */
import { z } from 'zod';
import type { AttackContext } from '../attack.js';
import { defineAttack, goalMet } from '../attack.js';
import { redteamErrors } from '../errors.js';
import type { ScoreOracle } from '../oracle.js';
import { argmaxRows, logProbabilities } from '../scores.js';
import { l2Candidate, l2Init } from './square-l2.js';
import { randomWindow, squareGeometry, squareShare, windowSide } from './square-geometry.js';
import type { SquareGeometry } from './square-geometry.js';

/** Iterations when neither `iterations` nor a query budget is given. */
const DEFAULT_ITERATIONS = 1_000;
/** Redraws of an L∞ window that the projection turned into no change, before giving up the step. */
const REDRAWS = 8;

const params = z
  .object({
    iterations: z.number().int().min(1).max(10_000_000).optional().describe('queries per sample, the initialisation included (default: the query budget, else 1000); the p schedule is spread over them'),
    pInit: z.number().gt(0).max(1).optional().describe('initial share of features a window covers (default 0.05 for L∞, 0.1 for L2, the paper\'s ImageNet values; it used 0.3–0.8 on MNIST)'),
    geometry: z.enum(['auto', 'image', 'features']).default('auto').describe('auto: square windows on images ([c,h,w], [h,w,c], [h,w], or a flat perfect square such as 64 or 784), random feature subsets otherwise'),
  })
  .strict();

type Params = z.output<typeof params>;
type Ctx = AttackContext<Params, ScoreOracle>;

/** Per-batch state: the best point's loss per row and whether the goal is met. */
interface State {
  readonly geometry: SquareGeometry;
  readonly loss: Float64Array;
  readonly done: Uint8Array;
  readonly logp: Float64Array;
}

/** The loss of each queried row (lower is better) and whether its goal is met. */
function scoreRows(ctx: Ctx, scores: Float32Array, rows: Int32Array, state: State, loss: Float64Array, met: Uint8Array): void {
  const classes = ctx.oracle.classes;
  const n = rows.length;
  const logp = logProbabilities(scores, n, classes, ctx.oracle.outputKind, state.logp);
  const pred = argmaxRows(scores, n, classes);
  for (let k = 0; k < n; k++) {
    const r = rows[k] as number;
    const off = k * classes;
    met[k] = goalMet(ctx, r, pred[k] as number) ? 1 : 0;
    if (ctx.targets !== undefined) {
      loss[k] = -(logp[off + (ctx.targets[r] as number)] as number);
      continue;
    }
    const y = ctx.labels[r] as number;
    let other = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) if (c !== y) other = Math.max(other, logp[off + c] as number);
    loss[k] = (logp[off + y] as number) - other;
  }
}

/** Vertical stripes (images: one ±ε per column and channel) or ±ε per feature. */
function linfInit(ctx: Ctx, g: SquareGeometry): void {
  const { rows, features, x0 } = ctx.batch;
  const eps = ctx.threat.eps as number;
  for (let r = 0; r < rows; r++) {
    const rng = ctx.rng(r);
    const off = r * features;
    if (g.kind === 'features') {
      for (let i = 0; i < features; i++) ctx.adv[off + i] = (x0[off + i] as number) + (rng.next() < 0.5 ? -eps : eps);
      continue;
    }
    for (let ch = 0; ch < g.c; ch++) {
      for (let col = 0; col < g.w; col++) {
        const d = rng.next() < 0.5 ? -eps : eps;
        for (let row = 0; row < g.h; row++) {
          const i = g.channelsLast ? (row * g.w + col) * g.c + ch : (ch * g.h + row) * g.w + col;
          ctx.adv[off + i] = (x0[off + i] as number) + d;
        }
      }
    }
  }
}

/** Row `k` of `cand` becomes the best point of sample `r` with one window redrawn to ±ε per channel. */
function linfCandidate(ctx: Ctx, g: SquareGeometry, r: number, p: number, cand: Float32Array, k: number, one: Int32Array): boolean {
  const { features, x0 } = ctx.batch;
  const eps = ctx.threat.eps as number;
  const rng = ctx.rng(r);
  const off = k * features;
  const best = ctx.adv.subarray(r * features, (r + 1) * features);
  const row = cand.subarray(off, off + features);
  one[0] = r;
  for (let attempt = 0; attempt < REDRAWS; attempt++) {
    row.set(best);
    const window = randomWindow(g, windowSide(g, p, 'inf'), rng);
    let moved = false;
    for (const idx of window.perChannel) {
      const same = rng.next() < 0.5 ? -eps : eps;
      for (const i of idx) {
        row[i] = (x0[r * features + i] as number) + (g.kind === 'features' ? (rng.next() < 0.5 ? -eps : eps) : same);
        if (row[i] !== best[i]) moved = true;
      }
    }
    // A redraw equal to the current window changes nothing: flip its first channel (or feature), as
    // the paper's resampling until something changes would.
    if (!moved) {
      const first = window.perChannel[0] as Int32Array;
      for (const i of g.kind === 'features' ? first.subarray(0, 1) : first) row[i] = 2 * (x0[r * features + i] as number) - (row[i] as number);
    }
    ctx.project(row, one);
    for (let i = 0; i < features; i++) if (row[i] !== best[i]) return true;
  }
  return false;
}

/** Scores the initial points of every sample (one query each). */
async function initialise(ctx: Ctx, state: State): Promise<void> {
  const { rows } = ctx.batch;
  const all = Int32Array.from({ length: rows }, (_, r) => r).filter((r) => ctx.oracle.remaining(r) >= 1);
  if (all.length === 0) return;
  const { features } = ctx.batch;
  const x = new Float32Array(all.length * features);
  all.forEach((r, k) => x.set(ctx.adv.subarray(r * features, (r + 1) * features), k * features));
  const scores = await ctx.oracle.scores(x, all);
  const loss = new Float64Array(all.length);
  const met = new Uint8Array(all.length);
  scoreRows(ctx, scores, all, state, loss, met);
  all.forEach((r, k) => {
    state.loss[r] = loss[k] as number;
    state.done[r] = met[k] as number;
  });
}

/**
 * Square Attack, L∞ and L2, score-based.
 *
 * @example
 * await runAttack({ model, attack: 'square', params: { pInit: 0.8 }, threat: { knowledge: 'score-based', eps: 0.3, maxQueries: 10_000, clip: [0, 1] }, x, shape });
 */
export const square = defineAttack({
  id: 'square',
  name: 'Square Attack',
  summary: 'Score-based random search: redraws one square window of the perturbation per query and keeps it when the margin loss falls; stays on the eps-ball boundary.',
  references: ['Andriushchenko, Croce, Flammarion & Hein, "Square Attack: a query-efficient black-box adversarial attack via random search", ECCV 2020'],
  covers: { knowledge: 'score-based', goals: ['untargeted', 'targeted'], norms: ['inf', '2'], budget: 'fixed' },
  params,
  settle: (p, threat) => ({ ...p, iterations: p.iterations ?? threat.maxQueries ?? DEFAULT_ITERATIONS, pInit: p.pInit ?? (threat.norm === '2' ? 0.1 : 0.05) }),
  async run(ctx) {
    const { rows, features } = ctx.batch;
    const geometry = squareGeometry(ctx.batch.sampleShape, ctx.params.geometry);
    if (geometry === undefined) {
      throw redteamErrors.error('RTM_ERR_BAD_PARAMETER', `square: parameter geometry: "image" needs an image-shaped sample ([c, h, w], [h, w, c], [h, w] or a square number of features), got [${ctx.batch.sampleShape.join(', ')}]`, { attack: 'square', parameter: 'geometry' });
    }
    const state: State = { geometry, loss: new Float64Array(rows).fill(Number.POSITIVE_INFINITY), done: new Uint8Array(rows), logp: new Float64Array(rows * ctx.oracle.classes) };
    const l2 = ctx.threat.norm === '2';
    if (l2) l2Init(ctx, geometry);
    else linfInit(ctx, geometry);
    ctx.project(ctx.adv);
    await initialise(ctx, state);
    const total = ctx.params.iterations as number;
    const cand = new Float32Array(rows * features);
    const loss = new Float64Array(rows);
    const met = new Uint8Array(rows);
    const one = new Int32Array(1);
    for (let it = 1; it < total; it++) {
      const p = squareShare(ctx.params.pInit as number, it - 1, total);
      const picked: number[] = [];
      for (let r = 0; r < rows; r++) {
        if (state.done[r] === 1 || ctx.oracle.remaining(r) < 1) continue;
        const changed = l2 ? l2Candidate(ctx, geometry, r, p, cand, picked.length, one) : linfCandidate(ctx, geometry, r, p, cand, picked.length, one);
        if (changed) picked.push(r);
      }
      if (picked.length === 0) {
        if (!stillWorking(ctx, state)) break;
        continue;
      }
      const active = Int32Array.from(picked);
      const scores = await ctx.oracle.scores(cand.subarray(0, active.length * features), active);
      scoreRows(ctx, scores, active, state, loss, met);
      active.forEach((r, k) => {
        if (!((loss[k] as number) < (state.loss[r] as number)) && met[k] === 0) return;
        state.loss[r] = loss[k] as number;
        state.done[r] = met[k] as number;
        ctx.adv.set(cand.subarray(k * features, (k + 1) * features), r * features);
      });
    }
  },
});

/** True while some sample is neither done nor out of queries. */
function stillWorking(ctx: Ctx, state: State): boolean {
  for (let r = 0; r < ctx.batch.rows; r++) if (state.done[r] === 0 && ctx.oracle.remaining(r) >= 1) return true;
  return false;
}
