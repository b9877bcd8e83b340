/**
 * @module redteam/attacks/hopskipjump-search
 * The query phases of HopSkipJump (Chen, Jordan & Wainwright, IEEE S&P 2020), each batched
 * over the samples still being attacked: finding a first adversarial point, the binary
 * search toward the original that ends on the boundary (L2: along the segment; L∞: by
 * shrinking a box around the original), the Monte-Carlo estimate of the boundary's normal
 * from decisions only (with the paper's baseline subtraction), and the geometric step-size
 * search. Every queried point is projected first (clip range and feature constraints); a
 * phase stops for a sample when its queries are spent, keeping the last point known to be
 * adversarial.
 */
import type { AttackContext } from '../attack.js';
import { goalMet } from '../attack.js';
import type { Norm } from '../norms.js';
import { rowNorm } from '../norms.js';
import type { DecisionOracle } from '../oracle.js';
import { probes } from './hopskipjump-probes.js';

/** The decision-only context HopSkipJump runs in. */
export type HsjContext = AttackContext<unknown, DecisionOracle>;

/** Most values one decision call carries (rows × features), to bound memory. */
const MAX_VALUES_PER_CALL = 4_194_304;

/** Per-batch state shared by the phases. */
export interface HsjState {
  /** 1 once a sample has an adversarial point in `ctx.adv`. */
  readonly found: Uint8Array;
  /** 1 when the original already meets the goal: the sample is left as it is. */
  readonly settled: Uint8Array;
  /** Distance of the current point to the original (the threat model's norm). */
  readonly dist: Float64Array;
  /** Distance of the point the last binary search started from. */
  readonly distPost: Float64Array;
  /** The binary search threshold θ. */
  readonly theta: number;
  readonly norm: Norm;
  readonly lo: number;
  readonly hi: number;
}

/** Decides rows of `x` (row k is sample rows[k]) and returns 1 where the goal is met. */
export async function adversarial(ctx: HsjContext, x: Float32Array, rows: Int32Array): Promise<Uint8Array> {
  const out = new Uint8Array(rows.length);
  if (rows.length === 0) return out;
  const n = ctx.batch.features;
  const per = Math.max(1, Math.floor(MAX_VALUES_PER_CALL / n));
  for (let start = 0; start < rows.length; start += per) {
    const end = Math.min(rows.length, start + per);
    const map = rows.subarray(start, end);
    const pred = await ctx.oracle.decide(x.subarray(start * n, end * n), map);
    for (let k = 0; k < map.length; k++) out[start + k] = goalMet(ctx, map[k] as number, pred[k] as number) ? 1 : 0;
  }
  return out;
}

/** The samples that still have at least `need` queries, among `rows`. */
export function withQueries(ctx: HsjContext, rows: Iterable<number>, need = 1): Int32Array {
  const out: number[] = [];
  for (const r of rows) if (ctx.oracle.remaining(r) >= need) out.push(r);
  return Int32Array.from(out);
}

/**
 * First adversarial points: the original itself first (a misclassified sample is settled
 * at once), then uniform noise in the clip range (untargeted), or, targeted, the other
 * originals of the batch (a digit of the target class is a natural start), then noise.
 * Up to `tries` queries per sample; found points go to `ctx.adv`.
 */
export async function initialise(ctx: HsjContext, s: HsjState, tries: number): Promise<void> {
  const { rows, features: n, x0 } = ctx.batch;
  const x = new Float32Array(rows * n);
  for (let t = 0; t < tries; t++) {
    const pending = withQueries(ctx, Array.from({ length: rows }, (_, r) => r).filter((r) => s.found[r] === 0));
    if (pending.length === 0) return;
    pending.forEach((r, k) => {
      const row = x.subarray(k * n, (k + 1) * n);
      const other = (r + t) % rows;
      if (t === 0 || (ctx.targets !== undefined && t < rows)) row.set(x0.subarray(other * n, (other + 1) * n));
      else {
        const rng = ctx.rng(r);
        for (let i = 0; i < n; i++) row[i] = s.lo + (s.hi - s.lo) * rng.next();
      }
    });
    const batch = x.subarray(0, pending.length * n);
    ctx.project(batch, pending);
    const ok = await adversarial(ctx, batch, pending);
    pending.forEach((r, k) => {
      if (ok[k] !== 1) return;
      s.found[r] = 1;
      // The original itself meets the goal (a misclassified sample): nothing to search.
      if (t === 0) s.settled[r] = 1;
      ctx.adv.set(batch.subarray(k * n, (k + 1) * n), r * n);
    });
  }
}

/** Writes the point at `mid` between x0 (0) and `far` (L2: 1; L∞: the box radius). */
function between(s: HsjState, x0: Float32Array, off0: number, far: Float32Array, offF: number, mid: number, out: Float32Array, offO: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const o = x0[off0 + i] as number;
    const f = far[offF + i] as number;
    out[offO + i] = s.norm === 'inf' ? Math.min(Math.max(f, o - mid), o + mid) : o + mid * (f - o);
  }
}

/** The norm of row `off` of `x` minus its original. */
export function distance(s: HsjState, x: Float32Array, off: number, x0: Float32Array, off0: number, n: number, scratch: Float32Array): number {
  for (let i = 0; i < n; i++) scratch[i] = (x[off + i] as number) - (x0[off0 + i] as number);
  return rowNorm(scratch, 0, n, s.norm === 'inf' ? 'inf' : '2');
}

/**
 * Binary search from the adversarial points `far` (row k for sample rows[k]) toward the
 * originals, to within θ (L2: of the segment; L∞: min(θ, θ·dist) of the box radius). The
 * last adversarial point of each sample goes to `ctx.adv`, with `dist` and `distPost`.
 */
export async function binarySearch(ctx: HsjContext, s: HsjState, far: Float32Array, rows: Int32Array): Promise<void> {
  const { features: n, x0 } = ctx.batch;
  const scratch = new Float32Array(n);
  const m = rows.length;
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  const threshold = new Float64Array(m);
  rows.forEach((r, k) => {
    const d = distance(s, far, k * n, x0, r * n, n, scratch);
    s.distPost[r] = d;
    hi[k] = s.norm === 'inf' ? d : 1;
    threshold[k] = s.norm === 'inf' ? Math.min(d * s.theta, s.theta) : s.theta;
    ctx.adv.set(far.subarray(k * n, (k + 1) * n), r * n);
  });
  const mids = new Float32Array(m * n);
  for (;;) {
    const open: number[] = [];
    for (let k = 0; k < m; k++) if ((hi[k] as number) - (lo[k] as number) > (threshold[k] as number) && ctx.oracle.remaining(rows[k] as number) >= 1) open.push(k);
    if (open.length === 0) break;
    const map = Int32Array.from(open, (k) => rows[k] as number);
    open.forEach((k, j) => between(s, x0, (rows[k] as number) * n, far, k * n, ((lo[k] as number) + (hi[k] as number)) / 2, mids, j * n, n));
    const batch = mids.subarray(0, open.length * n);
    ctx.project(batch, map);
    const ok = await adversarial(ctx, batch, map);
    open.forEach((k, j) => {
      const mid = ((lo[k] as number) + (hi[k] as number)) / 2;
      if (ok[j] === 1) {
        hi[k] = mid;
        ctx.adv.set(batch.subarray(j * n, (j + 1) * n), (rows[k] as number) * n);
      } else lo[k] = mid;
    });
  }
  rows.forEach((r) => (s.dist[r] = distance(s, ctx.adv, r * n, x0, r * n, n, scratch)));
}

/** Writes `count` probes around sample r's current point into `x` from row `at` on (projected later). */
function probeRows(ctx: HsjContext, s: HsjState, r: number, count: number, radius: number, x: Float32Array, at: number, map: Int32Array): void {
  const n = ctx.batch.features;
  const adv = ctx.adv;
  const base = r * n;
  const block = x.subarray(at * n, (at + count) * n);
  probes(Math.floor(ctx.rng(r).next() * 4294967296), block, s.norm !== 'inf');
  for (let e = 0; e < count; e++) {
    map[at + e] = r;
    const off = e * n;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const v = block[off + i] as number;
      norm += v * v;
    }
    const scale = radius / (Math.sqrt(norm) || 1);
    for (let i = 0; i < n; i++) block[off + i] = (adv[base + i] as number) + scale * (block[off + i] as number);
  }
}

/** Sample r's estimate from its decided probes (rows at…at+count of `x`), unit L2, into `out`. */
function accumulate(ctx: HsjContext, r: number, x: Float32Array, ok: Uint8Array, at: number, count: number, radius: number, out: Float64Array): void {
  const n = ctx.batch.features;
  const adv = ctx.adv;
  const base = r * n;
  let mean = 0;
  for (let j = 0; j < count; j++) mean += ok[at + j] === 1 ? 1 : -1;
  mean /= count;
  out.fill(0);
  const inv = 1 / radius;
  for (let j = 0; j < count; j++) {
    const f = ok[at + j] === 1 ? 1 : -1;
    const w = (Math.abs(mean) === 1 ? f : f - mean) * inv;
    const off = (at + j) * n;
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + w * ((x[off + i] as number) - (adv[base + i] as number));
  }
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const v = out[i] as number;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < n; i++) out[i] = (out[i] as number) / norm;
}

/**
 * Estimates the unit normal of the boundary at each sample's current point from
 * `evals[k]` decisions around it at radius `delta[k]`, written into `grad` (rows × n):
 * mean of f·u with f = ±1 (goal met or not), less its mean when both occur. Probes are
 * projected (clip, constraints) and u is measured after the projection.
 */
export async function estimateGradient(ctx: HsjContext, s: HsjState, rows: Int32Array, evals: Int32Array, delta: Float64Array, grad: Float64Array): Promise<void> {
  const { features: n } = ctx.batch;
  const per = Math.max(1, Math.floor(MAX_VALUES_PER_CALL / n));
  let k = 0;
  while (k < rows.length) {
    const first = k;
    let count = 0;
    while (k < rows.length && (k === first || count + (evals[k] as number) <= per)) count += evals[k++] as number;
    const x = new Float32Array(count * n);
    const map = new Int32Array(count);
    for (let g = first, at = 0; g < k; at += evals[g++] as number) probeRows(ctx, s, rows[g] as number, evals[g] as number, delta[g] as number, x, at, map);
    ctx.project(x, map);
    const ok = await adversarial(ctx, x, map);
    for (let g = first, at = 0; g < k; at += evals[g++] as number) accumulate(ctx, rows[g] as number, x, ok, at, evals[g] as number, delta[g] as number, grad.subarray(g * n, (g + 1) * n));
  }
}

/**
 * Geometric step search: from ξ = dist/√t along `update`, halve until the projected point
 * is adversarial (at most `halvings` tries). Found points go to rows of `far`; a sample
 * with none keeps its current point there.
 */
export async function stepSearch(ctx: HsjContext, s: HsjState, rows: Int32Array, update: Float64Array, t: number, halvings: number, far: Float32Array): Promise<void> {
  const { features: n } = ctx.batch;
  const step = Float64Array.from(rows, (r) => (s.dist[r] as number) / Math.sqrt(t));
  const searching = new Uint8Array(rows.length).fill(1);
  rows.forEach((r, k) => far.set(ctx.adv.subarray(r * n, (r + 1) * n), k * n));
  const x = new Float32Array(rows.length * n);
  for (let h = 0; h < halvings; h++) {
    const open: number[] = [];
    rows.forEach((r, k) => {
      if (searching[k] === 1 && ctx.oracle.remaining(r) >= 1) open.push(k);
    });
    if (open.length === 0) return;
    const map = Int32Array.from(open, (k) => rows[k] as number);
    open.forEach((k, j) => {
      const r = rows[k] as number;
      for (let i = 0; i < n; i++) x[j * n + i] = (ctx.adv[r * n + i] as number) + (step[k] as number) * (update[k * n + i] as number);
    });
    const batch = x.subarray(0, open.length * n);
    ctx.project(batch, map);
    const ok = await adversarial(ctx, batch, map);
    open.forEach((k, j) => {
      if (ok[j] === 1) {
        searching[k] = 0;
        far.set(batch.subarray(j * n, (j + 1) * n), k * n);
      } else step[k] = (step[k] as number) / 2;
    });
  }
}
