/**
 * @module inspect/prompt-injection/train/split
 * Reproducible, stratified splits by a hash of the text. Within each (source, label) group,
 * examples are ordered by FNV-1a-32 of `"<seed>:<text>"` (ties by text); the first
 * `round(fraction · n)` form the held-out test split, which training never sees. The
 * remaining examples are dealt round-robin, in the order of a second hash
 * (`"<seed>:fold:<text>"`), into `k` validation folds. The same data and seed always give
 * the same split on every platform.
 */
import type { Example } from './corpus.js';

/**
 * FNV-1a 32-bit hash of `s` (UTF-16 code units), as an unsigned integer.
 *
 * @example
 * fnv1a32('a'); // 3826002220
 */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function groups(examples: readonly Example[]): Map<string, Example[]> {
  const out = new Map<string, Example[]>();
  for (const e of examples) {
    const key = `${e.source}/${e.label}`;
    (out.get(key) ?? out.set(key, []).get(key))?.push(e);
  }
  return out;
}

function ordered(items: readonly Example[], salt: string): Example[] {
  return items
    .map((e) => ({ e, h: fnv1a32(`${salt}:${e.text}`) }))
    .sort((a, b) => a.h - b.h || (a.e.text < b.e.text ? -1 : a.e.text > b.e.text ? 1 : 0))
    .map((x) => x.e);
}

/** A held-out split. */
export interface HeldOutSplit {
  readonly train: Example[];
  readonly test: Example[];
}

/**
 * Splits `examples` into train and held-out test (see the module header). Both keep the
 * input order.
 *
 * @example
 * const { train, test } = holdOut(corpus, { seed: 5, fraction: 0.2 });
 */
export function holdOut(examples: readonly Example[], options: { seed: number; fraction: number }): HeldOutSplit {
  const testSet = new Set<Example>();
  for (const items of groups(examples).values()) {
    const take = Math.round(options.fraction * items.length);
    for (const e of ordered(items, String(options.seed)).slice(0, take)) testSet.add(e);
  }
  return { train: examples.filter((e) => !testSet.has(e)), test: examples.filter((e) => testSet.has(e)) };
}

/**
 * The validation fold (0..k-1) of each example, stratified by (source, label).
 *
 * @example
 * const fold = assignFolds(train, { seed: 5, k: 5 }); fold.get(train[0]); // 3
 */
export function assignFolds(examples: readonly Example[], options: { seed: number; k: number }): Map<Example, number> {
  const fold = new Map<Example, number>();
  for (const items of groups(examples).values()) {
    ordered(items, `${options.seed}:fold`).forEach((e, i) => fold.set(e, i % options.k));
  }
  return fold;
}
