import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { sha256Hex } from '../../shared/digest.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-train-cli-'));
  const lines = ['ID,a,b,label'];
  for (let i = 0; i < 300; i++) {
    const a = (i * 37) % 100;
    const b = (i * 53) % 17;
    lines.push(`${i + 1},${a},${b},${a + 3 * b > 80 ? 1 : 0}`);
  }
  writeFileSync(join(cwd, 'toy.csv'), `${lines.join('\n')}\n`);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const tabular = (extra: string[]): string[] => ['train', 'tabular', '--csv', 'toy.csv', '--target', 'label', '--exclude', 'ID', '--epochs', '150', '--hidden', '4', ...extra];

describe('bulwark train tabular', () => {
  it('writes the model, its signature and metrics, and prints hold-out accuracy and ROC AUC', async () => {
    const r = await runCli(tabular(['--out', 'out/toy.onnx']), { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/trained MLP 2-4-2 on 240 rows, held out 60 \(stratified, seed 1\)/);
    expect(r.stdout).toMatch(/hold-out accuracy 0\.\d{4} {2}ROC AUC 0\.\d{4}/);
    expect(r.stdout).toMatch(/wrote out\/toy\.onnx \(sha256 [0-9a-f]{64}\), out\/toy\.signature\.json, out\/toy\.metrics\.json/);
    const signature = JSON.parse(readFileSync(join(cwd, 'out/toy.signature.json'), 'utf8'));
    expect(signature.inputs[0]).toEqual({ name: 'features', datatype: 'FP32', shape: [-1, 2] });
    expect(JSON.parse(readFileSync(join(cwd, 'out/toy.metrics.json'), 'utf8'))).toMatchObject({ features: ['a', 'b'], target: 'label' });
  });

  it('prints one JSON object with --json, and the same seed writes the same bytes', async () => {
    const a = await runCli(tabular(['--out', 'a.onnx', '--json', '--seed', '9']), { cwd });
    const b = await runCli(tabular(['--out', 'b.onnx', '--json', '--seed', '9']), { cwd });
    const json = JSON.parse(a.stdout.split('\n').at(-1) as string);
    expect(json.holdout.auc).toBeGreaterThan(0.9);
    expect(json.files.onnx).toBe(join(cwd, 'a.onnx'));
    expect(sha256Hex(readFileSync(join(cwd, 'b.onnx')))).toBe(sha256Hex(readFileSync(join(cwd, 'a.onnx'))));
    expect(json.onnxSha256).toBe(sha256Hex(readFileSync(join(cwd, 'a.onnx'))));
    expect(b.code).toBe(0);
  });

  it.each([
    ['a missing CSV', ['train', 'tabular', '--csv', 'nope.csv', '--target', 'label', '--out', 'x.onnx'], /^error CLI_ERR_FILE_NOT_FOUND: .*nope\.csv: no such file/],
    ['an unknown target column', tabular(['--out', 'x.onnx']).map((a) => (a === 'label' ? 'Label' : a)), /^error MDL_ERR_TRAIN_UNKNOWN_COLUMN: .*target column "Label" is not in the header \(ID, a, b, label\)/],
    ['an unknown excluded column', [...tabular(['--out', 'x.onnx']), '--exclude', 'zzz'], /^error MDL_ERR_TRAIN_UNKNOWN_COLUMN: .*excluded column "zzz"/],
    ['a non-binary target', tabular(['--out', 'x.onnx']).map((a) => (a === 'label' ? 'b' : a)), /^error MDL_ERR_TRAIN_BAD_TARGET: target "b" must be 0 or 1/],
    ['a test fraction of 1', tabular(['--out', 'x.onnx', '--test-fraction', '1']), /^error CLI_ERR_USAGE: .*--test-fraction.*strictly between 0 and 1/],
    ['a non-integer --hidden', tabular(['--out', 'x.onnx', '--hidden', '2.5']), /^error CLI_ERR_USAGE: .*--hidden/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const r = await runCli(argv, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('bulwark train digits', () => {
  it('exits 2 with CLI_ERR_FILE_NOT_FOUND when the default optdigits files are absent', async () => {
    const r = await runCli(['train', 'digits', '--out', 'd.onnx'], { cwd, env: { BULWARK_SHARED_DATA: join(cwd, 'absent') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error CLI_ERR_FILE_NOT_FOUND: .*absent\/images\/optdigits\.tra: no such file .*pass --train FILE/);
  });

  it('exits 2 when an explicit --test file is missing', async () => {
    const line = [...new Array<number>(64).fill(3), 1].join(',');
    writeFileSync(join(cwd, 'tiny.tra'), `${Array.from({ length: 20 }, () => line).join('\n')}\n`);
    const r = await runCli(['train', 'digits', '--train', 'tiny.tra', '--test', 'missing.tes', '--out', 'd.onnx'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error CLI_ERR_FILE_NOT_FOUND: .*missing\.tes/);
  });
});
