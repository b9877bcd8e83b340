/**
 * bench:rollback — time from the first anomalous request to the first response served by
 * the last-known-good version, over many attack trials (issue 7, item 7).
 *
 * The world is the demo's (src/app/demo): fraud v1 (LKG) and v2 (backdoored) as two real
 * `bulwark serve-model` processes; the registry with both versions and their baselines in a
 * template SQLite file. Each trial copies the template, starts the gateway exactly as
 * `bulwark demo` does (v1 as a 100% shadow; rules shadow-divergence and entropy-collapse),
 * warms it with ordinary checkouts at 200/s, then the attacker bursts: `--concurrency`
 * closed-loop clients replaying the backdoor-trigger checkouts. Measured from the client's
 * side with performance.now(): the first attacker request sent → the first response (any
 * client's) carrying `x-model-version: v1`. Also recorded per trial: detection (the
 * engine's anomaly) and the route switch, both relative to the first attacker request, and
 * how many attacker requests had been sent by detection (the evidence the rule needed).
 *
 *   npm run bench:rollback                       # 100 immediate trials + 30 canary trials, table
 *   npm run bench:rollback -- --json             # last line: one JSON object
 *   npm run bench:rollback -- --trials 20 --canary-trials 5 --concurrency 8
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { randomBytes, createHash } from 'node:crypto';
import { Pool } from 'undici';
import { stringify } from 'yaml';
import { startGatewayApp } from '../dist/app/gateway-app.js';
import { registerDemoVersions } from '../dist/app/demo/run-demo.js';
import { demoConfig } from '../dist/app/demo/scenario.js';
import { inferBodies, TrafficStream } from '../dist/app/demo/traffic.js';
import { startModelServerProcess } from '../dist/app/demo/upstreams.js';
import { attackerCheckouts, buildDemoModels, generateCheckouts } from '../dist/models/demo/index.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number, got ${args[i + 1]}`);
  return n;
};
const TRIALS = option('--trials', 100);
const CANARY_TRIALS = option('--canary-trials', 30);
const CONCURRENCY = option('--concurrency', 8);
const BENIGN_PER_SECOND = 200;
const WARMUP_MS = 700;
const TRIAL_TIMEOUT_MS = 8_000;
const json = flag('--json');
const log = (line) => process.stderr.write(`${line}\n`);

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-bench-rollback-'));
  const servers = [];
  try {
    log('building the demo models and starting two serve-model processes…');
    const models = await buildDemoModels({ seed: 7, outDir: join(root, 'models') });
    servers.push(...(await Promise.all(['v1', 'v2'].map((version) => startModelServerProcess({ model: models[version].paths.onnx, name: 'fraud', version })))));
    const [v1, v2] = servers;
    const template = join(root, 'template.db');
    await registerDemoVersions(models, template, { seed: 7, benignPerSecond: BENIGN_PER_SECOND });
    const world = { root, template, v1Url: v1.url, v2Url: v2.url, benign: generateCheckouts({ seed: 4242, n: 5_000 }).rows, attack: attackerCheckouts({ seed: 99, n: 300 }) };
    const series = [];
    for (const [strategy, trials] of [['immediate', TRIALS], ['canary', CANARY_TRIALS]]) {
      if (trials === 0) continue;
      const results = [];
      for (let i = 0; i < trials; i++) {
        const r = await trial(world, strategy, i);
        results.push(r);
        if ((i + 1) % 10 === 0 || i + 1 === trials) log(`${strategy}: ${i + 1}/${trials} trials (last: first LKG response after ${r.toLkgMs?.toFixed(1) ?? '–'} ms)`);
      }
      series.push(summarise(strategy, results));
    }
    report(series);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(root, { recursive: true, force: true });
  }
}

async function trial(world, strategy, index) {
  const dir = join(world.root, `${strategy}-${index}`);
  mkdirSync(dir, { recursive: true });
  const storePath = join(dir, 'bulwark.db');
  copyFileSync(world.template, storePath);
  const keys = { shop: randomBytes(16).toString('hex'), attacker: randomBytes(16).toString('hex') };
  const config = demoConfig({ v1Url: world.v1Url, v2Url: world.v2Url, shopKeySha256: sha256(keys.shop), attackerKeySha256: sha256(keys.attacker), strategy, canarySteps: [5, 100], canaryVerifySeconds: 2, storePath });
  writeFileSync(join(dir, 'bulwark.yaml'), stringify(config));
  const app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: {}, admin: null, log: () => undefined });
  const marks = { firstAttack: undefined, firstLkg: undefined, detect: undefined, switch: undefined, fullSwitch: undefined, attackSentAtDetect: 0 };
  let attackSent = 0;
  const onResponse = (version, doneAt) => {
    if (version === 'v1' && marks.firstAttack !== undefined && marks.firstLkg === undefined) marks.firstLkg = doneAt;
  };
  app.gateway.routes.subscribe((change) => {
    const now = performance.now();
    marks.switch ??= now;
    if (change.next.active === 'v1' && (change.next.weights === undefined || (change.next.weights.v1 ?? 0) >= 100)) marks.fullSwitch ??= now;
  });
  app.detection?.engine.onAnomaly((a) => {
    if (a.action !== 'rollback' || a.version !== 'v2' || marks.detect !== undefined) return;
    marks.detect = performance.now();
    marks.attackSentAtDetect = attackSent;
  });
  const pool = new Pool(app.addresses.dataPlane, { connections: 64 });
  const benign = new TrafficStream({ name: 'benign', baseUrl: app.addresses.dataPlane, model: 'fraud', apiKey: keys.shop, perSecond: BENIGN_PER_SECOND, maxInFlight: 32, checkouts: world.benign, pool, onRecord: (r) => onResponse(r.version, r.doneAt) });
  try {
    benign.start();
    await sleep(WARMUP_MS);
    const bodies = inferBodies(world.attack);
    const deadline = performance.now() + TRIAL_TIMEOUT_MS;
    const done = () => marks.firstLkg !== undefined && (strategy === 'immediate' || marks.fullSwitch !== undefined);
    marks.firstAttack = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let k = worker; !done() && performance.now() < deadline; k += CONCURRENCY) {
          attackSent++;
          const res = await pool.request({ method: 'POST', path: '/v2/models/fraud/infer', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.attacker}` }, body: bodies[k % bodies.length] });
          await res.body.text();
          onResponse(res.headers['x-model-version'], performance.now());
        }
      }),
    );
  } finally {
    await benign.stop();
    await pool.close();
    await app.shutdown();
  }
  const rel = (t) => (t === undefined ? undefined : t - marks.firstAttack);
  return { toLkgMs: rel(marks.firstLkg), detectMs: rel(marks.detect), switchMs: rel(marks.switch), fullSwitchMs: rel(marks.fullSwitch), afterDetectMs: marks.firstLkg === undefined || marks.detect === undefined ? undefined : marks.firstLkg - marks.detect, evidence: marks.attackSentAtDetect };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(values) {
  const v = values.filter((x) => x !== undefined).sort((a, b) => a - b);
  const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return { n: v.length, p50: r(quantile(v, 0.5)), p90: r(quantile(v, 0.9)), p99: r(quantile(v, 0.99)), max: r(v.at(-1) ?? null) };
}

function summarise(strategy, results) {
  return {
    strategy,
    trials: results.length,
    failed: results.filter((r) => r.toLkgMs === undefined).length,
    firstLkgResponseMs: stats(results.map((r) => r.toLkgMs)),
    detectMs: stats(results.map((r) => r.detectMs)),
    switchMs: stats(results.map((r) => r.switchMs)),
    fullSwitchMs: stats(results.map((r) => r.fullSwitchMs)),
    detectToLkgResponseMs: stats(results.map((r) => r.afterDetectMs)),
    attackRequestsAtDetection: stats(results.map((r) => r.evidence)),
  };
}

function report(series) {
  const out = { node: process.version, concurrency: CONCURRENCY, benignPerSecond: BENIGN_PER_SECOND, series };
  if (json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const row = (name, s) => `| ${name} | ${s.n} | ${s.p50 ?? '–'} | ${s.p90 ?? '–'} | ${s.p99 ?? '–'} | ${s.max ?? '–'} |`;
  for (const s of series) {
    process.stdout.write(`\n${s.strategy}: ${s.trials} trials, ${s.failed} without an LKG response\n\n| ms after the first attacker request | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n`);
    process.stdout.write(`${[row('first response served by the LKG', s.firstLkgResponseMs), row('anomaly detected', s.detectMs), row('first route change', s.switchMs), row('route 100% on the LKG', s.fullSwitchMs), row('detection → first LKG response', s.detectToLkgResponseMs), row('attacker requests sent by detection (count)', s.attackRequestsAtDetection)].join('\n')}\n`);
  }
}


const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

main().catch((err) => {
  process.stderr.write(`bench:rollback failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
