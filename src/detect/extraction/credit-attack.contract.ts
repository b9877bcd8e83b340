/**
 * @module detect/extraction/credit-attack.contract
 * Test fixtures for the PRADA replay on the UCI credit model (not built into dist): the
 * data, a small trained classifier, benign clients that send real rows, and extraction
 * attackers in the style the PRADA paper evaluates — JbDA (Papernot et al. 2017: start from a
 * few real seed rows, then repeatedly add x + λ·sign(∇ₓ F(x)) for every sample so far) and
 * uniform random probing of the feature ranges.
 */
import { classifierOutputs, createRng, trainTabular } from '../../models/train/index.js';
import type { Classifier, Rng } from '../../models/train/index.js';
import { csvToMatrix, readCsvFile } from '../../models/io/index.js';

/** What the gateway would carry: the first 16 values of the row (GATEWAY_DEFAULTS.featureSummaryValues). */
export const SUMMARY_VALUES = 16;

export interface CreditWorld {
  readonly x: Float64Array;
  readonly n: number;
  readonly width: number;
  readonly columns: readonly string[];
  readonly sd: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly classifier: Classifier;
}

/** Loads the CSV and trains a small classifier (2 epochs: the detector needs predictions, not accuracy). */
export async function creditWorld(path: string): Promise<CreditWorld> {
  const table = await readCsvFile(path);
  const columns = table.header.filter((c) => c !== 'ID' && c !== 'Y');
  const { x, y, n } = csvToMatrix(table, { target: 'Y', columns });
  const width = columns.length;
  const { classifier } = trainTabular({ x, y, columns, target: 'Y' }, { epochs: 2, seed: 1 });
  const sd = new Float64Array(width);
  const min = new Float64Array(width).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(width).fill(Number.NEGATIVE_INFINITY);
  for (let j = 0; j < width; j++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * width + j] as number;
      s += v;
      s2 += v * v;
      min[j] = Math.min(min[j] as number, v);
      max[j] = Math.max(max[j] as number, v);
    }
    sd[j] = Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2)) || 1;
  }
  return { x, n, width, columns, sd, min, max, classifier };
}

/** The predicted class (P(default) > 0.5) and the top-2 margin of each row. */
export function predict(world: CreditWorld, rows: readonly Float64Array[]): { cls: number[]; margin: number[] } {
  const flat = new Float64Array(rows.length * world.width);
  rows.forEach((r, i) => flat.set(r, i * world.width));
  const p = classifierOutputs(world.classifier, flat);
  const cls = rows.map((_, i) => ((p[2 * i + 1] as number) > 0.5 ? 1 : 0));
  const margin = rows.map((_, i) => Math.abs((p[2 * i + 1] as number) - (p[2 * i] as number)));
  return { cls, margin };
}

/** A benign client: real rows drawn at random. */
export function benignQueries(world: CreditWorld, rng: Rng, count: number): Float64Array[] {
  return Array.from({ length: count }, () => {
    const i = rng.int(world.n);
    return world.x.slice(i * world.width, (i + 1) * world.width);
  });
}

/** JbDA-style synthetic queries: `seeds` real rows, then rounds of x + λ·sd·sign(∂P(default)/∂x). */
export function jbdaQueries(world: CreditWorld, rng: Rng, count: number, options: { seeds: number; lambda: number }): Float64Array[] {
  let queries = benignQueries(world, rng, options.seeds);
  while (queries.length < count) {
    const signs = gradientSigns(world, queries);
    const next = queries.map((q, i) => q.map((v, j) => v + options.lambda * (world.sd[j] as number) * ((signs[i] as Int8Array)[j] as number)));
    queries = queries.concat(next);
  }
  return queries.slice(0, count);
}

/** Signs of ∂P(default)/∂x by central differences (a black-box attacker's surrogate would do the same). */
function gradientSigns(world: CreditWorld, rows: readonly Float64Array[]): Int8Array[] {
  return rows.map((row) => {
    const signs = new Int8Array(world.width);
    const probes: Float64Array[] = [];
    for (let j = 0; j < world.width; j++) {
      const h = 1e-3 * (world.sd[j] as number);
      const up = row.slice();
      const down = row.slice();
      up[j] = (up[j] as number) + h;
      down[j] = (down[j] as number) - h;
      probes.push(up, down);
    }
    const flat = new Float64Array(probes.length * world.width);
    probes.forEach((r, i) => flat.set(r, i * world.width));
    const p = classifierOutputs(world.classifier, flat);
    for (let j = 0; j < world.width; j++) {
      const d = (p[4 * j + 1] as number) - (p[4 * j + 3] as number);
      signs[j] = d > 0 ? 1 : d < 0 ? -1 : 1;
    }
    return signs;
  });
}

/** Uniform random probes over each feature's observed range. */
export function uniformQueries(world: CreditWorld, rng: Rng, count: number): Float64Array[] {
  return Array.from({ length: count }, () => Float64Array.from({ length: world.width }, (_, j) => (world.min[j] as number) + rng.next() * ((world.max[j] as number) - (world.min[j] as number))));
}

export { createRng };
