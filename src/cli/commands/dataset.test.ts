import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { main } from '../main.js';

let cwd: string;

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { io: { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd, env });
  return { code, out, err };
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-dataset-cli-'));
  mkdirSync(join(cwd, 'v1/eval'), { recursive: true });
  writeFileSync(join(cwd, 'v1/train.csv'), 'id,text,label\n1,"hello\nworld",0\n2,bye,1\n');
  writeFileSync(join(cwd, 'v1/eval/part-0.jsonl'), '{"x":1}\n{"x":2}\n');
  writeFileSync(join(cwd, 'v1/old.csv'), 'a\n1\n');
  mkdirSync(join(cwd, 'v3'));
  for (const name of ['a.csv', 'b.csv', 'c.jsonl']) writeFileSync(join(cwd, 'v3', name), 'h\n1\n2\n');
  mkdirSync(join(cwd, 'v2/eval'), { recursive: true });
  writeFileSync(join(cwd, 'v2/train.csv'), 'id,text,label\n1,"hello\nworld",0\n2,bye,1\n3,new,1\n4,more,0\n');
  writeFileSync(join(cwd, 'v2/eval/part-0.jsonl'), '{"x":1}\n{"x":2}\n');
  writeFileSync(join(cwd, 'v2/new.csv'), 'a\n1\n2\n');
  writeFileSync(join(cwd, 'not-json.json'), '{"format": "bulwark.dataset-manifest/v1",');
  writeFileSync(join(cwd, 'bad-field.json'), JSON.stringify({ format: 'bulwark.dataset-manifest/v1', createdAt: '2026-01-01T00:00:00.000Z', root: 'nope', files: [] }));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('bulwark dataset manifest', () => {
  it('prints the manifest as JSON, with createdAt from SOURCE_DATE_EPOCH', async () => {
    const r = await run(['dataset', 'manifest', 'v1'], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(r.code).toBe(0);
    const manifest = JSON.parse(r.out.join('\n'));
    expect(manifest.format).toBe('bulwark.dataset-manifest/v1');
    expect(manifest.createdAt).toBe('2023-11-14T22:13:20.000Z');
    expect(manifest.root).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.files.map((f: { path: string; rows: number }) => [f.path, f.rows])).toEqual([
      ['eval/part-0.jsonl', 2],
      ['old.csv', 1],
      ['train.csv', 2],
    ]);
  });

  it('writes --out and prints a one-line summary; the output file is not scanned on re-runs', async () => {
    const first = await run(['dataset', 'manifest', 'v3', '--out', 'v3/manifest.json']);
    expect(first.code).toBe(0);
    expect(first.out).toHaveLength(1);
    expect(first.out[0]).toMatch(/^wrote v3\/manifest\.json: 3 files, 7 rows, root [0-9a-f]{64}$/);
    const again = await run(['dataset', 'manifest', 'v3', '--out', 'v3/manifest.json']);
    expect(again.out[0]?.split('root ')[1]).toBe(first.out[0]?.split('root ')[1]);
    const written = JSON.parse(readFileSync(join(cwd, 'v3/manifest.json'), 'utf8'));
    expect(written.files).toHaveLength(3);
  });

  it('exits 2 with CLI_ERR_FILE_NOT_FOUND naming a missing path', async () => {
    const r = await run(['dataset', 'manifest', 'v1', 'missing-dir']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe('error CLI_ERR_FILE_NOT_FOUND: missing-dir: no such file or folder');
  });

  it('exits 2 for a SOURCE_DATE_EPOCH that is not whole seconds', async () => {
    const r = await run(['dataset', 'manifest', 'v1'], { SOURCE_DATE_EPOCH: '2024-01-01' });
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error CLI_ERR_USAGE: SOURCE_DATE_EPOCH must be whole seconds/);
  });

  it('documents its exit codes in --help', async () => {
    const r = await run(['dataset', 'manifest', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/Exit codes: 0 manifest written, 1 failure, 2 user error/);
  });
});

describe('bulwark dataset diff', () => {
  beforeAll(async () => {
    await run(['dataset', 'manifest', 'v1', '--out', 'a.json'], { SOURCE_DATE_EPOCH: '0' });
    await run(['dataset', 'manifest', 'v2', '--out', 'b.json'], { SOURCE_DATE_EPOCH: '0' });
    await run(['dataset', 'manifest', 'v1', '--out', 'a-later.json'], { SOURCE_DATE_EPOCH: '86400' });
  });

  it('exits 0 for identical datasets (createdAt aside)', async () => {
    const r = await run(['dataset', 'diff', 'a.json', 'a-later.json']);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([expect.stringMatching(/^identical: 3 files, 5 rows, root [0-9a-f]{64}$/)]);
  });

  it('exits 1 and prints +, - and ~ lines when the datasets differ', async () => {
    const r = await run(['dataset', 'diff', 'a.json', 'b.json']);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      '+ new.csv (2 rows)',
      '- old.csv',
      '~ train.csv rows 2 → 4 (+2)',
      'differs: 1 added, 1 removed, 1 changed, 1 unchanged; rows 5 → 8 (+3)',
    ]);
  });

  it('prints JSON with --json', async () => {
    const r = await run(['dataset', 'diff', 'a.json', 'b.json', '--json']);
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.out.join('\n'));
    expect(diff).toMatchObject({ identical: false, rowsBefore: 5, rowsAfter: 8, unchanged: 1 });
    expect(diff.changed).toEqual([expect.objectContaining({ path: 'train.csv', rowDelta: 2 })]);
  });

  it('exits 2 with CLI_ERR_FILE_NOT_FOUND for a missing manifest', async () => {
    const r = await run(['dataset', 'diff', 'a.json', 'nope.json']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error CLI_ERR_FILE_NOT_FOUND: nope\.json/);
    expect(r.out).toEqual([]);
  });

  it('exits 2 for a manifest that is not JSON', async () => {
    const r = await run(['dataset', 'diff', 'not-json.json', 'a.json']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error PRV_ERR_INVALID_MANIFEST: not-json\.json: not valid JSON/);
  });

  it('exits 2 naming the bad field of a malformed manifest', async () => {
    const r = await run(['dataset', 'diff', 'a.json', 'bad-field.json']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe('error PRV_ERR_INVALID_MANIFEST: bad-field.json: root: expected 64 lower-case hex characters');
  });

  it('exits 2 for a manifest whose files were edited after the fact', async () => {
    const m = JSON.parse(readFileSync(join(cwd, 'a.json'), 'utf8'));
    m.files[0].sizeBytes += 1;
    writeFileSync(join(cwd, 'edited.json'), JSON.stringify(m));
    const r = await run(['dataset', 'diff', 'a.json', 'edited.json']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^error PRV_ERR_ROOT_MISMATCH: edited\.json: root/);
  });

  it('documents its exit codes in --help', async () => {
    const r = await run(['dataset', 'diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/Exit codes: 0 identical, 1 the manifests differ, 2 user error/);
  });
});

const creditCard = sharedData('tabular/uci-default-credit-card.csv');

describe.skipIf(!creditCard.available)(`real data: UCI default of credit card clients (${creditCard.reason})`, () => {
  it('counts 30,000 data rows', async () => {
    const r = await run(['dataset', 'manifest', creditCard.path]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(r.out.join('\n'));
    expect(manifest.files).toHaveLength(1);
    expect(manifest.files[0]).toMatchObject({ path: 'uci-default-credit-card.csv', rows: 30_000, format: 'csv' });
  });
});
