/**
 * @module redteam/attacks/iterative
 * What the iterative gradient attacks (BIM, PGD, MIM) share: the projected ascent loop,
 * random starts inside the ε-ball (uniform per feature for L∞; uniform in the ball for
 * L2), and keeping each sample's best of several restarts. Buffers are the caller's; the
 * loop allocates nothing but what the model returns.
 */
import type { AttackContext } from '../attack.js';
import { goalLabels, goalMet, lossDirection } from '../attack.js';
import { stepRows } from '../norms.js';
import type { GradientOracle } from '../oracle.js';
import { argmaxRows, logProbabilities } from '../scores.js';

/** The white-box context the iterative attacks run in. */
export type GradientContext<P> = AttackContext<P, GradientOracle>;

/**
 * `steps` projected steps of size `stepSize` on `x` (in place), up the label's loss or
 * down the target's. One gradient query per sample per step.
 *
 * @example
 * await projectedAscent(ctx, x, 40, 0.01);
 */
export async function projectedAscent(ctx: GradientContext<unknown>, x: Float32Array, steps: number, stepSize: number): Promise<void> {
  const { rows, features } = ctx.batch;
  const labels = goalLabels(ctx);
  const alpha = lossDirection(ctx) * stepSize;
  for (let s = 0; s < steps; s++) {
    const { grad } = await ctx.oracle.lossGradient(x, labels);
    stepRows(x, grad, rows, features, ctx.threat.norm, alpha);
    ctx.project(x);
  }
}

/**
 * Sets `x` to the originals plus a random point of the ε-ball (L∞: uniform per feature;
 * L2: uniform in the ball: a Gaussian direction with radius ε·U^(1/d)), then projects.
 *
 * @example
 * randomStart(ctx, x);
 */
export function randomStart(ctx: GradientContext<unknown>, x: Float32Array): void {
  const { rows, features, x0 } = ctx.batch;
  const eps = ctx.threat.eps as number;
  for (let r = 0; r < rows; r++) {
    const rng = ctx.rng(r);
    const off = r * features;
    if (ctx.threat.norm === 'inf') {
      for (let i = off; i < off + features; i++) x[i] = (x0[i] as number) + (2 * rng.next() - 1) * eps;
      continue;
    }
    let norm = 0;
    for (let i = off; i < off + features; i++) {
      const z = rng.normal();
      x[i] = z;
      norm += z * z;
    }
    const radius = eps * rng.next() ** (1 / features);
    const scale = norm > 0 ? radius / Math.sqrt(norm) : 0;
    for (let i = off; i < off + features; i++) x[i] = (x0[i] as number) + scale * (x[i] as number);
  }
  ctx.project(x);
}

/** Each sample's best candidate so far: success first, then the larger attack objective. */
export class BestOf {
  readonly #success: Uint8Array;
  readonly #objective: Float64Array;
  readonly #logp: Float64Array;

  constructor(rows: number, classes: number) {
    this.#success = new Uint8Array(rows);
    this.#objective = new Float64Array(rows).fill(Number.NEGATIVE_INFINITY);
    this.#logp = new Float64Array(rows * classes);
  }

  /**
   * Scores `candidate` (one query per sample) and copies the rows that beat the current
   * best into `ctx.adv`. The objective is the label's cross-entropy (untargeted) or the
   * target's log-probability (targeted).
   */
  async offer(ctx: GradientContext<unknown>, candidate: Float32Array): Promise<void> {
    const { rows, features } = ctx.batch;
    const classes = ctx.oracle.classes;
    const scores = await ctx.oracle.scores(candidate);
    const pred = argmaxRows(scores, rows, classes);
    const logp = logProbabilities(scores, rows, classes, ctx.oracle.outputKind, this.#logp);
    const labels = goalLabels(ctx);
    const sign = -lossDirection(ctx);
    for (let r = 0; r < rows; r++) {
      const success = goalMet(ctx, r, pred[r] as number) ? 1 : 0;
      const objective = sign * (logp[r * classes + (labels[r] as number)] as number);
      if (success < (this.#success[r] as number) || (success === this.#success[r] && objective <= (this.#objective[r] as number))) continue;
      this.#success[r] = success;
      this.#objective[r] = objective;
      ctx.adv.set(candidate.subarray(r * features, (r + 1) * features), r * features);
    }
  }
}
