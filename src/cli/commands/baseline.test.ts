import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { checkoutRows, trafficEvents } from '../../../test/helpers/demo-traffic.js';
import { parseBaselineProfile, WINDOWED_KEYS } from '../../inspect/baseline/index.js';
import { CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../models/demo/index.js';
import { sha256Hex } from '../../shared/digest.js';

let cwd: string;
const read = (file: string) => parseBaselineProfile(JSON.parse(readFileSync(join(cwd, file), 'utf8')), file);

/** RequestEvents as the gateway publishes them (the builder reads timings.receivedAt, signals, features, model, version). */
function requestEventLines(seed: number, n: number, startMs: number, version = 'v2'): string {
  return trafficEvents(seed, n, startMs)
    .map((e, i) => JSON.stringify({ requestId: `r${seed}-${i}`, endpoint: 'oip-infer', protocol: 'oip-v2', model: 'fraud', version, status: 200, timings: { receivedAt: e.receivedAt, totalMs: 3 }, requestBytes: 100, responseBytes: 80, signals: e.signals, features: e.features }))
    .join('\n');
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-baseline-cli-'));
  writeFileSync(join(cwd, 'a.jsonl'), `${requestEventLines(1, 600, 0)}\n${requestEventLines(9, 50, 0, 'v1')}\n`);
  writeFileSync(join(cwd, 'b.jsonl'), `${requestEventLines(2, 400, 30_000)}\n`);
  const rows = checkoutRows(encodeCheckouts(generateCheckouts({ seed: 3, n: 500 }).rows));
  const header = ['id', ...CHECKOUT_FEATURES.map((f) => f.replace(/[=]/g, '_')), 'label'];
  writeFileSync(join(cwd, 'checkouts.csv'), `${[header.join(','), ...rows.map((r, i) => [i, ...r, i % 25 === 0 ? 'fraud' : 'ok'].join(','))].join('\n')}\n`);
  writeFileSync(join(cwd, 'signature.json'), JSON.stringify({ inputs: [{ name: 'checkout', datatype: 'FP32', shape: [-1, CHECKOUT_FEATURES.length] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] }));
  writeFileSync(join(cwd, 'bad.jsonl'), '{"signals":{},"timings":{"receivedAt":1}}\nnot json\n');
  const toy = ['a,b,label', ...Array.from({ length: 200 }, (_, i) => `${(i * 37) % 100},${(i * 53) % 17},${((i * 37) % 100) + 3 * ((i * 53) % 17) > 80 ? 1 : 0}`)];
  writeFileSync(join(cwd, 'toy.csv'), `${toy.join('\n')}\n`);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('bulwark baseline build', () => {
  it('builds from recorded traffic (only the named version) and writes MODEL-VERSION.baseline.json', async () => {
    const r = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v2', '--from', 'a.jsonl', '--signature', 'signature.json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote fraud-v2\.baseline\.json: traffic of 600 events, \d+ signals, 13 features, 3 windows, fingerprint entropy 7\.\d\d bits per window$/);
    const p = read('fraud-v2.baseline.json');
    expect(p.source).toEqual({ kind: 'traffic', path: 'a.jsonl', sha256: sha256Hex(readFileSync(join(cwd, 'a.jsonl'))), events: 600 });
    expect(p.features?.names[0]).toBe('checkout[0]');
    expect(p.signals['prompt_injection']?.flagged).toBeGreaterThan(0);
  });

  it('builds from a dataset CSV with --target and --exclude, and prints JSON', async () => {
    const r = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v1', '--from', 'checkouts.csv', '--target', 'label', '--exclude', 'id', '--window-rows', '50', '--out', 'd.json', '--json'], { cwd });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ out: 'd.json', events: 500, features: 13, windows: 10 });
    expect(out.entropyBits).toBeGreaterThan(5.4);
    const p = read('d.json');
    expect(p.classes).toEqual({ fraud: 20, ok: 480 });
    expect(p.signals['input_fingerprint']?.windowed?.[WINDOWED_KEYS.entropy]).toMatchObject({ windowMs: 0, windowEvents: 50 });
  });

  it('runs a model over a dataset with --artifact: class distribution, confidence and squeeze_l1', async () => {
    const trained = await runCli(['train', 'tabular', '--csv', 'toy.csv', '--target', 'label', '--epochs', '20', '--hidden', '4', '--out', 'toy.onnx'], { cwd });
    expect(trained.code).toBe(0);
    const r = await runCli(['baseline', 'build', '--model', 'toy', '--version', 'v1', '--from', 'toy.csv', '--target', 'label', '--artifact', 'toy.onnx', '--out', 'toy.json'], { cwd });
    expect(r.stderr).toBe('');
    const p = read('toy.json');
    expect(Object.values(p.classes ?? {}).reduce((a, b) => a + b, 0)).toBe(200);
    expect(p.signals['confidence']?.count).toBe(200);
    expect(p.signals['squeeze_l1']?.count).toBe(200);
    expect(p.signals['schema_violation']?.flagged).toBe(0);
  });

  it('attaches the profile to the registry version by digest', async () => {
    writeFileSync(join(cwd, 'model.bin'), 'weights');
    expect((await runCli(['registry', 'add', '--model', 'fraud', '--version', 'v2', '--artifact', 'model.bin', '--store', 's.db'], { cwd })).code).toBe(0);
    const r = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v2', '--from', 'b.jsonl', '--out', 'b.json', '--attach', '--store', 's.db'], { cwd });
    expect(r.stderr).toBe('');
    const digest = sha256Hex(readFileSync(join(cwd, 'b.json')));
    expect(r.stdout.split('\n')[1]).toBe(`attached baseline sha256:${digest} to fraud v2`);
    const shown = JSON.parse((await runCli(['registry', 'show', '--model', 'fraud', '--version', 'v2', '--json', '--store', 's.db'], { cwd })).stdout);
    expect(JSON.stringify(shown)).toContain(digest);
    const unknown = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v9', '--from', 'checkouts.csv', '--exclude', 'id,label', '--out', 'x.json', '--attach', '--store', 's.db'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error REG_ERR_UNKNOWN_VERSION/);
    expect(existsSync(join(cwd, 'x.json'))).toBe(false);
  });

  it('fails with exit 2 naming the bad line, column or file', async () => {
    const bad = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v2', '--from', 'bad.jsonl'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error INS_ERR_BASELINE_INPUT: bad\.jsonl: line 2 is not valid JSON/);
    const column = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v1', '--from', 'checkouts.csv', '--target', 'nope'], { cwd });
    expect(column.stderr).toMatch(/^error INS_ERR_BASELINE_INPUT: checkouts\.csv: column "nope" is not in the header/);
    const nonNumeric = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v1', '--from', 'checkouts.csv'], { cwd });
    expect(nonNumeric.code).toBe(2);
    expect(nonNumeric.stderr).toMatch(/"fraud" is not a number/);
    const none = await runCli(['baseline', 'build', '--model', 'other', '--version', 'v1', '--from', 'a.jsonl'], { cwd });
    expect(none.stderr).toMatch(/no events of other v1/);
    const missing = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v1', '--from', 'absent.jsonl'], { cwd });
    expect(missing.stderr).toMatch(/^error CLI_ERR_FILE_NOT_FOUND/);
    const shrink = await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v1', '--from', 'a.jsonl', '--shrinkage', '1'], { cwd });
    expect(shrink.code).toBe(2);
  });
});

describe('bulwark baseline merge', () => {
  it('merges replicas\' profiles: counts add, independent of the order', async () => {
    await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v2', '--from', 'a.jsonl', '--out', 'pa.json'], { cwd });
    await runCli(['baseline', 'build', '--model', 'fraud', '--version', 'v2', '--from', 'b.jsonl', '--out', 'pb.json'], { cwd });
    const r = await runCli(['baseline', 'merge', 'pa.json', 'pb.json', '--out', 'ab.json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('wrote ab.json: merged 2 profiles of fraud v2, 1000 events');
    await runCli(['baseline', 'merge', 'pb.json', 'pa.json', '--out', 'ba.json', '--json'], { cwd });
    const ab = read('ab.json');
    const ba = read('ba.json');
    expect({ ...ba, builtAt: '' }).toEqual({ ...ab, builtAt: '' });
    expect(ab.signals['latency_ms']?.count).toBe(1000);
  });

  it('refuses profiles of different versions or malformed files', async () => {
    const other = await runCli(['baseline', 'merge', 'pa.json', 'd.json', '--out', 'x.json'], { cwd });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^error INS_ERR_BASELINE_MISMATCH/);
    const malformed = await runCli(['baseline', 'merge', 'pa.json', 'signature.json', '--out', 'x.json'], { cwd });
    expect(malformed.stderr).toMatch(/^error INS_ERR_BASELINE_INVALID: signature\.json: /);
    const one = await runCli(['baseline', 'merge', 'pa.json', '--out', 'x.json'], { cwd });
    expect(one.code).toBe(2);
  });
});
