import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { buildManifest, parseDatasetManifestJson, totalRows, validateDatasetManifest } from './manifest.js';
import type { ManifestFile } from './manifest.js';
import { merkleRoot } from './merkle.js';
import { thrown } from '../../test/helpers/errors.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const FILES: ManifestFile[] = [
  { path: 'train.csv', sha256: sha('train'), sizeBytes: 100, rows: 10, format: 'csv' },
  { path: 'blob.bin', sha256: sha('blob'), sizeBytes: 7, format: 'other' },
  { path: 'eval/part-0.jsonl', sha256: sha('eval'), sizeBytes: 50, rows: 5, format: 'jsonl' },
];

describe('buildManifest', () => {
  const manifest = buildManifest(FILES, new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5)));

  it('stamps createdAt from the injected clock', () => {
    expect(manifest.createdAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('sorts files by path and computes the Merkle root over them', () => {
    expect(manifest.format).toBe('bulwark.dataset-manifest/v1');
    expect(manifest.files.map((f) => f.path)).toEqual(['blob.bin', 'eval/part-0.jsonl', 'train.csv']);
    expect(manifest.root).toBe(merkleRoot(FILES));
    expect(totalRows(manifest.files)).toBe(15);
  });

  it('leaves rows out of other files and round-trips through JSON', () => {
    expect('rows' in (manifest.files[0] as object)).toBe(false);
    expect(parseDatasetManifestJson(JSON.stringify(manifest), 'm.json')).toEqual(manifest);
  });

  it('rejects duplicate paths', () => {
    expect(thrown(() => buildManifest([...FILES, { ...FILES[0] } as ManifestFile], new ManualClock())).code).toBe('PRV_ERR_DUPLICATE_PATH');
  });
});

describe('validateDatasetManifest', () => {
  const valid = buildManifest(FILES, new ManualClock(0));
  const edit = (fn: (m: Record<string, unknown> & { files: Record<string, unknown>[] }) => void): unknown => {
    const copy = structuredClone(valid) as unknown as Record<string, unknown> & { files: Record<string, unknown>[] };
    fn(copy);
    return copy;
  };

  it('accepts files in any order and returns them sorted', () => {
    const shuffled = edit((m) => m.files.reverse());
    expect(validateDatasetManifest(shuffled).files).toEqual(valid.files);
  });

  it.each([
    ['a bad sha256', (m: { files: Record<string, unknown>[] }) => void ((m.files[1] as Record<string, unknown>).sha256 = 'XYZ'), 'files[1].sha256'],
    ['a negative size', (m: { files: Record<string, unknown>[] }) => void ((m.files[2] as Record<string, unknown>).sizeBytes = -1), 'files[2].sizeBytes'],
    ['a fractional row count', (m: { files: Record<string, unknown>[] }) => void ((m.files[2] as Record<string, unknown>).rows = 1.5), 'files[2].rows'],
    ['an unknown format', (m: { files: Record<string, unknown>[] }) => void ((m.files[0] as Record<string, unknown>).format = 'parquet'), 'files[0].format'],
    ['a missing root', (m: Record<string, unknown>) => void delete m.root, 'root'],
    ['another format tag', (m: Record<string, unknown>) => void (m.format = 'bulwark.dataset-manifest/v2'), 'format'],
    ['a bad createdAt', (m: Record<string, unknown>) => void (m.createdAt = 'yesterday'), 'createdAt'],
  ])('names the field path for %s', (_name, mutate, field) => {
    const err = thrown(() => validateDatasetManifest(edit(mutate as never), 'm.json'));
    expect(err.code).toBe('PRV_ERR_INVALID_MANIFEST');
    expect(err.message).toMatch(new RegExp(`^m\\.json: ${field.replace(/[[\].]/g, '\\$&')}: `));
    expect(err.details['field']).toBe(field);
  });

  it('rejects unknown fields (a typo is not silently ignored)', () => {
    const err = thrown(() => validateDatasetManifest(edit((m) => void ((m.files[0] as Record<string, unknown>).row = 3))));
    expect(err.code).toBe('PRV_ERR_INVALID_MANIFEST');
    expect(err.message).toMatch(/^files\[0\]: .*row/);
  });

  it('lists every problem when there are several', () => {
    const err = thrown(() => validateDatasetManifest({ format: 'x', files: 'no' }));
    expect(err.message).toMatch(/ \(and \d+ more\)$/);
    expect((err.details['problems'] as string[]).length).toBeGreaterThan(2);
  });

  it('rejects a root that is not the root of its files (PRV_ERR_ROOT_MISMATCH)', () => {
    const tampered = edit((m) => void ((m.files[2] as Record<string, unknown>).rows = 999));
    expect(validateDatasetManifest(tampered).files[2]?.rows).toBe(999); // rows are not committed to: they derive from content
    const swapped = edit((m) => void ((m.files[2] as Record<string, unknown>).sha256 = sha('poisoned')));
    const err = thrown(() => validateDatasetManifest(swapped, 'm.json'));
    expect(err.code).toBe('PRV_ERR_ROOT_MISMATCH');
    expect(err.details).toMatchObject({ source: 'm.json', stored: valid.root });
  });

  it('rejects duplicate paths (PRV_ERR_DUPLICATE_PATH)', () => {
    const dup = edit((m) => void m.files.push({ ...(m.files[0] as object) }));
    expect(thrown(() => validateDatasetManifest(dup)).code).toBe('PRV_ERR_DUPLICATE_PATH');
  });

  it('rejects text that is not JSON, naming the source', () => {
    const err = thrown(() => parseDatasetManifestJson('{"format": ', 'broken.json'));
    expect(err.code).toBe('PRV_ERR_INVALID_MANIFEST');
    expect(err.message).toMatch(/^broken\.json: not valid JSON/);
  });

  it('rejects a document that is not an object', () => {
    expect(thrown(() => parseDatasetManifestJson('[]')).message).toMatch(/^manifest: /);
  });
});
