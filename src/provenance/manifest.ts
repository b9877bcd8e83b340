/**
 * @module provenance/manifest
 * The dataset manifest document (`bulwark.dataset-manifest/v1`): its schema, how one is
 * built from scanned files, and how one read from disk is validated. A manifest lists
 * every file of a dataset with its sha256, size and row count, sorted by path, and commits
 * to them with a Merkle root. Pure: time comes from an injected Clock, bytes from callers.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import { FILE_FORMATS, MANIFEST_FORMAT } from './defaults.js';
import { provenanceErrors } from './errors.js';
import { merkleRoot } from './merkle.js';
import { sortUniqueByPath } from './paths.js';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** One file entry of a manifest. */
export const manifestFileSchema = z
  .object({
    path: z.string().min(1).describe('POSIX path, relative to the scanned base folder'),
    sha256: z.string().regex(HEX_SHA256, 'expected 64 lower-case hex characters').describe('sha256 of the file bytes'),
    sizeBytes: z.number().int().nonnegative().describe('file size in bytes'),
    rows: z.number().int().nonnegative().optional().describe('csv: data records without the header; jsonl: non-blank lines; absent for other'),
    format: z.enum(FILE_FORMATS),
  })
  .strict();

/** A whole manifest. Unknown fields are rejected so that a typo is not silently ignored. */
export const datasetManifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    createdAt: z.iso.datetime().describe('ISO 8601 UTC time the manifest was built'),
    root: z.string().regex(HEX_SHA256, 'expected 64 lower-case hex characters').describe('Merkle root over the file entries'),
    files: z.array(manifestFileSchema),
  })
  .strict();

/** One file entry: `{ path, sha256, sizeBytes, rows?, format }`. */
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/** A dataset manifest; `files` sorted by path, `root` = merkleRoot(files). */
export type DatasetManifest = z.infer<typeof datasetManifestSchema>;

/**
 * Builds a manifest from scanned file entries (any order): sorts them by path, computes
 * the Merkle root and stamps `createdAt` from `clock`. Throws PRV_ERR_DUPLICATE_PATH when
 * two entries share a path.
 *
 * @example
 * const m = buildManifest([{ path: 'a.csv', sha256: 'e3b0…', sizeBytes: 0, rows: 0, format: 'csv' }], new ManualClock(0));
 * m.createdAt; // '1970-01-01T00:00:00.000Z'
 */
export function buildManifest(files: readonly ManifestFile[], clock: Clock): DatasetManifest {
  for (const file of files) {
    // Scanners produce these; a bad one is a bug in the scanner, not a user mistake.
    assert.match(file.sha256, HEX_SHA256, `sha256 of ${file.path}`);
    assert.ok(Number.isSafeInteger(file.sizeBytes) && file.sizeBytes >= 0, `sizeBytes of ${file.path}`);
  }
  const sorted = sortUniqueByPath(files).map(normalizeFile);
  return {
    format: MANIFEST_FORMAT,
    createdAt: new Date(clock.now()).toISOString(),
    root: merkleRoot(sorted),
    files: sorted,
  };
}

/**
 * Validates a manifest read from disk and returns it with `files` sorted by path.
 * Throws PRV_ERR_INVALID_MANIFEST naming the first bad field path (`details.field`;
 * `details.problems` lists every problem when there are several), PRV_ERR_DUPLICATE_PATH,
 * or PRV_ERR_ROOT_MISMATCH when the stored root is not the root of the entries. `source`
 * (a file name) prefixes the messages.
 *
 * @example
 * validateDatasetManifest({ format: 'bulwark.dataset-manifest/v1', createdAt: '…', root: 'x', files: [] }, 'm.json');
 * // throws PRV_ERR_INVALID_MANIFEST "m.json: root: expected 64 lower-case hex characters"
 */
export function validateDatasetManifest(value: unknown, source?: string): DatasetManifest {
  const where = source === undefined ? '' : `${source}: `;
  const parsed = datasetManifestSchema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => formatIssuePath(issue.path));
    const problems = parsed.error.issues.map((issue, i) => `${fields[i]}: ${issue.message}`);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    // The CLI prints `details.problems` one per line; with a single problem the message says it all.
    const details = problems.length > 1 ? { field: fields[0], problems } : { field: fields[0] };
    throw provenanceErrors.error('PRV_ERR_INVALID_MANIFEST', `${where}${problems[0] ?? 'invalid manifest'}${more}`, withSource(details, source));
  }
  const files = sortUniqueByPath(parsed.data.files, source);
  const root = merkleRoot(files);
  if (root !== parsed.data.root) {
    throw provenanceErrors.error(
      'PRV_ERR_ROOT_MISMATCH',
      `${where}root ${parsed.data.root} is not the Merkle root of its files (${root})`,
      withSource({ stored: parsed.data.root, computed: root }, source),
    );
  }
  return { ...parsed.data, files };
}

/**
 * Parses manifest JSON text, then validates it as validateDatasetManifest does. Text that is not
 * JSON throws PRV_ERR_INVALID_MANIFEST.
 *
 * @example
 * parseDatasetManifestJson(await readFile('v1.json', 'utf8'), 'v1.json');
 */
export function parseDatasetManifestJson(text: string, source?: string): DatasetManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const where = source === undefined ? '' : `${source}: `;
    throw provenanceErrors.error('PRV_ERR_INVALID_MANIFEST', `${where}not valid JSON (${reason})`, withSource({}, source), err);
  }
  return validateDatasetManifest(value, source);
}

/**
 * Total rows over the entries that have a row count (csv and jsonl).
 *
 * @example
 * totalRows(manifest.files); // 30000
 */
export function totalRows(files: readonly Pick<ManifestFile, 'rows'>[]): number {
  return files.reduce((sum, file) => sum + (file.rows ?? 0), 0);
}

/** A field path as users write it: `files[2].sha256`; the whole document is `manifest`. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'manifest';
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/** Entry with keys in document order and no `rows` member for `other` files. */
function normalizeFile(file: ManifestFile): ManifestFile {
  const { path, sha256, sizeBytes, rows, format } = file;
  return rows === undefined ? { path, sha256, sizeBytes, format } : { path, sha256, sizeBytes, rows, format };
}

function withSource(details: Record<string, unknown>, source: string | undefined): Record<string, unknown> {
  return source === undefined ? details : { source, ...details };
}
