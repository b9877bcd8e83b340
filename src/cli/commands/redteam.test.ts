/**
 * `bulwark redteam run` end to end in-process (issue 10, item 3; issue 8, item 4), on small
 * ONNX classifiers with known weights and a SQLite store in a temp folder: the four reports
 * and their contents, exit codes 0/1/2, regression against --baseline and against the LKG's
 * registered report, --register, the data-integrity check from dataset manifests, the SLI
 * gauges read back from the registered reports, a suite and `bulwark attack` on a remote
 * model served by `serve-model`, and the example suite's validity.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Registry as MetricsRegistry } from 'prom-client';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { PROJECT_ROOT, sharedData } from '../../../test/helpers/shared-data.js';
import { FakeTimers } from '../../../test/helpers/fake-timers.js';
import type { RunningControlPlane } from '../../app/control-app.js';
import { startGatewayApp } from '../../app/gateway-app.js';
import type { RunningGateway } from '../../app/gateway-app.js';
import { openStoreTarget } from '../../app/services.js';
import { AuditLog } from '../../audit/index.js';
import { RedteamSli, registryReports } from '../../control/index.js';
import { OnnxRuntimeModel } from '../../models/index.js';
import { encodeNpy } from '../../models/io/index.js';
import { mlpFixture } from '../../models/onnx/fixtures.contract.js';
import { startModelServer } from '../../models/server/model-server.js';
import type { ModelServer } from '../../models/server/model-server.js';
import { parseSuite } from '../../redteam/suite/index.js';
import { Registry } from '../../registry/index.js';
import { systemClock } from '../../shared/clock.js';

const N = 40;
let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'bulwark-redteam-cli-'));
  writeFileSync(join(cwd, 'v1.onnx'), mlpFixture(1).toBytes());
  writeFileSync(join(cwd, 'v2.onnx'), mlpFixture(2).toBytes());
  const x = Float32Array.from({ length: N * 4 }, (_, i) => 0.5 + 0.45 * Math.sin(i * 2.3));
  writeFileSync(join(cwd, 'x.npy'), encodeNpy({ dtype: 'float32', shape: [N, 4], data: x }));
  for (const [dir, rows] of [['data1', 100], ['data2', 140]] as const) {
    mkdirSync(join(cwd, dir));
    writeFileSync(join(cwd, dir, 'train.csv'), `a,b\n${Array.from({ length: rows }, (_, i) => `${i},${i % 2}`).join('\n')}\n`);
    writeFileSync(join(cwd, dir, 'labels.csv'), 'y\n1\n0\n');
  }
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

interface SuiteOptions {
  readonly artifact?: string;
  readonly url?: string;
  readonly registry?: { model: string; version: string };
  readonly gates?: unknown[];
  readonly attacks?: unknown[];
}

const ATTACKS = [
  { id: 'fgsm', attack: 'fgsm', threat: { eps: 0.2 }, curve: [0.05, 0.5] },
  { id: 'square', attack: 'square', threat: { eps: 0.2, maxQueries: 40 }, curve: [0.1] },
  { id: 'hsj', attack: 'hopskipjump', threat: { norm: 2, maxQueries: 150 }, params: { iterations: 3 }, curve: [0.2, 0.5] },
  { id: 'simba', attack: 'simba', threat: { norm: 2, eps: 0.5 } },
];

function writeSuite(name: string, o: SuiteOptions = {}): string {
  const model = { ...(o.url === undefined ? { artifact: o.artifact ?? 'v1.onnx' } : { url: o.url }), dataset: 'd', ...(o.registry === undefined ? {} : { registry: o.registry }) };
  const suite = {
    name,
    models: { mlp: model },
    datasets: { d: { path: 'x.npy', clip: [0, 1] } },
    attacks: o.attacks ?? ATTACKS,
    gates: o.gates ?? [
      { id: 'clean', metric: 'clean_accuracy', min: 0.9 },
      { id: 'budget', attack: 'fgsm', metric: 'success_rate', max: 1 },
      { id: 'regress', metric: 'success_rate', maxIncrease: 0.05 },
      { id: 'integrity', metric: 'data_integrity_violations', max: 0 },
    ],
  };
  writeFileSync(join(cwd, `${name}.yaml`), stringify(suite));
  return `${name}.yaml`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (path: string): any => JSON.parse(readFileSync(join(cwd, path), 'utf8'));

describe('bulwark redteam run', () => {
  it('writes report.json, junit.xml, summary.md and report.html and exits 0 when the gates pass', async () => {
    const r = await runCli(['redteam', 'run', '--suite', writeSuite('basic'), '--report-dir', 'out-basic', '--quiet'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^skip regress mlp\/fgsm at ε=0\.2: success_rate rise ≤ 0\.05: no baseline report/m);
    expect(r.stdout).toMatch(/^PASSED: 3 gates passed, 0 failed, 4 skipped/m);
    for (const f of ['report.json', 'junit.xml', 'summary.md', 'report.html']) expect(existsSync(join(cwd, 'out-basic', f)), f).toBe(true);
    const report = readJson('out-basic/report.json');
    expect(report).toMatchObject({ format: 'bulwark.redteam-report/v1', suite: { name: 'basic', file: 'basic.yaml' }, passed: true, baseline: null });
    const model = report.models[0];
    expect(model).toMatchObject({ id: 'mlp', source: { kind: 'file' }, dataset: { samples: N, features: 4, classes: 3, labels: 'predicted' }, clean: { accuracy: 1, correct: N }, integrity: { checked: false, violations: 0 } });
    expect(model.attacks.map((a: { id: string; threat_model: { knowledge: string }; gate_eps: number | null; points: { eps: number | null }[] }) => [a.id, a.threat_model.knowledge, a.gate_eps, a.points.map((p) => p.eps)])).toEqual([
      ['fgsm', 'white-box', 0.2, [0.05, 0.2, 0.5]],
      ['square', 'score-based', 0.2, [0.1, 0.2]],
      ['hsj', 'decision-only', null, [0.2, 0.5, null]],
      ['simba', 'score-based', 0.5, [0.5, null]],
    ]);
    const hsj = model.attacks[2];
    expect(hsj.threat_model_text).toBe('untargeted, decision-only, L2 unbounded, ≤ 150 queries per sample, clip [0, 1]');
    expect(hsj.points[2].success_rate).toBe(1);
    expect(hsj.points[0].successes).toBeLessThanOrEqual(hsj.points[1].successes);
    expect(hsj.points[2].queries.max).toBeLessThanOrEqual(150);
    const p = model.attacks[0].points[1];
    expect(p.success_rate_ci95[0]).toBeLessThanOrEqual(p.success_rate);
    expect(p.per_class.reduce((a: number, c: { eligible: number }) => a + c.eligible, 0)).toBe(p.eligible);
    const junit = readFileSync(join(cwd, 'out-basic', 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(7);
    const html = readFileSync(join(cwd, 'out-basic', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain('<svg');
    expect(readFileSync(join(cwd, 'out-basic', 'summary.md'), 'utf8')).toMatch(/^\*\*PASSED\*\*/m);
  });

  it('exits 1 when a gate fails, naming it', async () => {
    const suite = writeSuite('strict', { attacks: [ATTACKS[0]], gates: [{ id: 'tight', attack: 'fgsm', eps: 0.5, metric: 'success_rate', max: 0 }] });
    const r = await runCli(['redteam', 'run', '--suite', suite, '--report-dir', 'out-strict', '--quiet', '--json'], { cwd });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ passed: false, summary: { failed: 1 } });
    expect(out.failed[0]).toMatch(/^mlp\/fgsm at ε=0\.5: success_rate ≤ 0: [0-9.]+ is above the maximum 0$/);
  });

  it.each([
    ['a reference to an unknown attack', () => { writeFileSync(join(cwd, 'bad1.yaml'), stringify({ models: { m: { artifact: 'v1.onnx', dataset: 'd' } }, datasets: { d: { path: 'x.npy' } }, attacks: [{ id: 'a', attack: 'fgsm', threat: { eps: 0.1 } }], gates: [{ attack: 'b', metric: 'success_rate', max: 1 }] })); return 'bad1.yaml'; }, /^error RTM_ERR_SUITE_INVALID: bad1\.yaml: gates\[0\]\.attack: unknown attack "b" \(attacks: a\)/],
    ['YAML that does not parse', () => { writeFileSync(join(cwd, 'bad2.yaml'), 'models: [\n'); return 'bad2.yaml'; }, /^error RTM_ERR_SUITE_INVALID: .*bad2\.yaml:\d+:\d+: /],
    ['a missing artifact', () => writeSuite('bad3', { artifact: 'nope.onnx' }), /^error RTM_ERR_SUITE_MODEL: models\.mlp\.artifact: .*nope\.onnx: no such file/],
    ['a missing suite file', () => 'nope.yaml', /^error CLI_ERR_FILE_NOT_FOUND: .*nope\.yaml: no such suite file/],
  ])('exits 2 on %s', async (_name, make, message) => {
    const r = await runCli(['redteam', 'run', '--suite', make(), '--report-dir', 'out-bad', '--quiet'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('compares with --baseline: a success rate that rose beyond maxIncrease fails, an unreadable baseline is an error', async () => {
    const suite = writeSuite('regress', { attacks: [ATTACKS[0]], gates: [{ id: 'regress', metric: 'success_rate', maxIncrease: 0.05 }] });
    const first = await runCli(['redteam', 'run', '--suite', suite, '--report-dir', 'out-r1', '--quiet'], { cwd });
    expect(first.code).toBe(0);
    const same = await runCli(['redteam', 'run', '--suite', suite, '--report-dir', 'out-r2', '--baseline', 'out-r1/report.json', '--quiet', '--json'], { cwd });
    expect(JSON.parse(same.stdout)).toMatchObject({ passed: true, summary: { passed: 1, skipped: 0 } });
    const better = readJson('out-r1/report.json');
    for (const p of better.models[0].attacks[0].points) p.success_rate = 0;
    writeFileSync(join(cwd, 'better.json'), JSON.stringify(better));
    const worse = await runCli(['redteam', 'run', '--suite', suite, '--report-dir', 'out-r3', '--baseline', 'better.json', '--quiet'], { cwd });
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/^FAIL regress mlp\/fgsm at ε=0\.2: success_rate rise ≤ 0\.05: [0-9.]+ against the baseline's 0: rose by/m);
    expect(readJson('out-r3/report.json').baseline).toMatchObject({ source: 'file', ref: 'better.json' });
    writeFileSync(join(cwd, 'notreport.json'), '{"format":"x"}');
    const bad = await runCli(['redteam', 'run', '--suite', suite, '--report-dir', 'out-r4', '--baseline', 'notreport.json', '--quiet'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error RTM_ERR_REPORT_BASELINE: notreport\.json: not a bulwark\.redteam-report\/v1 report: format:/);
  });
});

describe('with the registry: --register, the LKG baseline, data integrity and the SLIs', () => {
  const store = ['--store', 'store.db'];

  it('registers, compares with the LKG\'s report, counts integrity violations, and feeds the gauges', async () => {
    for (const [version, data] of [['v1', 'data1'], ['v2', 'data2']]) {
      expect((await runCli(['dataset', 'manifest', data as string, '--out', `${data}.json`], { cwd })).code).toBe(0);
      const add = await runCli(['registry', 'add', '--model', 'mlp', '--version', version as string, '--artifact', `${version}.onnx`, '--dataset-manifest', `${data}.json`, ...store], { cwd });
      expect(add.code, add.stderr).toBe(0);
    }
    expect((await runCli(['registry', 'status', '--model', 'mlp', '--version', 'v1', '--set', 'lkg', ...store], { cwd })).code).toBe(0);

    const unbound = await runCli(['redteam', 'run', '--suite', writeSuite('unbound'), '--report-dir', 'out-u', '--register', '--quiet', ...store], { cwd });
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toMatch(/^error RTM_ERR_REPORT_REGISTER: --register: model mlp names no registry version/);
    const unknown = await runCli(['redteam', 'run', '--suite', writeSuite('v9', { registry: { model: 'mlp', version: 'v9' } }), '--report-dir', 'out-u', '--register', '--quiet', ...store], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error REG_ERR_UNKNOWN_VERSION: model "mlp" has no version "v9"/);

    const lkg = await runCli(['redteam', 'run', '--suite', writeSuite('lkg', { registry: { model: 'mlp', version: 'v1' } }), '--report-dir', 'out-v1', '--register', '--quiet', ...store], { cwd });
    expect(lkg.code, lkg.stdout).toBe(0);
    expect(lkg.stdout).toMatch(/^attached redteam-report sha256:[0-9a-f]{64} to mlp v1$/m);
    expect(readJson('out-v1/report.json').models[0].integrity).toMatchObject({ checked: true, violations: 0, lkg_version: 'v1' });

    const cand = await runCli(['redteam', 'run', '--suite', writeSuite('cand', { artifact: 'v2.onnx', registry: { model: 'mlp', version: 'v2' } }), '--report-dir', 'out-v2', '--register', '--quiet', '--json', ...store], { cwd });
    expect(cand.code).toBe(1);
    const report = readJson('out-v2/report.json');
    expect(report.baseline).toMatchObject({ source: 'registry', ref: expect.stringMatching(/^mlp v1 sha256:[0-9a-f]{12}$/) });
    expect(report.gates.filter((g: { id: string; status: string }) => g.id === 'regress').every((g: { status: string }) => g.status !== 'skipped')).toBe(true);
    expect(report.models[0].integrity).toMatchObject({ checked: true, violations: 2, lkg_version: 'v1' });
    expect(report.models[0].integrity.findings.map((f: { kind: string }) => f.kind)).toEqual(['file_changed', 'rows_changed']);
    expect(report.gates.find((g: { id: string }) => g.id === 'integrity')).toMatchObject({ status: 'failed', value: 2 });
    expect(JSON.parse(cand.stdout).registered).toEqual([{ model: 'mlp', version: 'v2', digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    const opened = await openStoreTarget({ kind: 'sqlite', path: resolve(cwd, 'store.db') });
    try {
      const registry = new Registry({ store: opened.store.registry, documents: opened.store.documents, audit: new AuditLog({ store: opened.store.audit, clock: systemClock }), clock: systemClock });
      const metrics = new MetricsRegistry();
      const sli = new RedteamSli({ registry: metrics, reports: registryReports(registry), versions: registry, timers: new FakeTimers(), onError: (e) => { throw e; } });
      await sli.start();
      const values = new Map((await metrics.getMetricsAsJSON()).flatMap((m) => m.values.map((v) => [`${m.name}{${Object.values(v.labels).join(',')}}`, v.value] as const)));
      const v1 = readJson('out-v1/report.json').models[0];
      const v2 = report.models[0];
      expect(values.get('bulwark_adversarial_success_rate{mlp,v2,square}')).toBe(v2.attacks[1].points.find((p: { eps: number }) => p.eps === 0.2).success_rate);
      expect(values.get('bulwark_adversarial_success_rate{mlp,v1,fgsm}')).toBe(v1.attacks[0].points[1].success_rate);
      expect(values.get('bulwark_nominal_accuracy_delta{mlp,v2}')).toBeCloseTo(v2.clean.accuracy - v1.clean.accuracy, 6);
      expect(values.get('bulwark_data_integrity_violations{mlp,v2}')).toBe(2);
      expect(values.get('bulwark_data_integrity_violations{mlp,v1}')).toBe(0);
      sli.shutdown();
    } finally {
      await opened.store.shutdown();
    }
  });
});

describe('remote models', () => {
  let server: ModelServer;
  let model: OnnxRuntimeModel;

  beforeAll(async () => {
    model = await OnnxRuntimeModel.create(mlpFixture(1).toBytes());
    server = await startModelServer({ model, name: 'mlp', version: 'v1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    model?.dispose();
  });

  it('bulwark attack runs a black-box attack on a URL and refuses a white-box one', async () => {
    const url = `${server.url}/v2/models/mlp`;
    const r = await runCli(['attack', 'square', '--model', url, '--inputs', 'x.npy', '--eps', '0.2', '--clip', '0,1', '--max-queries', '30', '--out', 'remote.jsonl', '--json'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ attack: { id: 'square' }, threat_model: { knowledge: 'score-based', maxQueries: 30 }, samples: N, gradient_queries: { total: 0 } });
    const lines = readFileSync(join(cwd, 'remote.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { queries: number });
    expect(lines.every((l) => l.queries <= 30)).toBe(true);
    const refused = await runCli(['attack', 'fgsm', '--model', url, '--inputs', 'x.npy', '--eps', '0.2', '--out', 'r.jsonl'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error RTM_ERR_OUTSIDE_THREAT_MODEL: fgsm does not cover this threat model: it needs white-box access, the threat model grants score-based/);
    const gone = await runCli(['attack', 'square', '--model', `${server.url}/v2/models/other`, '--inputs', 'x.npy', '--eps', '0.2', '--out', 'r.jsonl'], { cwd });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(`error MDL_ERR_REMOTE_STATUS: GET ${server.url}/v2/models/other: HTTP 404 unknown model "other" (this server serves "mlp")`);
  });

  it('a suite attacks a remote model with black-box attacks only', async () => {
    const url = `${server.url}/v2/models/mlp`;
    const refused = await runCli(['redteam', 'run', '--suite', writeSuite('remote-wb', { url }), '--report-dir', 'out-remote', '--quiet'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error RTM_ERR_SUITE_INVALID: remote-wb\.yaml: attacks\[0\]: model "mlp" is a remote endpoint, which grants score-based knowledge at most; fgsm needs white-box access/);
    const r = await runCli(['redteam', 'run', '--suite', writeSuite('remote', { url, attacks: ATTACKS.slice(1), gates: [{ metric: 'clean_accuracy', min: 0.9 }] }), '--report-dir', 'out-remote', '--quiet'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readJson('out-remote/report.json').models[0]).toMatchObject({ source: { kind: 'url', url }, clean: { accuracy: 1 } });
  });
});

describe('the adversarial_success SLO of a running gateway', () => {
  let server: ModelServer;
  let model: OnnxRuntimeModel;
  let app: RunningGateway | undefined;

  beforeAll(async () => {
    model = await OnnxRuntimeModel.create(mlpFixture(1).toBytes());
    server = await startModelServer({ model, name: 'mlp', version: 'v1', port: 0 });
  });
  afterAll(async () => {
    await app?.shutdown();
    await server?.close();
    model?.dispose();
  });

  it('a report registered while the gateway runs feeds the red-team gauges and the burn rate of its SLO', async () => {
    const dir = join(cwd, 'gw');
    mkdirSync(dir);
    cpSync(join(cwd, 'v1.onnx'), join(dir, 'v1.onnx'));
    cpSync(join(cwd, 'x.npy'), join(dir, 'x.npy'));
    writeFileSync(join(dir, 'bulwark.yaml'), stringify({
      server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0', control: '127.0.0.1:0' },
      anonymous: true,
      store: { kind: 'sqlite', path: 'gw.db' },
      control: { tokens: [{ id: 'vic', sha256: 'a'.repeat(64), role: 'viewer' }] },
      models: { mlp: { protocol: 'oip-v2', versions: { v1: { upstream: server.url } }, route: { active: 'v1' } } },
      alerts: { slos: [{ name: 'robustness', signal: 'adversarial_success', objective: 0.9, model: 'mlp', minEvents: 1 }] },
    }));
    expect((await runCli(['registry', 'add', '--model', 'mlp', '--version', 'v1', '--artifact', 'v1.onnx', '--store', 'gw.db'], { cwd: dir })).code).toBe(0);
    app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: {}, log: () => undefined });
    const control = app.control as RunningControlPlane;
    const suite = { models: { mlp: { artifact: 'v1.onnx', dataset: 'd', registry: { model: 'mlp', version: 'v1' } } }, datasets: { d: { path: 'x.npy', clip: [0, 1] } }, attacks: [ATTACKS[0]] };
    writeFileSync(join(dir, 'suite.yaml'), stringify(suite));
    const r = await runCli(['redteam', 'run', '--suite', 'suite.yaml', '--report-dir', 'out', '--register', '--store', 'gw.db', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    await control.redteam.reportAttached();
    const metrics = await (await fetch(`${app.addresses.admin}/metrics`)).text();
    const point = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).models[0].attacks[0].points[1];
    expect(metrics).toContain(`bulwark_adversarial_success_rate{model="mlp",version="v1",attack="fgsm"} ${point.success_rate}`);
    // One batch of events: `successes` bad out of `eligible`; burn rate = (bad/total) / (1 − objective).
    const burn = Number(/^bulwark_alerts_slo_burn_rate\{slo="robustness",window="5m"\} (\S+)$/m.exec(metrics)?.[1]);
    expect(burn).toBeCloseTo(point.successes / point.eligible / 0.1, 6);
  });
});

const credit = sharedData('tabular/uci-default-credit-card.csv');
const digits = sharedData('images/optdigits.tes');

describe.skipIf(!credit.available || !digits.available)(`the example suite (${credit.reason})`, () => {
  it('is valid, and every shared: file it names exists', () => {
    const file = resolve(PROJECT_ROOT, 'examples', 'redteam', 'suite.yaml');
    const doc = parseYaml(readFileSync(file, 'utf8')) as unknown;
    const suite = parseSuite(doc, 'examples/redteam/suite.yaml');
    expect(Object.keys(suite.models)).toEqual(['credit', 'digits']);
    expect(suite.attacks.map((a) => a.attack.id)).toEqual(expect.arrayContaining(['pgd', 'square', 'hopskipjump', 'simba', 'fgsm']));
    const shared = resolve(credit.path, '..', '..');
    const paths = JSON.stringify(doc).match(/shared:[^"]+/g) ?? [];
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(existsSync(join(shared, p.slice('shared:'.length))), p).toBe(true);
  });
});
