import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBulwarkError } from '../shared/errors.js';
import { SCAN_CHUNK_BYTES } from '../provenance/index.js';
import type { DatasetScanner } from '../provenance/index.js';
import { scanDataset } from './dataset-scan.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bulwark-scan-'));
  mkdirSync(join(root, 'data/train'), { recursive: true });
  mkdirSync(join(root, 'data/.cache'));
  writeFileSync(join(root, 'data/train/part-0.csv'), 'id,text\n1,"multi\nline"\n2,x\n');
  writeFileSync(join(root, 'data/train/part-1.jsonl'), '{"a":1}\n\n{"a":2}');
  writeFileSync(join(root, 'data/labels.bin'), Buffer.from([0, 1, 2]));
  writeFileSync(join(root, 'data/.hidden.csv'), 'a\n1\n');
  writeFileSync(join(root, 'data/.cache/x.csv'), 'a\n1\n');
  symlinkSync(join(root, 'data/train/part-0.csv'), join(root, 'data/link.csv'));
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'empty/.only-hidden'), 'x');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    if (isBulwarkError(err)) return err.code;
    throw err;
  }
  return undefined;
}

describe('scanDataset', () => {
  it('implements the DatasetScanner port', () => {
    const scanner: DatasetScanner = scanDataset; // a compile-time check, run by tsc
    expect(typeof scanner).toBe('function');
  });

  it('walks folders, skips hidden entries, reports symlinks without following them', async () => {
    const scan = await scanDataset(['data'], { cwd: root });
    expect(scan.base).toBe(join(root, 'data'));
    const byPath = Object.fromEntries(scan.files.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(['labels.bin', 'train/part-0.csv', 'train/part-1.jsonl']);
    expect(byPath['train/part-0.csv']).toMatchObject({ rows: 2, format: 'csv', sizeBytes: 27 });
    expect(byPath['train/part-1.jsonl']).toMatchObject({ rows: 2, format: 'jsonl' });
    expect(byPath['labels.bin']).toEqual({ path: 'labels.bin', sha256: createHash('sha256').update(Buffer.from([0, 1, 2])).digest('hex'), sizeBytes: 3, format: 'other' });
    expect(scan.skipped).toEqual([{ path: 'link.csv', reason: 'symlink' }]);
  });

  it('makes paths relative to the common folder of the arguments, or to --base', async () => {
    const common = await scanDataset(['data/train/part-0.csv', 'data/labels.bin'], { cwd: root });
    expect(common.files.map((f) => f.path).sort()).toEqual(['labels.bin', 'train/part-0.csv']);
    const based = await scanDataset(['data/train'], { cwd: root, base: '.' });
    expect(based.files.map((f) => f.path).sort()).toEqual(['data/train/part-0.csv', 'data/train/part-1.jsonl']);
  });

  it('includes a hidden file named explicitly, and each file once', async () => {
    const scan = await scanDataset(['data/.hidden.csv', 'data/.hidden.csv'], { cwd: root });
    expect(scan.files.map((f) => f.path)).toEqual(['.hidden.csv']);
  });

  it('leaves out excluded paths (the manifest being written)', async () => {
    const scan = await scanDataset(['data'], { cwd: root, exclude: [join(root, 'data/labels.bin')] });
    expect(scan.files.map((f) => f.path)).not.toContain('labels.bin');
  });

  it('fails with CLI_ERR_FILE_NOT_FOUND naming a missing path', async () => {
    await expect(scanDataset(['data', 'nope.csv'], { cwd: root })).rejects.toThrow(/^nope\.csv: no such file or folder$/);
    expect(await codeOf(scanDataset(['nope.csv'], { cwd: root }))).toBe('CLI_ERR_FILE_NOT_FOUND');
  });

  it('fails with PRV_ERR_NO_FILES when nothing is left to include', async () => {
    expect(await codeOf(scanDataset(['empty'], { cwd: root }))).toBe('PRV_ERR_NO_FILES');
  });

  it('fails with PRV_ERR_OUTSIDE_BASE when a file is not under --base', async () => {
    expect(await codeOf(scanDataset(['data/labels.bin'], { cwd: root, base: 'data/train' }))).toBe('PRV_ERR_OUTSIDE_BASE');
  });

  it('streams files larger than one chunk: digest and CSV rows match a whole-buffer computation', async () => {
    // A quoted field with an embedded CRLF straddles every chunk boundary at some row.
    const row = (i: number) => `${i},"text with a\r\nbreak ${'x'.repeat(i % 97)}",${i * 2}\r\n`;
    const rows = 40_000;
    const text = `id,text,n\r\n${Array.from({ length: rows }, (_, i) => row(i)).join('')}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * SCAN_CHUNK_BYTES);
    writeFileSync(join(root, 'big.csv'), text);
    const scan = await scanDataset(['big.csv'], { cwd: root });
    expect(scan.files[0]).toEqual({ path: 'big.csv', sha256: createHash('sha256').update(text).digest('hex'), sizeBytes: Buffer.byteLength(text), rows, format: 'csv' });
  });
});
