import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { encodeNpy, parseNpy } from '../../models/io/index.js';
import { mlpFixture } from '../../models/onnx/fixtures.contract.js';
import { DIGITS_DATA, loadDigits } from '../../redteam/fixtures.contract.js';

const N = 30;
let cwd: string;

const KEYS = ['index', 'label', 'clean_pred', 'adv_pred', 'success', 'l0', 'l1', 'l2', 'linf', 'queries', 'gradient_queries'];
const lines = (name: string): Record<string, unknown>[] => readFileSync(join(cwd, name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-attack-cli-'));
  // MLP 4 → 16 → 3 with a final Softmax (probabilities), inputs in [0, 1].
  writeFileSync(join(cwd, 'mlp.onnx'), mlpFixture().toBytes());
  const x = Float32Array.from({ length: N * 4 }, (_, i) => 0.5 + 0.45 * Math.sin(i * 2.3));
  writeFileSync(join(cwd, 'x.npy'), encodeNpy({ dtype: 'float32', shape: [N, 4], data: x }));
  writeFileSync(join(cwd, 'raw.npy'), encodeNpy({ dtype: 'float32', shape: [N, 4], data: x.map((v) => v * 255) }));
  const csv = ['id,a,b,c,d,y', ...Array.from({ length: N }, (_, n) => `${n},${Array.from(x.subarray(n * 4, n * 4 + 4)).join(',')},${n % 3}`)];
  writeFileSync(join(cwd, 't.csv'), `${csv.join('\n')}\n`);
  writeFileSync(join(cwd, 'rules.yaml'), 'features:\n  - feature: a\n    immutable: true\n  - feature: d\n    direction: up\n');
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const base = ['--model', 'mlp.onnx', '--inputs', 'x.npy', '--out', 'r.jsonl'];

describe('bulwark attack', () => {
  it('writes one JSON line per sample, the adversarial examples, and the summary with --json', async () => {
    const r = await runCli(['attack', 'pgd', ...base, '--eps', '0.2', '--steps', '10', '--clip', '0,1', '--save-adv', 'adv.npy', '--json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ attack: { id: 'pgd', params: { steps: 10, stepSize: 0.05, randomInit: 0 } }, threat_model: { goal: 'untargeted', knowledge: 'white-box', norm: 'inf', eps: 0.2, clip: [0, 1] }, labels: 'predicted', samples: N, clean_accuracy: 1 });
    const rows = lines('r.jsonl');
    expect(rows).toHaveLength(N);
    for (const [i, row] of rows.entries()) {
      expect(Object.keys(row)).toEqual(KEYS);
      expect(row['index']).toBe(i);
      expect(row['queries']).toBe(10);
      expect(row['linf'] as number).toBeLessThanOrEqual(0.2 * (1 + 1e-5));
      expect(row['success']).toBe(row['adv_pred'] !== row['label']);
    }
    expect(summary.success_rate).toBeCloseTo(rows.filter((row) => row['success']).length / N, 6);
    const adv = parseNpy(readFileSync(join(cwd, 'adv.npy')));
    expect(adv).toMatchObject({ dtype: 'float32', shape: [N, 4] });
  });

  it('prints a human summary on stderr, naming the threat model', async () => {
    const r = await runCli(['attack', 'deepfool', ...base, '--norm', '2', '--clip', '0,1'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const err = r.stderr.split('\n');
    expect(err[0]).toBe(`deepfool (DeepFool) on ${N} samples: untargeted, white-box, L2 unbounded, clip [0, 1]`);
    expect(err[1]).toMatch(/^success 100\.0% \(100\.0% of the 30 correctly classified\), robust accuracy 0\.0%, clean accuracy 100\.0% \(labels: predicted\)$/);
    expect(err[2]).toMatch(/^perturbation of successful samples: mean L2 [0-9.]+, mean L∞ [0-9.]+, mean L0 [0-9.]+$/);
    expect(err.at(-1)).toBe(`wrote r.jsonl (${N} lines)`);
  });

  it('attacks toward a target class, and CW defaults to L2', async () => {
    const r = await runCli(['attack', 'cw', ...base, '--clip', '0,1', '--target-class', '1', '--steps', '30', '--param', 'binarySearchSteps=3', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).threat_model).toMatchObject({ goal: 'targeted', norm: '2' });
    for (const row of lines('r.jsonl')) {
      expect(row['target']).toBe(1);
      expect(row['success']).toBe(row['adv_pred'] === 1);
    }
  });

  it('reads CSV features with a label column and keeps YAML constraints', async () => {
    const r = await runCli(['attack', 'fgsm', '--model', 'mlp.onnx', '--inputs', 't.csv', '--exclude', 'id', '--label-column', 'y', '--constraints', 'rules.yaml', '--eps', '0.3', '--clip', '0,1', '--save-adv', 'adv.npy', '--out', 'r.jsonl'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/, 2 feature constraints$/m);
    expect(r.stderr).toMatch(/labels: column y/);
    const rows = lines('r.jsonl');
    expect(rows.map((row) => row['label'])).toEqual(Array.from({ length: N }, (_, n) => n % 3));
    const adv = parseNpy(readFileSync(join(cwd, 'adv.npy'))).data as Float32Array;
    const x = parseNpy(readFileSync(join(cwd, 'x.npy'))).data as Float32Array;
    for (let n = 0; n < N; n++) {
      expect(adv[n * 4]).toBe(x[n * 4]);
      expect(adv[n * 4 + 3] as number).toBeGreaterThanOrEqual(x[n * 4 + 3] as number);
    }
  });

  it.each([
    ['a white-box attack on a model URL', ['attack', 'pgd', '--model', 'http://127.0.0.1:8000/v2/models/m', '--inputs', 'x.npy', '--eps', '0.1', '--out', 'r.jsonl'], /^error RTM_ERR_OUTSIDE_THREAT_MODEL: pgd does not cover this threat model: it needs white-box access, the threat model grants score-based/],
    ['an attack outside the threat model', ['attack', 'pgd', ...base, '--norm', '1', '--eps', '1'], /^error RTM_ERR_OUTSIDE_THREAT_MODEL: pgd does not cover this threat model: norm L1 is not covered \(covers: L∞, L2\)/],
    ['a fixed-budget attack without --eps', ['attack', 'fgsm', ...base], /^error RTM_ERR_OUTSIDE_THREAT_MODEL: fgsm does not cover this threat model: it spends a fixed budget: give eps/],
    ['an unknown attack parameter', ['attack', 'pgd', ...base, '--eps', '0.1', '--param', 'momentum=0.9'], /^error RTM_ERR_BAD_PARAMETER: pgd: parameter momentum: unknown field \(pgd takes: steps, stepSize, randomInit\)/],
    ['a parameter the attack does not take', ['attack', 'fgsm', ...base, '--eps', '0.1', '--random-init', '2'], /^error RTM_ERR_BAD_PARAMETER: fgsm: parameter randomInit: unknown field/],
    ['an unknown attack', ['attack', 'jsma', ...base], /^error RTM_ERR_UNKNOWN_ATTACK: unknown attack "jsma"; registered: fgsm, bim, pgd, mim, deepfool, cw-l2/],
    ['CW without a clip range', ['attack', 'cw-l2', ...base], /^error RTM_ERR_THREAT_MODEL: threat model: clip: cw-l2 needs a clip range/],
    ['pixels outside the clip range', ['attack', 'fgsm', '--model', 'mlp.onnx', '--inputs', 'raw.npy', '--eps', '0.1', '--clip', '0,1', '--out', 'r.jsonl'], /^error RTM_ERR_INFEASIBLE_INPUT: clean input sample 0, feature 0: [0-9.]+ is outside \[0, 1\]/],
    ['a missing inputs file', ['attack', 'fgsm', '--model', 'mlp.onnx', '--inputs', 'nope.npy', '--eps', '0.1', '--out', 'r.jsonl'], /^error CLI_ERR_FILE_NOT_FOUND: .*nope\.npy: no such file/],
    ['a bad --clip', ['attack', 'fgsm', ...base, '--eps', '0.1', '--clip', '1,0'], /^error CLI_ERR_USAGE: .*--clip expects MIN,MAX with MIN < MAX/],
    ['an unknown SimBA basis', ['attack', 'simba', ...base, '--norm', '2', '--eps', '1', '--basis', 'wavelet'], /^error RTM_ERR_BAD_PARAMETER: simba: parameter basis/],
  ])('exits 2 on %s', async (_name, argv, message) => {
    const r = await runCli(argv, { cwd });
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it('documents the attacks, the line format and the exit codes in --help', async () => {
    const r = await runCli(['attack', '--help'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pgd \(white-box; untargeted\/targeted; L∞, L2; fixed budget\)/);
    expect(r.stdout).toMatch(/"gradient_queries":40/);
    expect(r.stdout).toMatch(/Exit codes: 0 attack ran/);
  });
});

const tes = sharedData('images/optdigits.tes');
describe.skipIf(!DIGITS_DATA.available)(`bulwark attack on the optdigits MLP (${DIGITS_DATA.reason})`, () => {
  it('reads the optdigits file as given, scaled explicitly by --scale 1/16, with its own labels', async () => {
    const digits = await loadDigits(5);
    digits.model.dispose();
    writeFileSync(join(cwd, 'digits.onnx'), digits.bytes);
    const r = await runCli(['attack', 'pgd', '--model', 'digits.onnx', '--inputs', tes.path, '--scale', '1/16', '--eps', '0.1', '--step-size', '0.01', '--clip', '0,1', '--batch-size', '512', '--out', 'd.jsonl', '--json'], { cwd });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ samples: 1797, labels: 'from the inputs file', queries: { mean: 40, max: 40 } });
    expect(s.clean_accuracy).toBeGreaterThan(0.85);
    expect(s.success_rate).toBeGreaterThan(0.2);
  });

  it('runs SimBA over the DCT basis (--basis dct) within its query budget', async () => {
    const digits = await loadDigits(5);
    digits.model.dispose();
    writeFileSync(join(cwd, 'digits.onnx'), digits.bytes);
    const r = await runCli(['attack', 'simba', '--model', 'digits.onnx', '--inputs', tes.path, '--scale', '1/16', '--norm', '2', '--eps', '2', '--basis', 'dct', '--max-queries', '129', '--clip', '0,1', '--out', 's.jsonl', '--json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.queries.max).toBeLessThanOrEqual(129);
    expect(s.success_rate).toBeGreaterThan(0.3);
    // The same run over the pixel basis walks other directions: other perturbations.
    const pixel = await runCli(['attack', 'simba', '--model', 'digits.onnx', '--inputs', tes.path, '--scale', '1/16', '--norm', '2', '--eps', '2', '--basis', 'pixel', '--max-queries', '129', '--clip', '0,1', '--out', 'p.jsonl'], { cwd });
    expect(pixel.code).toBe(0);
    expect(lines('s.jsonl').map((l) => l['l2'])).not.toEqual(lines('p.jsonl').map((l) => l['l2']));
  });
});
