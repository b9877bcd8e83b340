/**
 * @module redteam/suite/ports
 * What a suite run needs from outside the red-team context, declared here by the consumer
 * (STYLE.md §2) and implemented by the CLI: opening a model (a file through the model
 * runtimes, a URL through the remote client), the registry (the LKG's registered report,
 * the dataset manifests), path resolution (suite-relative and `shared:` paths), time and
 * progress output.
 */
import type { Model, OutputKind } from '../../models/index.js';
import type { ManifestPair } from './integrity.js';

/** Where a model comes from once prepared (trained models are files by then). */
export type ModelSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string; readonly apiKey?: string; readonly timeoutMs?: number; readonly outputKind?: OutputKind };

/**
 * Opens models. `differentiable`: some attack on the model is white-box.
 *
 * @example
 * const model = await opener.open({ kind: 'file', path: 'digits.onnx' }, { differentiable: true });
 */
export interface ModelOpener {
  open(source: ModelSource, options: { readonly differentiable: boolean }): Promise<Model>;
}

/** A report attached to the LKG version of a model. */
export interface RegisteredReport {
  readonly version: string;
  readonly digest: string;
  readonly report: unknown;
}

/**
 * The model registry as the suite reads it.
 *
 * @example
 * await registry.lkgReport('fraud'); // { version: 'v1', digest: '3f1c…', report: {...} } or undefined
 */
export interface SuiteRegistry {
  /** The newest red-team report attached to the model's LKG version; undefined without LKG or report. */
  lkgReport(model: string): Promise<RegisteredReport | undefined>;
  /** The version's dataset manifest and its model LKG's (parsed JSON, unvalidated). Throws REG_ERR_UNKNOWN_* for an unregistered version. */
  manifests(model: string, version: string): Promise<ManifestPair>;
}

/** Everything {@link runSuite} works with besides the suite. */
export interface SuiteDeps {
  readonly models: ModelOpener;
  /** Absent: no registry (no LKG baseline, no integrity check). */
  readonly registry?: SuiteRegistry;
  /** Why there is no registry, for the report's notes. */
  readonly registryNote?: string;
  /** Resolves a path of the suite file (relative to it; `shared:` → the shared data folder). */
  resolvePath(path: string): string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Wall clock (ms since the epoch) for `generated_at`. */
  readonly clock: { now(): number };
  /** Monotonic ms for durations. */
  monotonic(): number;
  /** Folder for models trained by the run (`REPORT_DIR/models`). */
  readonly workDir: string;
  /** Progress lines. */
  log(line: string): void;
}
