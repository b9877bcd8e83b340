/**
 * @module provenance/ports
 * What provenance needs from the outside world: a scanner that reads dataset files and
 * reports, per file, the entry a manifest records. Declared here; the file-system adapter
 * is app/dataset-scan.ts. Contexts that inspect training data (the red-team poisoning
 * checks) take a DatasetScanner instead of reading files themselves.
 */
import type { ManifestFile } from './manifest.js';

/** Options of one scan. */
export interface DatasetScanOptions {
  /** Folder that relative paths given to the scanner are resolved from. */
  readonly cwd: string;
  /**
   * Folder that entry paths are made relative to. Default: the deepest folder containing
   * every path given (a folder counts as itself, a file as its parent folder).
   */
  readonly base?: string;
  /** Absolute paths to leave out, e.g. the manifest being written into the scanned folder. */
  readonly exclude?: readonly string[];
}

/** Something found while walking that was deliberately not included. */
export interface SkippedEntry {
  /** POSIX path relative to the base. */
  readonly path: string;
  /** `symlink`: links are never followed; `special`: sockets, FIFOs, devices. */
  readonly reason: 'symlink' | 'special';
}

/** What a scan found. */
export interface DatasetScan {
  /** Absolute base folder the entry paths are relative to. */
  readonly base: string;
  /** One entry per regular file, in no particular order. */
  readonly files: readonly ManifestFile[];
  readonly skipped: readonly SkippedEntry[];
}

/**
 * Reads every file under `paths` once (folders recursively, hidden entries skipped,
 * symbolic links inside folders not followed) and returns its manifest entry.
 *
 * @example
 * const scan = await scanner(['data/'], { cwd: process.cwd() });
 * buildManifest(scan.files, clock);
 */
export type DatasetScanner = (paths: readonly string[], options: DatasetScanOptions) => Promise<DatasetScan>;
