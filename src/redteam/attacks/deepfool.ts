/**
 * @module redteam/attacks/deepfool
 * DeepFool (Moosavi-Dezfooli, Fawzi & Frossard, CVPR 2016): a minimal-perturbation
 * attack. At each step it linearises the classifier around the current point and moves
 * to the nearest linearised decision boundary among the candidate classes: for L2, by
 * (|f_k| + 1e-4)/‖w_k‖₂² · w_k with f_k = s_k − s_y and w_k = ∇f_k (s = log-softmax
 * scores, whose differences are the logit differences); for L∞, by (|f_k| + 1e-4)/‖w_k‖₁ ·
 * sign(w_k). The accumulated step is applied with a small overshoot. A sample stops when
 * its class changes. Gradients of the s_k come from the cross-entropy at each candidate
 * class: one gradient query per candidate per step for the samples still being attacked.
 */
import { z } from 'zod';
import { defineAttack } from '../attack.js';
import type { GradientContext } from './iterative.js';
import { gatherRows, selectRows } from '../rows.js';

const params = z
  .object({
    steps: z.number().int().min(1).max(10_000).default(50).describe('maximum iterations (default 50)'),
    overshoot: z.number().min(0).max(10).default(0.02).describe('the accumulated perturbation is applied × (1 + overshoot) (default 0.02)'),
    candidates: z.number().int().min(2).max(100_000).default(10).describe('classes considered per step: the label and the highest-scoring others (default 10)'),
  })
  .strict();

type Params = z.output<typeof params>;

/** Per-batch buffers, allocated once. */
interface Work {
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly gradY: Float32Array;
  readonly lossY: Float64Array;
  readonly best: Float32Array;
  readonly bestPert: Float64Array;
  readonly bestF: Float64Array;
  readonly minLoss: Float64Array;
  readonly pred: Int32Array;
}

/** Candidate classes per row: the label first, then the others (all, or the top by clean score). */
async function candidateClasses(ctx: GradientContext<Params>, count: number): Promise<Int32Array> {
  const { rows } = ctx.batch;
  const classes = ctx.oracle.classes;
  const out = new Int32Array(rows * count);
  const scores = count < classes ? await ctx.oracle.scores(ctx.batch.x0) : undefined;
  for (let r = 0; r < rows; r++) {
    const y = ctx.labels[r] as number;
    const others = Array.from({ length: classes }, (_, k) => k).filter((k) => k !== y);
    if (scores !== undefined) others.sort((a, b) => (scores[r * classes + b] as number) - (scores[r * classes + a] as number));
    out[r * count] = y;
    for (let c = 1; c < count; c++) out[r * count + c] = others[c - 1] as number;
  }
  return out;
}

/** Evaluates every candidate at the active rows and keeps, per row, the nearest boundary. */
async function nearestBoundary(ctx: GradientContext<Params>, active: Int32Array, cls: Int32Array, count: number, w: Work): Promise<void> {
  const { features } = ctx.batch;
  const n = active.length;
  const x = gatherRows(ctx.adv, features, active, w.x);
  const labels = w.labels.subarray(0, n);
  for (let k = 0; k < n; k++) labels[k] = cls[(active[k] as number) * count] as number;
  const atY = await ctx.oracle.lossGradient(x, labels, active);
  w.gradY.set(atY.grad);
  for (let k = 0; k < n; k++) {
    w.lossY[k] = atY.loss[k] as number;
    w.minLoss[k] = atY.loss[k] as number;
    w.pred[k] = labels[k] as number;
    w.bestPert[k] = Number.POSITIVE_INFINITY;
  }
  const l2 = ctx.threat.norm === '2';
  for (let c = 1; c < count; c++) {
    for (let k = 0; k < n; k++) labels[k] = cls[(active[k] as number) * count + c] as number;
    const at = await ctx.oracle.lossGradient(x, labels, active);
    for (let k = 0; k < n; k++) {
      const lossK = at.loss[k] as number;
      if (lossK < (w.minLoss[k] as number)) {
        w.minLoss[k] = lossK;
        w.pred[k] = labels[k] as number;
      }
      const off = k * features;
      let norm = 0;
      for (let i = off; i < off + features; i++) {
        const d = (w.gradY[i] as number) - (at.grad[i] as number);
        norm += l2 ? d * d : Math.abs(d);
      }
      const f = (w.lossY[k] as number) - lossK;
      const pert = norm > 0 ? Math.abs(f) / (l2 ? Math.sqrt(norm) : norm) : Number.POSITIVE_INFINITY;
      if (!(pert < (w.bestPert[k] as number))) continue;
      w.bestPert[k] = pert;
      // L2: (|f| + 1e-4)/‖w‖₂² (norm holds the sum of squares); L∞: (|f| + 1e-4)/‖w‖₁.
      w.bestF[k] = (Math.abs(f) + 1e-4) / norm;
      for (let i = off; i < off + features; i++) w.best[i] = (w.gradY[i] as number) - (at.grad[i] as number);
    }
  }
}

/**
 * DeepFool, L2 and L∞, untargeted.
 *
 * @example
 * await runAttack({ model, attack: 'deepfool', params: { steps: 50 }, threat: { norm: '2', clip: [0, 1] }, x, shape });
 */
export const deepfool = defineAttack({
  id: 'deepfool',
  name: 'DeepFool',
  summary: 'Minimal perturbation: steps to the nearest linearised decision boundary until the class changes, with a small overshoot.',
  references: ['Moosavi-Dezfooli, Fawzi & Frossard, "DeepFool: a Simple and Accurate Method to Fool Deep Neural Networks", CVPR 2016'],
  covers: { knowledge: 'white-box', goals: ['untargeted'], norms: ['2', 'inf'], budget: 'minimal' },
  params,
  async run(ctx) {
    const { rows, features, x0 } = ctx.batch;
    const classes = ctx.oracle.classes;
    const count = Math.min(ctx.params.candidates, classes);
    const cls = await candidateClasses(ctx, count);
    const w: Work = {
      x: new Float32Array(rows * features), labels: new Int32Array(rows), gradY: new Float32Array(rows * features), lossY: new Float64Array(rows),
      best: new Float32Array(rows * features), bestPert: new Float64Array(rows), bestF: new Float64Array(rows), minLoss: new Float64Array(rows), pred: new Int32Array(rows),
    };
    const total = new Float64Array(rows * features);
    const scale = 1 + ctx.params.overshoot;
    // With every class a candidate, the current class is the one of least loss; with fewer,
    // an unlisted class could win, so one decision query per step comes first.
    const decideFirst = count < classes;
    let active = selectRows(rows, () => true);
    for (let step = 0; step < ctx.params.steps; step++) {
      active = active.filter((r) => ctx.oracle.remaining(r) >= count + (decideFirst ? 1 : 0));
      if (decideFirst && active.length > 0) {
        const pred = await ctx.oracle.decide(gatherRows(ctx.adv, features, active, w.x), active);
        active = active.filter((r, k) => pred[k] === ctx.labels[r]);
      }
      if (active.length === 0) break;
      await nearestBoundary(ctx, active, cls, count, w);
      const still: number[] = [];
      active.forEach((r, k) => {
        if ((!decideFirst && w.pred[k] !== ctx.labels[r]) || !Number.isFinite(w.bestPert[k] as number)) return;
        still.push(r);
        const coef = w.bestF[k] as number;
        const off = k * features;
        for (let i = 0; i < features; i++) {
          const d = w.best[off + i] as number;
          const at = r * features + i;
          total[at] = (total[at] as number) + (ctx.threat.norm === '2' ? coef * d : coef * Math.sign(d));
          ctx.adv[at] = (x0[at] as number) + scale * (total[at] as number);
        }
      });
      ctx.project(ctx.adv);
      active = Int32Array.from(still);
    }
  },
});
