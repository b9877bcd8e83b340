/**
 * @module bench/lib/inspect-micro
 * In-process CPU cost of the gateway inspectors on the throughput bench's request
 * (bench/gateway.mjs REQUEST_BODY, upstream answer bench/lib/oip-stub.mjs STUB_BODY), no
 * sockets, no load generator: safe to run beside other measurements on a shared machine.
 *
 * The inspectors are built the way `bulwark gateway` builds them for the bench config
 * (`models.bench`, protocol oip-v2, all 7 inspector ids, nothing registered):
 * `startInspection` (app/inspector-resources) over an empty store, bound per model by
 * `buildGatewayState`. Each simulated request runs what the gateway runs: a fresh
 * `Exchange`, the body parsed as the `body` interceptor parses it, the `inspect`
 * interceptor's request hooks (and `captureResponse()` for those that need the body), an
 * `await` (the upstream call), `ex.response` as upstream/forward.ts sets it (the
 * upstream's bytes, a fresh copy per request, kept only when an inspector asked to capture
 * them), the response hooks, and `ex.features` (the recorder reads it).
 *
 * Costs are `process.cpuUsage()` deltas. The per-inspector figure is marginal, in run
 * order: the loop with the first k inspectors minus the loop with the first k − 1 (so the
 * first inspector that decodes the shared tensors pays for it); the total is all 7 minus
 * none (the exchange, the parse and the await cancel out). The N requests of each
 * configuration run in chunks interleaved across builds and configurations, and the
 * lower-quartile chunk is reported (a busy spell of the shared machine only ever adds
 * time). Beside it, each inspector's "hook self" time: hrtime around its two hooks in the
 * all-on configuration (timer cost subtracted, slowest 1% of requests dropped), which no
 * other configuration's noise enters. With `--expose-gc`, bytes allocated per request are
 * the young generation's growth while the hooks run over prebuilt exchanges, in blocks
 * during which no GC ran (marginal per inspector, like the CPU figures).
 *
 * @example
 * node --expose-gc --import tsx bench/lib/inspect-micro.mjs                       # src/
 * node --expose-gc --import tsx bench/lib/inspect-micro.mjs --root src --root /tmp/before/src   # before/after, one process
 * node --expose-gc bench/lib/inspect-micro.mjs --root dist --n 200000 --chunk 5000 --json
 */
import { isDeepStrictEqual } from 'node:util';
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const FEATURES = 23;
/** Same bytes as bench/gateway.mjs REQUEST_BODY. */
const REQUEST_BODY = JSON.stringify({ id: 'bench', inputs: [{ name: 'features', datatype: 'FP32', shape: [1, FEATURES], data: Array.from({ length: FEATURES }, (_, i) => ((i * 37) % 100) / 10) }] });
/** Same bytes as bench/lib/oip-stub.mjs STUB_BODY. */
const STUB_BODY = '{"model_name":"bench","model_version":"v1","id":"bench","outputs":[{"name":"probabilities","datatype":"FP32","shape":[1,2],"data":[0.25,0.75]}]}';
const IDS = ['prompt_injection', 'pii', 'entropy', 'schema', 'ood', 'squeeze', 'output'];

function argValues(name) {
  const out = [];
  for (let i = 0; i < process.argv.length; i++) if (process.argv[i] === name && process.argv[i + 1] !== undefined) out.push(process.argv[i + 1]);
  return out;
}
const N = Number(argValues('--n')[0] ?? 200_000);
const CHUNK = Number(argValues('--chunk')[0] ?? 5_000);
const JSON_OUT = process.argv.includes('--json');
const ROOTS = argValues('--root').length > 0 ? argValues('--root') : ['src'];
const log = (line) => process.stderr.write(`${line}\n`);

/** The gateway's inspector table for the bench config, from the sources under `root` (src/ with tsx, or a built dist/). */
async function loadBuild(root) {
  const dir = resolve(root);
  const ext = /(^|\/)src\/?$/.test(dir) ? '.ts' : '.js';
  const load = (path) => import(pathToFileURL(`${dir}/${path}${ext}`).href);
  const [{ parseConfig }, { createMemoryStore }, { startInspection }, { buildGatewayState }, { Exchange }] = await Promise.all([
    load('config/index'),
    load('store/memory/memory-store'),
    load('app/inspector-resources'),
    load('gateway/gateway-state'),
    load('gateway/exchange'),
  ]);
  const configText = JSON.stringify({
    server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0' },
    store: { kind: 'memory' },
    keys: [],
    models: { bench: { protocol: 'oip-v2', versions: { v1: { upstream: 'http://127.0.0.1:9', timeoutMs: 10_000 } }, route: { active: 'v1' }, inspectors: IDS } },
  });
  const config = parseConfig(configText, { file: 'bench.yaml', env: {} });
  const store = createMemoryStore();
  await store.start();
  const errors = [];
  const timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (t) => clearTimeout(t) };
  const inspection = await startInspection(config, undefined, { registry: store.registry, documents: store.documents, cwd: process.cwd(), timers, onError: (e) => errors.push(e) });
  const state = buildGatewayState(config, { acquire: () => ({}) }, inspection.definitions, (e) => errors.push(e));
  const model = state.models.get('bench');
  if (model.inspectors.map((i) => i.id).join() !== IDS.join()) throw new Error(`${root}: bound inspectors ${model.inspectors.map((i) => i.id)}`);
  return { root, Exchange, state, model, errors };
}

const requestBytes = Buffer.from(REQUEST_BODY);
const responseBytes = Buffer.from(STUB_BODY);
const req = { headers: { 'content-type': 'application/json' } };
const res = {};

/** A fresh copy, as the socket read hands over fresh bytes per request. */
function copyOf(bytes) {
  const out = Buffer.allocUnsafe(bytes.length);
  bytes.copy(out);
  return out;
}

/** The `inspect` interceptor's `run`. */
function run(build, inspector, ex, phase) {
  const hook = inspector[phase];
  if (hook === undefined) return;
  try {
    hook.call(inspector, ex, ex.signals);
  } catch (err) {
    ex.signals[`${inspector.id}_error`] = true;
    build.errors.push(err);
  }
}

/** One request through the first `k` inspectors; resolves with its exchange. */
async function oneRequest(build, k, i) {
  const ex = new build.Exchange({ id: `r${i}`, receivedAt: 0, startMono: 0, req, res, endpoint: 'oip-infer', protocol: 'oip-v2', pathModel: 'bench', state: build.state });
  // body interceptor
  const body = copyOf(requestBytes);
  ex.body = body;
  ex.json = JSON.parse(body.toString('utf8'));
  // route
  ex.model = build.model;
  ex.version = 'v1';
  const inspectors = build.model.inspectors;
  for (let j = 0; j < k; j++) {
    const inspector = inspectors[j];
    run(build, inspector, ex, 'inspectRequest');
    if (inspector.needsResponseBody === true) ex.captureResponse();
  }
  await undefined; // the upstream call
  ex.status = 200;
  // The upstream's bytes arrive either way; capturing only keeps them (forward.ts).
  const chunk = copyOf(responseBytes);
  const sent = ex.capturing ? chunk : undefined;
  ex.response = { status: 200, headers: { 'content-type': 'application/json' }, body: sent, upstreamBody: sent, text: undefined };
  for (let j = 0; j < k; j++) run(build, inspectors[j], ex, 'inspectResponse');
  void ex.features; // the recorder's RequestEvent
  return ex;
}

/** One request with all inspectors, each hook timed with hrtime; adds each inspector's ns into `into[j][i]`. */
async function timedRequest(build, i, into) {
  const ex = new build.Exchange({ id: `r${i}`, receivedAt: 0, startMono: 0, req, res, endpoint: 'oip-infer', protocol: 'oip-v2', pathModel: 'bench', state: build.state });
  const body = copyOf(requestBytes);
  ex.body = body;
  ex.json = JSON.parse(body.toString('utf8'));
  ex.model = build.model;
  ex.version = 'v1';
  const inspectors = build.model.inspectors;
  for (let j = 0; j < inspectors.length; j++) {
    const inspector = inspectors[j];
    const t0 = process.hrtime.bigint();
    run(build, inspector, ex, 'inspectRequest');
    if (inspector.needsResponseBody === true) ex.captureResponse();
    into[j][i] = Number(process.hrtime.bigint() - t0);
  }
  await undefined;
  ex.status = 200;
  const chunk = copyOf(responseBytes);
  const sent = ex.capturing ? chunk : undefined;
  ex.response = { status: 200, headers: { 'content-type': 'application/json' }, body: sent, upstreamBody: sent, text: undefined };
  for (let j = 0; j < inspectors.length; j++) {
    const t0 = process.hrtime.bigint();
    run(build, inspectors[j], ex, 'inspectResponse');
    into[j][i] += Number(process.hrtime.bigint() - t0);
  }
  void ex.features;
}

/** The cost of the two timer reads around nothing, per hook (subtracted from the timed hooks). */
function timerOverheadNs(n) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return trimmedMean(samples);
}

/** Mean without the slowest 1% (preemptions on a shared machine). */
function trimmedMean(samples) {
  const s = Float64Array.from(samples).sort();
  const keep = Math.max(1, Math.floor(s.length * 0.99));
  let sum = 0;
  for (let i = 0; i < keep; i++) sum += s[i];
  return sum / keep;
}

async function loop(build, k, n) {
  for (let i = 0; i < n; i++) await oneRequest(build, k, i);
}

/** CPU ns per request of `n` requests with the first `k` inspectors. */
async function cpuNs(build, k, n) {
  const t0 = process.cpuUsage();
  await loop(build, k, n);
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1000) / n;
}

let gcs = 0;
new PerformanceObserver((list) => (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });
/** Lets the observer see the GCs so far (its entries arrive a few ticks late). */
const settle = () => new Promise((r) => setTimeout(r, 2));

/** Bytes in the young generation, where a request's garbage is allocated. */
function newSpaceUsed() {
  for (const space of v8.getHeapSpaceStatistics()) if (space.space_name === 'new_space') return space.space_used_size;
  return process.memoryUsage().heapUsed;
}

/** `n` exchanges as the gateway hands them to the inspectors, with the responses to set after their request hooks. */
function prebuilt(build, k, n) {
  const capture = build.model.inspectors.slice(0, k).some((i) => i.needsResponseBody === true);
  const out = [];
  for (let i = 0; i < n; i++) {
    const ex = new build.Exchange({ id: `r${i}`, receivedAt: 0, startMono: 0, req, res, endpoint: 'oip-infer', protocol: 'oip-v2', pathModel: 'bench', state: build.state });
    ex.body = copyOf(requestBytes);
    ex.json = JSON.parse(ex.body.toString('utf8'));
    ex.model = build.model;
    ex.version = 'v1';
    const sent = capture ? copyOf(responseBytes) : undefined;
    out.push({ ex, response: { status: 200, headers: { 'content-type': 'application/json' }, body: sent, upstreamBody: sent, text: undefined } });
  }
  return out;
}

/**
 * Bytes the first `k` inspectors allocate per request: the young generation's growth while
 * their hooks run over prebuilt exchanges (nothing else allocates in that loop), over
 * blocks during which no GC ran; undefined without --expose-gc.
 */
async function bytesPerRequest(build, k) {
  if (typeof globalThis.gc !== 'function') return undefined;
  const block = 200;
  const inspectors = build.model.inspectors;
  const samples = [];
  for (let attempt = 0; attempt < 200 && samples.length < 15; attempt++) {
    const exchanges = prebuilt(build, k, block);
    globalThis.gc();
    await settle();
    const before = gcs;
    const h0 = newSpaceUsed();
    for (let i = 0; i < block; i++) {
      const { ex, response } = exchanges[i];
      for (let j = 0; j < k; j++) {
        run(build, inspectors[j], ex, 'inspectRequest');
        if (inspectors[j].needsResponseBody === true) ex.captureResponse();
      }
      ex.status = 200;
      ex.response = response;
      for (let j = 0; j < k; j++) run(build, inspectors[j], ex, 'inspectResponse');
    }
    const h1 = newSpaceUsed();
    await settle();
    if (gcs === before) samples.push((h1 - h0) / block);
  }
  return samples.length === 0 ? undefined : median(samples);
}

/** The lower quartile: chunks slowed by other processes are the upper ones. */
function lowerQuartile(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 4)];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function signalsOf(build) {
  const ex = await oneRequest(build, IDS.length, 0);
  return ex.signals;
}

const builds = [];
for (const root of ROOTS) builds.push(await loadBuild(root));

// Same signals from every build (the optimisation must not change any).
const reference = await signalsOf(builds[0]);
log(`signals (${builds[0].root}): ${JSON.stringify(reference)}`);
for (const b of builds.slice(1)) {
  const s = await signalsOf(b);
  if (!isDeepStrictEqual(s, reference)) throw new Error(`signals differ: ${b.root} ${JSON.stringify(s)}`);
}

// Warm up every configuration (JIT), then time them in interleaved chunks: a busy spell of
// the machine then lands on every configuration alike, and the lower quartile discards it.
for (const b of builds) for (let k = 0; k <= IDS.length; k++) await loop(b, k, 20_000);
const times = builds.map(() => Array.from({ length: IDS.length + 1 }, () => []));
const chunks = Math.max(1, Math.round(N / CHUNK));
for (let c = 0; c < chunks; c++) {
  for (let k = 0; k <= IDS.length; k++) {
    for (let bi = 0; bi < builds.length; bi++) times[bi][k].push(await cpuNs(builds[bi], k, CHUNK));
  }
  if ((c + 1) % 10 === 0) log(`chunk ${c + 1}/${chunks}`);
}

// Per-hook self time, all inspectors on (hrtime around each hook; two hooks per inspector per request).
const hookNs = [];
for (const b of builds) {
  const into = IDS.map(() => new Float64Array(N));
  for (let i = 0; i < 20_000; i++) await timedRequest(b, i, IDS.map(() => new Float64Array(20_000)));
  await (async () => {
    for (let i = 0; i < N; i++) await timedRequest(b, i, into);
  })();
  const overhead = 2 * timerOverheadNs(200_000);
  hookNs.push(into.map((samples) => Math.max(0, trimmedMean(samples) - overhead)));
}

const results = [];
for (let bi = 0; bi < builds.length; bi++) {
  const b = builds[bi];
  const med = times[bi].map(lowerQuartile);
  const bytes = [];
  for (let k = 0; k <= IDS.length; k++) bytes.push(await bytesPerRequest(b, k));
  const perInspector = {};
  IDS.forEach((id, j) => {
    perInspector[id] = { ns: Math.round(med[j + 1] - med[j]), hookNs: Math.round(hookNs[bi][j]), ...(bytes[j + 1] === undefined ? {} : { bytes: Math.round(bytes[j + 1] - bytes[j]) }) };
  });
  results.push({
    root: b.root,
    n: N,
    chunk: CHUNK,
    harnessNsPerRequest: Math.round(med[0]),
    allNsPerRequest: Math.round(med[IDS.length]),
    inspectorsNsPerRequest: Math.round(med[IDS.length] - med[0]),
    inspectorsHookNsPerRequest: Math.round(hookNs[bi].reduce((a, x) => a + x, 0)),
    ...(bytes[0] === undefined ? {} : { inspectorsBytesPerRequest: Math.round(bytes[IDS.length] - bytes[0]) }),
    perInspector,
    errors: b.errors.length,
  });
}

for (const r of results) {
  log(`\n${r.root}: N=${r.n} requests per configuration in chunks of ${r.chunk} (lower-quartile chunk); harness ${r.harnessNsPerRequest} ns/request, with all inspectors ${r.allNsPerRequest} ns/request`);
  log(`  all 7 inspectors: ${r.inspectorsNsPerRequest} ns/request (cpuUsage), ${r.inspectorsHookNsPerRequest} ns/request (sum of hook self times)${r.inspectorsBytesPerRequest === undefined ? '' : `, ${r.inspectorsBytesPerRequest} B/request`}`);
  log(`  ${'inspector'.padEnd(17)} ${'cpuUsage'.padStart(9)} ${'hook self'.padStart(10)}${r.inspectorsBytesPerRequest === undefined ? '' : '   heap'}`);
  for (const [id, v] of Object.entries(r.perInspector)) log(`  ${id.padEnd(17)} ${String(v.ns).padStart(6)} ns ${String(v.hookNs).padStart(7)} ns${v.bytes === undefined ? '' : `  ${String(v.bytes).padStart(5)} B`}`);
  if (r.errors > 0) log(`  (${r.errors} inspector errors)`);
}
if (JSON_OUT) process.stdout.write(`${JSON.stringify(results)}\n`);
process.exit(0);
