/**
 * @module provenance/diff
 * Compares two dataset manifests file by file: which paths were added, removed or changed
 * (different sha256 or size), and how row counts moved. Pure and synchronous; the CLI
 * renders the result and turns "differs" into exit code 1.
 */
import type { ManifestFile } from './manifest.js';
import { totalRows } from './manifest.js';
import { sortUniqueByPath } from './paths.js';

/** A file's content as recorded in one manifest. `rows` is null for `other` files. */
export interface FileSnapshot {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly rows: number | null;
}

/** A path present in both manifests with different content. */
export interface ChangedFile {
  readonly path: string;
  readonly before: FileSnapshot;
  readonly after: FileSnapshot;
  /** after.rows − before.rows; null when either side has no row count. */
  readonly rowDelta: number | null;
}

/** The result of diffManifests; every list is sorted by path. */
export interface ManifestDiff {
  /** True when no file was added, removed or changed (then the roots are equal too). */
  readonly identical: boolean;
  readonly rootBefore: string;
  readonly rootAfter: string;
  /** Entries of `after` whose path is not in `before`. */
  readonly added: readonly ManifestFile[];
  /** Entries of `before` whose path is not in `after`. */
  readonly removed: readonly ManifestFile[];
  readonly changed: readonly ChangedFile[];
  /** Number of paths present in both with the same sha256 and size. */
  readonly unchanged: number;
  /** Total rows of `before` (csv and jsonl files). */
  readonly rowsBefore: number;
  /** Total rows of `after`. */
  readonly rowsAfter: number;
}

/** The parts of a manifest a diff reads. */
export interface DiffableManifest {
  readonly root: string;
  readonly files: readonly ManifestFile[];
}

/**
 * Compares manifest `before` with manifest `after`. A path whose sha256 and size are equal
 * on both sides is unchanged (createdAt is ignored). Throws PRV_ERR_DUPLICATE_PATH when a
 * manifest repeats a path.
 *
 * @example
 * const d = diffManifests(v1, v2);
 * d.changed[0]; // { path: 'train.csv', before: { rows: 100, … }, after: { rows: 120, … }, rowDelta: 20 }
 */
export function diffManifests(before: DiffableManifest, after: DiffableManifest): ManifestDiff {
  const beforeFiles = sortUniqueByPath(before.files, 'before');
  const afterFiles = sortUniqueByPath(after.files, 'after');
  const beforeByPath = new Map(beforeFiles.map((f) => [f.path, f]));
  const afterPaths = new Set(afterFiles.map((f) => f.path));
  const added: ManifestFile[] = [];
  const changed: ChangedFile[] = [];
  let unchanged = 0;
  for (const file of afterFiles) {
    const old = beforeByPath.get(file.path);
    if (old === undefined) added.push(file);
    else if (old.sha256 === file.sha256 && old.sizeBytes === file.sizeBytes) unchanged++;
    else changed.push(changeOf(old, file));
  }
  const removed = beforeFiles.filter((f) => !afterPaths.has(f.path));
  return {
    identical: added.length === 0 && removed.length === 0 && changed.length === 0,
    rootBefore: before.root,
    rootAfter: after.root,
    added,
    removed,
    changed,
    unchanged,
    rowsBefore: totalRows(beforeFiles),
    rowsAfter: totalRows(afterFiles),
  };
}

function changeOf(old: ManifestFile, now: ManifestFile): ChangedFile {
  const before = snapshot(old);
  const after = snapshot(now);
  const rowDelta = before.rows === null || after.rows === null ? null : after.rows - before.rows;
  return { path: now.path, before, after, rowDelta };
}

function snapshot(file: ManifestFile): FileSnapshot {
  return { sha256: file.sha256, sizeBytes: file.sizeBytes, rows: file.rows ?? null };
}
