/**
 * @module inspect/resources
 * What the version-aware inspectors (schema, OOD, squeezing, output) need to know about the
 * version that serves a request: its baseline profile, its declared signature, and a model
 * runtime for feature squeezing. A port: the app layer loads them (registry documents, the
 * artifact named in the config) and the inspectors look them up synchronously by (model,
 * version) on each request. A version without resources makes those inspectors write
 * `<id>_unavailable` ("could not measure"), never fail.
 */
import type { BaselineProfile } from '../detect/baseline.js';
import type { ModelSignature } from '../shared/signature.js';

/** Runs the model on a batch; what feature squeezing calls, off the request path. */
export interface Predictor {
  /** Row-major input of `shape` (first dimension = batch); resolves with the first output. */
  predict(batch: Float32Array, shape: number[]): Promise<{ readonly data: Float32Array; readonly shape: readonly number[] }>;
}

/** The loaded model of a version, for feature squeezing. */
export interface SqueezeModel {
  readonly predictor: Predictor;
  /** The model's own input signature (decides image vs tabular squeezing). */
  readonly signature: ModelSignature;
}

/** Everything known about one version. */
export interface VersionResources {
  readonly baseline?: BaselineProfile | undefined;
  readonly signature?: ModelSignature | undefined;
  readonly model?: SqueezeModel | undefined;
}

/**
 * Synchronous lookup of a version's resources.
 *
 * @example
 * const resources = staticResources({ fraud: { v2: { baseline, signature } } });
 * resources.forVersion('fraud', 'v2')?.baseline?.features?.names;
 */
export interface InspectorResources {
  forVersion(model: string, version: string): VersionResources | undefined;
}

/**
 * Resources from a plain table (tests, the CLI), or an empty lookup.
 *
 * @example
 * staticResources({ fraud: { v1: { signature } } }).forVersion('fraud', 'v1')?.signature; // signature
 */
export function staticResources(table: Readonly<Record<string, Readonly<Record<string, VersionResources>>>> = {}): InspectorResources {
  return {
    forVersion: (model, version) => (Object.hasOwn(table, model) && Object.hasOwn(table[model] as object, version) ? (table[model] as Record<string, VersionResources>)[version] : undefined),
  };
}

/** Models (and versions per model) remembered by SwappableResources' lookup memo. */
const MAX_MEMO = 1_024;
/** The memo's entry for a version the table has nothing for (never handed out). */
const NO_RESOURCES: VersionResources = Object.freeze({});

/**
 * A lookup whose table the app replaces on a config reload (one assignment; requests in
 * flight keep the objects they already read).
 *
 * @example
 * const resources = new SwappableResources();
 * resources.replace(new Map([['fraud/v2', { baseline }]]));
 */
export class SwappableResources implements InspectorResources {
  #table: ReadonlyMap<string, VersionResources> = new Map();
  /**
   * Answers by model, then version, filled on first lookup: several inspectors look up the
   * same version on every request, and building the `model/version` key each time (a fresh
   * string to hash) showed in profiles. Emptied by `replace`; bounded by MAX_MEMO models.
   */
  #memo = new Map<string, Map<string, VersionResources>>();

  forVersion(model: string, version: string): VersionResources | undefined {
    let versions = this.#memo.get(model);
    if (versions === undefined) {
      if (this.#memo.size >= MAX_MEMO) this.#memo.clear();
      versions = new Map();
      this.#memo.set(model, versions);
    }
    // One lookup per call: a version without resources is memoised as NO_RESOURCES.
    const memo = versions.get(version);
    if (memo !== undefined) return memo === NO_RESOURCES ? undefined : memo;
    const found = this.#table.get(`${model}/${version}`);
    if (versions.size < MAX_MEMO) versions.set(version, found ?? NO_RESOURCES);
    return found;
  }

  /** Swaps in a table keyed `model/version`. */
  replace(table: ReadonlyMap<string, VersionResources>): void {
    this.#table = table;
    this.#memo = new Map();
  }

  /** Every entry, for shutdown (disposing models). */
  entries(): IterableIterator<[string, VersionResources]> {
    return this.#table.entries();
  }
}
