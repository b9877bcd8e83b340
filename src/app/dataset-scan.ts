/**
 * @module app/dataset-scan
 * The file-system DatasetScanner of provenance: walks the paths given, then streams each
 * regular file once, feeding the same chunks to a sha256 hasher and a row counter, so
 * memory stays flat however large the file. Folders are walked recursively in name order;
 * hidden entries (name starting with `.`) are skipped, and symbolic links found inside a
 * folder are reported as skipped, never followed (a link could leave the dataset or loop).
 * A path named explicitly is taken as given, even when hidden or a link.
 */
import { createReadStream } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { cliErrors } from '../cli/errors.js';
import { createSha256 } from '../shared/digest.js';
import { SCAN_CHUNK_BYTES, createRowCounter, detectFileFormat, provenanceErrors } from '../provenance/index.js';
import type { DatasetScan, DatasetScanOptions, ManifestFile, SkippedEntry } from '../provenance/index.js';

interface Walked {
  /** Absolute paths of regular files, deduplicated. */
  readonly files: Set<string>;
  readonly skipped: { abs: string; reason: SkippedEntry['reason'] }[];
  /** Folder each given path contributes to the default base. */
  readonly roots: string[];
}

/**
 * Scans `paths` (files or folders, relative to `options.cwd`) and returns one manifest
 * entry per file, with paths relative to the base folder. Throws CLI_ERR_FILE_NOT_FOUND
 * naming a path that is missing or unreadable, PRV_ERR_NO_FILES when nothing is left to
 * include, and PRV_ERR_OUTSIDE_BASE when a file is not under `options.base`.
 *
 * @example
 * const scan = await scanDataset(['data/train', 'data/test.csv'], { cwd: process.cwd() });
 * scan.base; // '/home/me/project/data'
 * scan.files.map((f) => f.path); // ['test.csv', 'train/part-0.csv', …] (unordered)
 */
export async function scanDataset(paths: readonly string[], options: DatasetScanOptions): Promise<DatasetScan> {
  const walked: Walked = { files: new Set(), skipped: [], roots: [] };
  for (const given of paths) await walkGiven(given, options.cwd, walked);
  for (const excluded of options.exclude ?? []) walked.files.delete(resolve(options.cwd, excluded));
  if (walked.files.size === 0) {
    throw provenanceErrors.error('PRV_ERR_NO_FILES', `${paths.join(', ')}: no files to include (hidden files and symbolic links are skipped)`, { paths: [...paths] });
  }
  const base = options.base === undefined ? commonFolder(walked.roots) : resolve(options.cwd, options.base);
  const files: ManifestFile[] = [];
  for (const abs of [...walked.files].sort()) files.push(await digestFile(abs, relativeTo(base, abs, options.base)));
  const skipped = walked.skipped.map(({ abs, reason }) => ({ path: toPosix(relative(base, abs)), reason }));
  return { base, files, skipped };
}

async function walkGiven(given: string, cwd: string, walked: Walked): Promise<void> {
  const abs = resolve(cwd, given);
  let info: Stats;
  try {
    info = await stat(abs);
  } catch (err) {
    throw unreadable(given, err);
  }
  if (info.isDirectory()) {
    walked.roots.push(abs);
    await walkFolder(abs, given, walked);
  } else {
    walked.roots.push(dirname(abs));
    if (info.isFile()) walked.files.add(abs);
    else walked.skipped.push({ abs, reason: 'special' });
  }
}

async function walkFolder(abs: string, shown: string, walked: Walked): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch (err) {
    throw unreadable(shown, err);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = join(abs, entry.name);
    if (entry.isSymbolicLink()) walked.skipped.push({ abs: child, reason: 'symlink' });
    else if (entry.isDirectory()) await walkFolder(child, join(shown, entry.name), walked);
    else if (entry.isFile()) walked.files.add(child);
    else walked.skipped.push({ abs: child, reason: 'special' });
  }
}

/** Reads `abs` once: sha256, byte count and row count from the same chunks. */
async function digestFile(abs: string, path: string): Promise<ManifestFile> {
  const format = detectFileFormat(path);
  const hasher = createSha256();
  const counter = createRowCounter(format);
  let sizeBytes = 0;
  try {
    for await (const chunk of createReadStream(abs, { highWaterMark: SCAN_CHUNK_BYTES })) {
      const bytes = chunk as Buffer;
      hasher.update(bytes);
      counter.push(bytes);
      sizeBytes += bytes.length;
    }
  } catch (err) {
    throw unreadable(abs, err);
  }
  const rows = counter.finish();
  const sha256 = hasher.digestHex();
  return rows === undefined ? { path, sha256, sizeBytes, format } : { path, sha256, sizeBytes, rows, format };
}

/** The POSIX path of `abs` below `base`, or PRV_ERR_OUTSIDE_BASE. */
function relativeTo(base: string, abs: string, givenBase: string | undefined): string {
  const rel = relative(base, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw provenanceErrors.error('PRV_ERR_OUTSIDE_BASE', `${abs} is not inside the base folder ${givenBase ?? base}`, { path: abs, base });
  }
  return toPosix(rel);
}

/** The deepest folder that contains every folder of `folders` (all absolute). */
function commonFolder(folders: readonly string[]): string {
  const split = folders.map((f) => f.split(sep));
  const first = split[0] ?? [];
  let n = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  const common = first.slice(0, n).join(sep);
  return common === '' ? sep : common;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function unreadable(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why = code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? String(err)})`;
  return cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${path}: ${why}`, { path }, err);
}
