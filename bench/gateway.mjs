/**
 * @module bench/gateway
 * Macro benchmark of the gateway (issue 4, item 11). In one run, side by side, against the
 * same upstream (bench/lib/oip-stub.mjs: node:http answering fixed OIP bytes, no model):
 *   direct       the upstream itself;
 *   nginx        nginx proxying it (keep-alive upstream pool; config written by the bench);
 *   bulwark      `bulwark gateway` with inspection off (API key, rate limit, route, ledger, events);
 *   bulwark+insp the same with every inspector of src/inspect's registry switched on.
 * Load: wrk (or autocannon in a child process when wrk is absent), fixed CONNECTIONS and
 * DURATION_S, ROUNDS interleaved rounds (each row's figure is the median over rounds).
 * Reports requests/s, p50/p90/p99 under that load, the proxy process's CPU per request,
 * the ratio to nginx, the p50 added over direct, and the unloaded latency (one connection,
 * one request at a time: the per-hop cost without queueing) with its p50 added over direct. `--json` prints one JSON object as the last line;
 * `--rows direct,nginx,bulwark,inspectors` picks rows; `--profile DIR` runs the bulwark
 * processes (inspection off, DIR/bulwark; all inspectors on, DIR/inspectors) under
 * `node --cpu-prof` and summarises each profile;
 * `--compare-dist DIR` adds a row for another build of bulwark (e.g. the base commit's
 * dist/) with inspection off, measured in the same rounds: before/after in one run
 * (`--compare-inspectors` adds the same build with every inspector on);
 * `--rounds N` and `--duration S` override ROUNDS and DURATION_S (quick A/B runs);
 * `--paired A,B` (rows `off`, `on`, and with `--compare-dist` `base-off`, `base-on`) drives
 * two bulwark rows at the same time, half the connections each, and reports the per-round
 * ratio B/A (bench/lib/paired.mjs: steadier than sequential rows on a shared machine).
 *
 * Run from the root: `npm run bench:gateway [-- --json]`. Figures go to bench/RESULTS.md.
 */
/* global fetch -- Node 20's global; the lint config gives bench/ no environment globals */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { loadInspectorRegistry } from './lib/gateway-child.mjs';
import { pickLoadGenerator, runLoad } from './lib/load.mjs';
import { findNginx, startNginx } from './lib/nginx.mjs';
import { STUB_BODY } from './lib/oip-stub.mjs';
import { runPaired } from './lib/paired.mjs';
import { cpuMs, startChild, stopChild } from './lib/processes.mjs';
import { summarizeProfile } from './lib/profile-summary.mjs';
import { ensureSystemTools } from './lib/system-tools.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const log = (line) => process.stderr.write(`${line}\n`);
const argValue = (flag) => {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : process.argv[i + 1];
};

const CONNECTIONS = 32;
const WRK_THREADS = 1;
const DURATION_S = Number(argValue('--duration') ?? 8);
const WARMUP_S = 2;
const ROUNDS = Number(argValue('--rounds') ?? 3);
/** Unloaded latency: one connection, one request at a time (no queueing, the per-hop cost itself). */
const LATENCY_CONNECTIONS = 1;
const LATENCY_S = 4;
const FEATURES = 23;
const API_KEY = 'bench-secret-key';
const PATH = '/v2/models/bench/infer';

/** One OIP request: FP32 [1, 23], fixed values. */
const REQUEST_BODY = JSON.stringify({ id: 'bench', inputs: [{ name: 'features', datatype: 'FP32', shape: [1, FEATURES], data: Array.from({ length: FEATURES }, (_, i) => ((i * 37) % 100) / 10) }] });
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

/** bulwark.yaml for one gateway row (JSON is YAML). */
function gatewayConfig(work, name, upstream, inspectorIds) {
  return JSON.stringify({
    server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0' },
    store: { kind: 'sqlite', path: join(work, `${name}.db`) },
    keys: [{ id: 'bench', sha256: createHash('sha256').update(API_KEY).digest('hex'), rateLimit: { perSecond: 1e9, burst: 1e9 } }],
    models: { bench: { protocol: 'oip-v2', versions: { v1: { upstream, timeoutMs: 10_000 } }, route: { active: 'v1' }, inspectors: inspectorIds } },
  });
}

async function startGateway(work, name, upstream, inspectorIds, profileDir, dist) {
  const config = join(work, `${name}.yaml`);
  await writeFile(config, gatewayConfig(work, name, upstream, inspectorIds));
  const nodeArgs = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const args = [...nodeArgs, join(HERE, 'lib', 'gateway-child.mjs'), '--config', config, ...(inspectorIds.length > 0 ? ['--inspectors'] : [])];
  const { child, url } = await startChild(process.execPath, args, dist === undefined ? {} : { BULWARK_BENCH_DIST: dist });
  return { url, pid: child.pid, stop: () => stopChild(child) };
}

/** A 200 with the stub's exact bytes; returns the response headers. */
async function sanityCheck(label, url) {
  const res = await fetch(`${url}${PATH}`, { method: 'POST', headers: HEADERS, body: REQUEST_BODY });
  const text = await res.text();
  if (res.status !== 200 || text !== STUB_BODY) throw new Error(`${label}: sanity check failed: ${res.status} ${text}`);
  return res.headers;
}

/** Starts every row's server; rows that cannot run say why. */
async function startRows(work, stubUrl, wanted, profileDir, compareDist) {
  const rows = [{ id: 'direct', label: 'direct (upstream)', url: stubUrl, pid: undefined, stop: async () => 0 }];
  const skipped = [];
  if (wanted.has('nginx')) {
    const found = findNginx();
    if (found === undefined) skipped.push({ id: 'nginx', reason: 'nginx is not installed (apt-get install -y nginx)' });
    else {
      const nginx = await startNginx(found.bin, work, stubUrl);
      rows.push({ id: 'nginx', label: `nginx ${found.version}`, url: nginx.url, pid: nginx.child.pid, stop: () => nginx.stop() });
    }
  }
  if (compareDist !== undefined) rows.push({ id: 'baseline', label: `bulwark from ${compareDist}, inspection off`, ...(await startGateway(work, 'baseline', stubUrl, [], undefined, compareDist)) });
  if (compareDist !== undefined && process.argv.includes('--compare-inspectors')) {
    const ids = (await loadInspectorRegistry())?.GATEWAY_INSPECTOR_IDS ?? [];
    const label = `bulwark from ${compareDist}, all ${ids.length} inspectors on`;
    if (ids.length > 0) rows.push({ id: 'baseline-inspectors', label, inspectors: [...ids], ...(await startGateway(work, 'baseline-inspectors', stubUrl, [...ids], undefined, compareDist)) });
  }
  const profileOf = (row) => (profileDir === undefined ? undefined : join(profileDir, row));
  if (wanted.has('bulwark')) rows.push({ id: 'bulwark', label: 'bulwark, inspection off', ...(await startGateway(work, 'bulwark', stubUrl, [], profileOf('bulwark'))) });
  if (wanted.has('inspectors')) {
    const registry = await loadInspectorRegistry();
    const ids = registry?.GATEWAY_INSPECTOR_IDS ?? [];
    if (ids.length === 0) skipped.push({ id: 'inspectors', reason: 'src/inspect has no inspector registry yet (dist/inspect/registry.js)' });
    else rows.push({ id: 'inspectors', label: `bulwark, all ${ids.length} inspectors on`, inspectors: [...ids], ...(await startGateway(work, 'inspectors', stubUrl, [...ids], profileOf('inspectors'))) });
  }
  return { rows: rows.filter((r) => r.id === 'direct' || r.id.startsWith('baseline') || wanted.has(r.id)), skipped };
}

async function measureRow(row, generator, work) {
  const load = (durationS, connections) => runLoad({ generator, url: `${row.url}${PATH}`, body: REQUEST_BODY, headers: HEADERS, connections, threads: WRK_THREADS, durationS, workDir: work });
  await load(WARMUP_S, CONNECTIONS);
  const before = row.pid === undefined ? undefined : cpuMs(row.pid);
  const result = await load(DURATION_S, CONNECTIONS);
  const after = row.pid === undefined ? undefined : cpuMs(row.pid);
  const cpuUsPerRequest = before === undefined || after === undefined ? undefined : Number((((after - before) * 1000) / result.requests).toFixed(1));
  const unloaded = await load(LATENCY_S, LATENCY_CONNECTIONS);
  return { ...result, cpuUsPerRequest, unloaded };
}

const median = (values) => {
  const s = values.filter((v) => v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median of each figure over the rounds. */
function combine(row, runs) {
  const pick = (f) => median(runs.map(f));
  return {
    id: row.id,
    label: row.label,
    ...(row.inspectors === undefined ? {} : { inspectors: row.inspectors }),
    requestsPerSec: Math.round(pick((r) => r.requestsPerSec)),
    latencyMs: { p50: pick((r) => r.latencyMs.p50), p90: pick((r) => r.latencyMs.p90), p99: pick((r) => r.latencyMs.p99) },
    cpuUsPerRequest: pick((r) => r.cpuUsPerRequest),
    unloadedLatencyMs: { p50: pick((r) => r.unloaded.latencyMs.p50), p99: pick((r) => r.unloaded.latencyMs.p99) },
    errors: runs.reduce((a, r) => a + r.errors, 0),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    rounds: runs.map((r) => ({ requestsPerSec: r.requestsPerSec, p50: r.latencyMs.p50, p99: r.latencyMs.p99 })),
  };
}

function compare(results) {
  const direct = results.find((r) => r.id === 'direct');
  const nginx = results.find((r) => r.id === 'nginx');
  const off = results.find((r) => r.id === 'bulwark');
  const baseline = results.find((r) => r.id === 'baseline');
  const baselineInspectors = results.find((r) => r.id === 'baseline-inspectors');
  for (const r of results) {
    if (nginx !== undefined && r.id !== 'direct') r.throughputVsNginx = Number((r.requestsPerSec / nginx.requestsPerSec).toFixed(2));
    if (direct !== undefined && r.id !== 'direct') {
      r.addedP50Ms = Number((r.latencyMs.p50 - direct.latencyMs.p50).toFixed(3));
      r.addedUnloadedP50Ms = Number((r.unloadedLatencyMs.p50 - direct.unloadedLatencyMs.p50).toFixed(3));
    }
    if (off !== undefined && r.id === 'inspectors') r.throughputVsInspectionOff = Number((r.requestsPerSec / off.requestsPerSec).toFixed(2));
    if (baseline !== undefined && r.id === 'bulwark') r.throughputVsBaseline = Number((r.requestsPerSec / baseline.requestsPerSec).toFixed(2));
    if (baselineInspectors !== undefined && r.id === 'inspectors') r.throughputVsBaseline = Number((r.requestsPerSec / baselineInspectors.requestsPerSec).toFixed(2));
    if (baseline !== undefined && r.id === 'baseline-inspectors') r.throughputVsInspectionOff = Number((r.requestsPerSec / baseline.requestsPerSec).toFixed(2));
  }
}

function printHuman(s) {
  const lines = [
    `gateway benchmark: ${s.loadGenerator} (${s.threads} thread), ${s.connections} connections, ${s.rounds} rounds × ${s.durationS} s (after ${s.warmupS} s warm-up each), POST ${PATH} (FP32 [1, ${FEATURES}])`,
    `upstream: ${s.upstream}`,
    `| row | requests/s | p50 ms | p90 ms | p99 ms | proxy CPU µs/req | × nginx | × inspection off | × baseline | added p50 ms | ${LATENCY_CONNECTIONS} conn: p50 ms | p99 ms | added p50 ms | errors |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...s.rows.map(
      (r) =>
        `| ${r.label} | ${r.requestsPerSec} | ${r.latencyMs.p50} | ${r.latencyMs.p90} | ${r.latencyMs.p99} | ${r.cpuUsPerRequest ?? '–'} | ${r.throughputVsNginx ?? '–'} | ${r.throughputVsInspectionOff ?? '–'} | ${r.throughputVsBaseline ?? '–'} | ${r.addedP50Ms ?? '–'} | ${r.unloadedLatencyMs.p50} | ${r.unloadedLatencyMs.p99} | ${r.addedUnloadedP50Ms ?? '–'} | ${r.errors + r.non2xx} |`,
    ),
    `rounds (requests/s): ${s.rows.map((r) => `${r.id} ${r.rounds.map((x) => x.requestsPerSec).join('/')}`).join('; ')}`,
    ...s.skipped.map((k) => `skipped ${k.id}: ${k.reason}`),
    `machine: ${s.cpus} × ${s.cpuModel}, node ${s.node}, load average at start ${s.loadAverage}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `--paired A,B`: two bulwark rows under simultaneous load (see bench/lib/paired.mjs). */
async function pairedMain(spec, compareDist, generator) {
  const ids = (await loadInspectorRegistry())?.GATEWAY_INSPECTOR_IDS ?? [];
  const kinds = {
    off: { label: 'bulwark, inspection off', inspectors: [], dist: undefined },
    on: { label: `bulwark, all ${ids.length} inspectors on`, inspectors: [...ids], dist: undefined },
    'base-off': { label: `bulwark from ${compareDist}, inspection off`, inspectors: [], dist: compareDist },
    'base-on': { label: `bulwark from ${compareDist}, all ${ids.length} inspectors on`, inspectors: [...ids], dist: compareDist },
  };
  const names = spec.split(',');
  if (names.length !== 2 || names.some((n) => kinds[n] === undefined || (n.startsWith('base') && compareDist === undefined))) {
    throw new Error(`--paired takes two of off,on,base-off,base-on (base-* need --compare-dist), got ${spec}`);
  }
  const rounds = Number(argValue('--rounds') ?? 10);
  const durationS = Number(argValue('--duration') ?? 5);
  const work = await mkdtemp(join(os.tmpdir(), 'bulwark-bench-paired-'));
  const stub = await startChild(process.execPath, [join(HERE, 'lib', 'oip-stub.mjs')]);
  const rows = [];
  try {
    for (const [i, name] of names.entries()) {
      const kind = kinds[name];
      rows.push({ label: kind.label, ...(await startGateway(work, `paired-${i}`, stub.url, kind.inspectors, undefined, kind.dist)) });
    }
    for (const row of rows) await sanityCheck(row.label, row.url);
    const load = (row, seconds) => runLoad({ generator: generator.name, url: `${row.url}${PATH}`, body: REQUEST_BODY, headers: HEADERS, connections: CONNECTIONS / 2, threads: WRK_THREADS, durationS: seconds, workDir: work });
    const result = await runPaired({ rowA: rows[0], rowB: rows[1], rounds, durationS, load, log });
    const summary = { bench: 'gateway-paired', loadGenerator: generator.version, connectionsEach: CONNECTIONS / 2, durationS, ...result, node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg().map((v) => v.toFixed(2)).join(' ') };
    process.stdout.write(`paired: A = ${result.a}; B = ${result.b}\n`);
    process.stdout.write(`B/A requests/s: median ${result.medianRatio} over ${rounds} rounds of ${durationS} s (range ${result.ratioRange.join('–')})\n`);
    process.stdout.write(`CPU µs/request, medians: A ${result.medianCpuUsPerRequest.a} (main thread ${result.medianMainThreadCpuUsPerRequest.a}), B ${result.medianCpuUsPerRequest.b} (main thread ${result.medianMainThreadCpuUsPerRequest.b})\n`);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    for (const row of rows) await row.stop().catch(() => undefined);
    await stopChild(stub.child);
    await rm(work, { recursive: true, force: true });
  }
}

async function main() {
  const wanted = new Set((argValue('--rows') ?? 'direct,nginx,bulwark,inspectors').split(','));
  const profileDir = argValue('--profile') === undefined ? undefined : resolve(argValue('--profile'));
  const compareDist = argValue('--compare-dist') === undefined ? undefined : resolve(argValue('--compare-dist'));
  ensureSystemTools(wanted.has('nginx') && argValue('--paired') === undefined ? ['wrk', 'nginx'] : ['wrk'], log);
  const generator = pickLoadGenerator();
  if (argValue('--paired') !== undefined) return pairedMain(argValue('--paired'), compareDist, generator);
  const work = await mkdtemp(join(os.tmpdir(), 'bulwark-bench-gateway-'));
  const stub = await startChild(process.execPath, [join(HERE, 'lib', 'oip-stub.mjs')]);
  const loadAverage = os.loadavg().map((v) => v.toFixed(2)).join(' ');
  let started = { rows: [], skipped: [] };
  try {
    started = await startRows(work, stub.url, wanted, profileDir, compareDist);
    for (const row of started.rows) await sanityCheck(row.label, row.url);
    const runs = new Map(started.rows.map((r) => [r.id, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const row of started.rows) {
        log(`round ${round}/${ROUNDS}: ${row.label}`);
        runs.get(row.id).push(await measureRow(row, generator.name, work));
      }
    }
    const results = started.rows.map((row) => combine(row, runs.get(row.id)));
    compare(results);
    const summary = {
      bench: 'gateway', loadGenerator: generator.version, threads: WRK_THREADS, connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, rounds: ROUNDS,
      unloaded: { connections: LATENCY_CONNECTIONS, durationS: LATENCY_S },
      upstream: 'node:http stub (bench/lib/oip-stub.mjs), fixed OIP bytes, no model', rows: results, skipped: started.skipped,
      node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage,
    };
    for (const row of started.rows) row.exitCode = await row.stop();
    if (profileDir !== undefined) {
      summary.profile = {};
      for (const row of started.rows.filter((r) => r.id === 'bulwark' || r.id === 'inspectors')) {
        log(`${row.label}:`);
        summary.profile[row.id] = await summarizeProfile(join(profileDir, row.id), log);
      }
    }
    printHuman(summary);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    for (const row of started.rows) if (row.exitCode === undefined) await row.stop().catch(() => undefined);
    await stopChild(stub.child);
    await rm(work, { recursive: true, force: true });
  }
}

await main();
