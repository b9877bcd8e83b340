/**
 * @module redteam/attacks/hopskipjump
 * HopSkipJump (Chen, Jordan & Wainwright, "HopSkipJumpAttack: A Query-Efficient
 * Decision-Based Attack", IEEE S&P 2020): a decision-only attack that looks for the
 * smallest L2 or L∞ perturbation. From a first adversarial point it repeats: binary search
 * to the boundary (threshold θ = γ/d^{3/2} for L2, γ/d² for L∞), estimate the boundary's
 * normal from B_t = B₀·√t decisions at radius δ_t (δ₁ = 0.1·(clip range), then
 * √d·θ·dist (L2) or d·θ·dist (L∞)), step along it (L∞: its sign) by ξ = dist/√t halved
 * until adversarial, and search again. It needs only top-1 labels, so it runs on any
 * model, a remote endpoint included. Query phases: hopskipjump-search.ts.
 *
 * Budget: minimal (the result is the closest boundary point found; a success counts within
 * ε when the threat model gives one). Under a query budget each estimate leaves enough
 * queries for the step and binary searches that follow, a sample stops when fewer than 10
 * probes would remain, and every phase stops at the budget.
 */
import { z } from 'zod';
import { defineAttack } from '../attack.js';
import { redteamErrors } from '../errors.js';
import { binarySearch, estimateGradient, initialise, stepSearch, withQueries } from './hopskipjump-search.js';
import type { HsjContext, HsjState } from './hopskipjump-search.js';

/** Fewest probes an estimate is made from; a sample with fewer queries left stops. */
const MIN_EVALS = 10;

/** Each sample's closest adversarial point so far (a late, starved estimate can step away from it). */
class Best {
  readonly #adv: Float32Array;
  readonly #s: HsjState;
  readonly #n: number;
  readonly #points: Float32Array;
  readonly #dist: Float64Array;

  constructor(adv: Float32Array, s: HsjState, n: number) {
    this.#adv = adv;
    this.#s = s;
    this.#n = n;
    this.#points = Float32Array.from(adv);
    this.#dist = new Float64Array(adv.length / n).fill(Number.POSITIVE_INFINITY);
  }

  offer(rows: Iterable<number>): void {
    const n = this.#n;
    for (const r of rows) {
      if (!((this.#s.dist[r] as number) < (this.#dist[r] as number))) continue;
      this.#dist[r] = this.#s.dist[r] as number;
      this.#points.set(this.#adv.subarray(r * n, (r + 1) * n), r * n);
    }
  }

  /** Puts the best point of every sample that has one back into the output. */
  restore(): void {
    const n = this.#n;
    for (let r = 0; r < this.#dist.length; r++) if (Number.isFinite(this.#dist[r] as number)) this.#adv.set(this.#points.subarray(r * n, (r + 1) * n), r * n);
  }
}

const params = z
  .object({
    iterations: z.number().int().min(1).max(100_000).default(40).describe('gradient-estimate iterations per sample (default 40, as in the paper\'s code)'),
    initEvals: z.number().int().min(2).max(1_000_000).default(100).describe('B₀: decisions of the first estimate, growing as B₀·√t (default 100)'),
    maxEvals: z.number().int().min(2).max(1_000_000).default(10_000).describe('largest estimate (default 10000)'),
    gamma: z.number().positive().finite().default(1).describe('γ of the binary-search threshold (default 1)'),
    initTries: z.number().int().min(1).max(100_000).default(100).describe('queries spent looking for a first adversarial point (default 100)'),
    halvings: z.number().int().min(1).max(64).default(20).describe('step-size halvings tried per iteration (default 20)'),
  })
  .strict();

/**
 * HopSkipJump, L2 and L∞, decision-only.
 *
 * @example
 * await runAttack({ model, attack: 'hopskipjump', params: { iterations: 20 }, threat: { knowledge: 'decision-only', norm: '2', maxQueries: 5000, clip: [0, 1] }, x, shape });
 */
export const hopSkipJump = defineAttack({
  id: 'hopskipjump',
  name: 'HopSkipJump',
  summary: 'Decision-only: binary search to the boundary, estimate its normal from label flips around the boundary point, step along it, repeat.',
  references: ['Chen, Jordan & Wainwright, "HopSkipJumpAttack: A Query-Efficient Decision-Based Attack", IEEE S&P 2020'],
  covers: { knowledge: 'decision-only', goals: ['untargeted', 'targeted'], norms: ['2', 'inf'], budget: 'minimal' },
  params,
  settle(p, threat) {
    if (threat.clip === undefined) {
      throw redteamErrors.error('RTM_ERR_THREAT_MODEL', 'threat model: clip: hopskipjump needs a clip range (its first points are uniform noise in it, its first probe radius a tenth of it); pass --clip MIN,MAX', { field: 'clip', attack: 'hopskipjump' });
    }
    return p;
  },
  async run(ctx) {
    const c: HsjContext = ctx;
    const { rows, features: n } = ctx.batch;
    const [lo, hi] = ctx.threat.clip as readonly [number, number];
    const norm = ctx.threat.norm === 'inf' ? 'inf' : '2';
    const theta = norm === '2' ? ctx.params.gamma / (n * Math.sqrt(n)) : ctx.params.gamma / (n * n);
    const s: HsjState = { found: new Uint8Array(rows), settled: new Uint8Array(rows), dist: new Float64Array(rows), distPost: new Float64Array(rows), theta, norm, lo, hi };
    await initialise(c, s, ctx.params.initTries);
    const all = Array.from({ length: rows }, (_, r) => r);
    let active = withQueries(c, all.filter((r) => s.found[r] === 1 && s.settled[r] === 0));
    const far = new Float32Array(rows * n);
    active.forEach((r, k) => far.set(ctx.adv.subarray(r * n, (r + 1) * n), k * n));
    await binarySearch(c, s, far.subarray(0, active.length * n), active);
    const best = new Best(ctx.adv, s, n);
    best.offer(active);
    const grad = new Float64Array(rows * n);
    // Queries kept back each iteration for the step search and the binary search that follows.
    const reserve = Math.ceil(Math.log2(1 / theta)) + 4;
    for (let t = 1; t <= ctx.params.iterations; t++) {
      const want = Math.min(Math.floor(ctx.params.initEvals * Math.sqrt(t)), ctx.params.maxEvals);
      const evalsOf = (r: number): number => Math.min(want, ctx.oracle.remaining(r) - reserve);
      const radius = (r: number): number => (t === 1 ? 0.1 * (hi - lo) : (norm === '2' ? Math.sqrt(n) : n) * theta * (s.distPost[r] as number));
      // Too few probes give no direction; a point that collapsed onto the original has nothing to probe.
      active = active.filter((r) => evalsOf(r) >= MIN_EVALS && radius(r) > 0 && Number.isFinite(radius(r)));
      if (active.length === 0) break;
      const counts = Int32Array.from(active, evalsOf);
      const delta = Float64Array.from(active, radius);
      const g = grad.subarray(0, active.length * n);
      await estimateGradient(c, s, active, counts, delta, g);
      if (norm === 'inf') for (let i = 0; i < g.length; i++) g[i] = Math.sign(g[i] as number);
      const next = far.subarray(0, active.length * n);
      await stepSearch(c, s, active, g, t, ctx.params.halvings, next);
      await binarySearch(c, s, next, active);
      best.offer(active);
    }
    best.restore();
  },
});
