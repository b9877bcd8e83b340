/**
 * @module gateway/routing/choose-version
 * The weighted choice of a version, as pure functions. A route's weights are compiled once
 * into cumulative bucket bounds; a request draws a bucket (at random, or from a sticky key
 * hashed to a stable bucket) and takes the first version whose bound exceeds it.
 */
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { RouteSpec } from '../ports.js';

/** Cumulative bounds over `buckets`: version i serves draws in [bounds[i-1], bounds[i]). */
export interface CompiledWeights {
  readonly versions: readonly string[];
  readonly bounds: readonly number[];
  readonly buckets: number;
}

/**
 * Compiles a route's split. Without weights (or with one version at 100) every bucket goes
 * to `active`. Versions at 0% are left out.
 *
 * @example
 * compileWeights({ active: 'v2', weights: { v1: 95, v2: 5 } }); // { versions: ['v1','v2'], bounds: [9500, 10000], buckets: 10000 }
 */
export function compileWeights(route: RouteSpec, buckets: number = GATEWAY_DEFAULTS.routeBuckets): CompiledWeights {
  const entries = Object.entries(route.weights ?? {}).filter(([, weight]) => weight > 0);
  if (entries.length === 0) return { versions: [route.active], bounds: [buckets], buckets };
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const versions: string[] = [];
  const bounds: number[] = [];
  let cumulative = 0;
  for (const [version, weight] of entries) {
    cumulative += weight;
    versions.push(version);
    bounds.push(Math.round((cumulative / total) * buckets));
  }
  bounds[bounds.length - 1] = buckets; // rounding never leaves a gap at the top
  return { versions, bounds, buckets };
}

/**
 * The version serving `bucket` (an integer in [0, buckets)).
 *
 * @example
 * pickVersion(compileWeights({ active: 'v2', weights: { v1: 95, v2: 5 } }), 9_700); // 'v2'
 */
export function pickVersion(compiled: CompiledWeights, bucket: number): string {
  const { versions, bounds } = compiled;
  for (let i = 0; i < bounds.length - 1; i++) if (bucket < (bounds[i] as number)) return versions[i] as string;
  return versions[versions.length - 1] as string;
}

/**
 * A uniform bucket from a random number in [0, 1).
 *
 * @example
 * randomBucket(Math.random(), 10_000); // 0..9999
 */
export function randomBucket(random: number, buckets: number): number {
  const bucket = Math.floor(random * buckets);
  return bucket >= buckets ? buckets - 1 : bucket < 0 ? 0 : bucket;
}

/**
 * A stable bucket for a sticky key: FNV-1a over the UTF-16 code units of `model` and `key`,
 * then murmur3's finaliser so that similar keys spread evenly. The model is mixed in so
 * that one client is not on the canary of every model at once.
 *
 * @example
 * stickyBucket('fraud', 'shop-frontend', 10_000) === stickyBucket('fraud', 'shop-frontend', 10_000); // true
 */
export function stickyBucket(model: string, key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  hash = fnv(hash, model);
  hash = Math.imul(hash ^ 0x1f, 0x01000193); // separator between model and key
  hash = fnv(hash, key);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % buckets;
}

function fnv(seed: number, text: string): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * Chooses the version for one request: sticky when a key is given, random otherwise.
 *
 * @example
 * chooseVersion(compiled, 'fraud', undefined, Math.random());
 * chooseVersion(compiled, 'fraud', 'session-42', 0); // same version for every call with 'session-42'
 */
export function chooseVersion(compiled: CompiledWeights, model: string, stickyKey: string | undefined, random: number): string {
  if (compiled.versions.length === 1) return compiled.versions[0] as string;
  const bucket = stickyKey === undefined ? randomBucket(random, compiled.buckets) : stickyBucket(model, stickyKey, compiled.buckets);
  return pickVersion(compiled, bucket);
}
