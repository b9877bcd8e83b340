import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { isBulwarkError } from '../shared/errors.js';
import { diffManifests } from './diff.js';
import { buildManifest } from './manifest.js';
import type { ManifestFile } from './manifest.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const csv = (path: string, content: string, rows: number): ManifestFile => ({ path, sha256: sha(content), sizeBytes: content.length, rows, format: 'csv' });
const bin = (path: string, content: string): ManifestFile => ({ path, sha256: sha(content), sizeBytes: content.length, format: 'other' });

const V1 = [csv('train.csv', 'v1', 100), csv('test.csv', 'test', 20), bin('weights.bin', 'w1'), csv('old.csv', 'old', 5)];
const V2 = [csv('train.csv', 'v2-longer', 120), csv('test.csv', 'test', 20), bin('weights.bin', 'w2-longer'), csv('new.csv', 'new', 7)];

describe('diffManifests', () => {
  it('is identical for the same files built at different times, in any order', () => {
    const a = buildManifest(V1, new ManualClock(0));
    const b = buildManifest([...V1].reverse(), new ManualClock(86_400_000));
    const d = diffManifests(a, b);
    expect(d).toMatchObject({ identical: true, added: [], removed: [], changed: [], unchanged: 4, rowsBefore: 125, rowsAfter: 125 });
    expect(d.rootBefore).toBe(d.rootAfter);
  });

  it('reports added, removed and changed files with row deltas', () => {
    const d = diffManifests(buildManifest(V1, new ManualClock()), buildManifest(V2, new ManualClock()));
    expect(d.identical).toBe(false);
    expect(d.added.map((f) => f.path)).toEqual(['new.csv']);
    expect(d.removed.map((f) => f.path)).toEqual(['old.csv']);
    expect(d.unchanged).toBe(1);
    expect(d.changed).toEqual([
      { path: 'train.csv', before: { sha256: sha('v1'), sizeBytes: 2, rows: 100 }, after: { sha256: sha('v2-longer'), sizeBytes: 9, rows: 120 }, rowDelta: 20 },
      { path: 'weights.bin', before: { sha256: sha('w1'), sizeBytes: 2, rows: null }, after: { sha256: sha('w2-longer'), sizeBytes: 9, rows: null }, rowDelta: null },
    ]);
    expect(d.rowsBefore).toBe(125);
    expect(d.rowsAfter).toBe(147);
    expect(d.rootBefore).not.toBe(d.rootAfter);
  });

  it('reports a same-size rewrite with the same row count (e.g. flipped labels) as changed, delta 0', () => {
    const d = diffManifests(buildManifest([csv('train.csv', 'y=0', 1)], new ManualClock()), buildManifest([csv('train.csv', 'y=1', 1)], new ManualClock()));
    expect(d.identical).toBe(false);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]?.rowDelta).toBe(0);
  });

  it('sees a rename as one removal plus one addition', () => {
    const d = diffManifests(buildManifest([csv('a.csv', 'x', 1)], new ManualClock()), buildManifest([csv('b.csv', 'x', 1)], new ManualClock()));
    expect(d.removed.map((f) => f.path)).toEqual(['a.csv']);
    expect(d.added.map((f) => f.path)).toEqual(['b.csv']);
    expect(d.changed).toEqual([]);
  });

  it('handles empty manifests', () => {
    const empty = buildManifest([], new ManualClock());
    expect(diffManifests(empty, empty).identical).toBe(true);
    const d = diffManifests(empty, buildManifest(V1, new ManualClock()));
    expect(d.added.map((f) => f.path)).toEqual(['old.csv', 'test.csv', 'train.csv', 'weights.bin']);
    expect(d.rowsBefore).toBe(0);
  });

  it('refuses a manifest that repeats a path', () => {
    const bad = { root: 'r', files: [csv('a.csv', 'x', 1), csv('a.csv', 'y', 2)] };
    let caught: unknown;
    try {
      diffManifests(bad, bad);
    } catch (err) {
      caught = err;
    }
    expect(isBulwarkError(caught) && caught.code).toBe('PRV_ERR_DUPLICATE_PATH');
  });
});
