/**
 * @module bench/serve
 * Macro benchmark of `bulwark serve-model` (issue 3, item 4): trains the tabular model with
 * `bulwark train tabular` on ../shared/data/tabular/uci-default-credit-card.csv (or, when
 * the command or the data is absent, builds a 23-32-2 MLP with the ONNX builder and says
 * so), starts `serve-model` as a child process on a free port, warms up, then drives
 * POST /v2/models/credit/infer with autocannon at a fixed number of connections for a
 * fixed duration. For scale it also times `predict` in-process (the model alone) and a bare
 * node:http server answering the same bytes without parsing or a model (the floor).
 *
 * Run from the root: `npm run bench:serve` (`-- --json` prints one JSON object as the
 * last line; `-- --model FILE` benches another ONNX model with a [-1, N] input).
 * Results are recorded in bench/RESULTS.md, never asserted by tests (STYLE.md §6).
 */
/* global fetch -- Node 20's global; the lint config gives bench/ no environment globals */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const CONNECTIONS = 10;
const DURATION_S = 10;
const WARMUP_S = 3;
const BATCH = 1;
const PIPELINING = 1;
const DIRECT_CALLS = 20_000;
const HIDDEN = 32; // fallback MLP; `bulwark train tabular` uses its own default (32)
const FEATURES = 23;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'bulwark.js');
const CSV = process.env.BULWARK_SHARED_DATA
  ? join(process.env.BULWARK_SHARED_DATA, 'tabular', 'uci-default-credit-card.csv')
  : resolve(ROOT, '..', 'shared', 'data', 'tabular', 'uci-default-credit-card.csv');

const log = (line) => process.stderr.write(`${line}\n`);

/** Trains with the CLI when it can; otherwise builds a seeded MLP and says why. */
async function prepareModel(work) {
  const given = argValue('--model');
  if (given !== undefined) return { path: resolve(given), source: `given: ${given}` };
  const out = join(work, 'credit.onnx');
  const hasTrain = spawnSync(process.execPath, [BIN, 'train', 'tabular', '--help'], { encoding: 'utf8' }).status === 0;
  if (hasTrain && existsSync(CSV)) {
    const run = spawnSync(process.execPath, [BIN, 'train', 'tabular', '--csv', CSV, '--target', 'Y', '--exclude', 'ID', '--out', out, '--json'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`bulwark train tabular failed: ${run.stderr}`);
    const metrics = JSON.parse(run.stdout.trim().split('\n').pop());
    return { path: out, source: `bulwark train tabular on uci-default-credit-card.csv (hidden ${metrics.settings.hidden}, hold-out AUC ${metrics.holdout.auc.toFixed(3)})` };
  }
  const why = hasTrain ? `${CSV} is absent` : '`bulwark train tabular` is not available';
  await writeFile(out, await builderMlp());
  return { path: out, source: `builder MLP ${FEATURES}-${HIDDEN}-2, seeded random weights (${why})` };
}

/** A 23-32-2 Gemm/Relu/Gemm/Softmax graph with seeded weights. */
async function builderMlp() {
  const { OnnxGraphBuilder } = await import('../dist/models/index.js');
  let s = 7;
  const rand = (n, scale) => Float32Array.from({ length: n }, () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31 - 0.5) * 2 * scale);
  const b = new OnnxGraphBuilder({ name: 'credit' });
  const x = b.input('features', ['batch', FEATURES]);
  const h = b.node('Relu', [b.node('Gemm', [x, b.initializer('w1', rand(HIDDEN * FEATURES, 1 / Math.sqrt(FEATURES)), [HIDDEN, FEATURES]), b.initializer('b1', new Float32Array(HIDDEN), [HIDDEN])], { transB: 1 })]);
  const z = b.node('Gemm', [h, b.initializer('w2', rand(2 * HIDDEN, 1 / Math.sqrt(HIDDEN)), [2, HIDDEN]), b.initializer('b2', new Float32Array(2), [2])], { transB: 1 });
  b.output(b.node('Softmax', [z], { axis: 1 }, { outputs: ['probabilities'] }), ['batch', 2]);
  return b.toBytes();
}

/** The first BATCH data rows of the CSV without ID and Y, or seeded values when it is absent. */
function sampleRows(features) {
  if (features === FEATURES && existsSync(CSV)) {
    const lines = readFileSync(CSV, 'utf8').split('\n', BATCH + 1).slice(1);
    return { rows: lines.map((l) => l.split(',').slice(1, 1 + FEATURES).map(Number)), source: 'first rows of uci-default-credit-card.csv' };
  }
  return { rows: Array.from({ length: BATCH }, (_, r) => Array.from({ length: features }, (_, i) => ((r * 31 + i * 17) % 100) / 10)), source: 'synthetic rows' };
}

/** Starts a server process and reads its URL from its first stdout line (`… at http://…`). */
async function startChild(args, env = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${args[0]} exited with ${code} before printing its URL`);
  });
  const [line] = await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited]);
  const url = /at (http:\/\/\S+)$/.exec(line)?.[1];
  if (url === undefined) throw new Error(`unexpected first line: ${line}`);
  return { child, url };
}

const startServeModel = (modelPath) => startChild([BIN, 'serve-model', '--model', modelPath, '--name', 'credit', '--version', 'v1', '--port', '0']);

/** The floor: node:http reading the body and answering the same bytes, with no parsing and no model. */
const STUB = `const http = require('node:http'); const body = process.env.STUB_BODY;
const s = http.createServer((q, r) => { q.on('data', () => {}); q.on('end', () => { r.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); r.end(body); }); });
s.listen(0, '127.0.0.1', () => console.log('stub at http://127.0.0.1:' + s.address().port));
process.on('SIGTERM', () => s.close(() => process.exit(0)));`;
const startStub = (expected) => startChild(['-e', STUB], { STUB_BODY: expected });

async function stopServer(child) {
  if (child.exitCode !== null) return child.exitCode;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  return (await exit)[0];
}

/** One request through fetch: a 200 with BATCH × 2 probabilities; returns the exact body, which every answer must repeat. */
async function sanityCheck(url, body) {
  const res = await fetch(`${url}/v2/models/credit/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (res.status !== 200 || JSON.parse(text).outputs?.[0]?.data?.length !== BATCH * 2) throw new Error(`sanity check failed: ${res.status} ${text}`);
  return text;
}

/**
 * Drives the infer endpoint; `samples` collects each 2xx latency in fractional ms.
 * autocannon's own latency histogram has 1 ms resolution (values are truncated), useless
 * below a millisecond, so percentiles are computed from these samples instead.
 */
function load(url, body, expected, duration, samples) {
  const instance = autocannon({
    url: `${url}/v2/models/credit/infer`, method: 'POST', headers: { 'content-type': 'application/json' }, body,
    expectBody: expected, connections: CONNECTIONS, pipelining: PIPELINING, duration,
  });
  if (samples !== undefined) {
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) samples.push(ms);
    });
  }
  return instance;
}

/** Percentiles (nearest rank), mean and max of latency samples, in ms with µs precision. */
function latencyStats(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const round = (ms) => Number(ms.toFixed(3));
  const mean = sorted.reduce((a, v) => a + v, 0) / sorted.length;
  return { p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), mean: round(mean), max: round(sorted[sorted.length - 1] ?? NaN) };
}

/** Mean microseconds per `predict` call in this process (batch BATCH), after a warm-up. */
async function directPredictUs(modelPath, rows) {
  const { loadModel } = await import('../dist/models/index.js');
  const model = await loadModel(modelPath);
  try {
    const x = Float32Array.from(rows.flat());
    const shape = [rows.length, rows[0].length];
    for (let i = 0; i < 1_000; i++) await model.predict(x, shape);
    const start = process.hrtime.bigint();
    for (let i = 0; i < DIRECT_CALLS; i++) await model.predict(x, shape);
    return Number(process.hrtime.bigint() - start) / 1_000 / DIRECT_CALLS;
  } finally {
    model.dispose();
  }
}

function argValue(flag) {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : process.argv[i + 1];
}

function summarize(result, samples, extra) {
  return {
    bench: 'serve-model',
    ...extra,
    connections: CONNECTIONS,
    pipelining: PIPELINING,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    batch: BATCH,
    requests: result.requests.total,
    requestsPerSec: Math.round(result.requests.average),
    latencyMs: latencyStats(samples),
    errors: result.errors + result.timeouts + result.mismatches,
    non2xx: result.non2xx,
    bodyMismatches: result.mismatches,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  };
}

function printHuman(s) {
  const lines = [
    `serve-model benchmark: ${s.connections} connections, ${s.durationS} s (after ${s.warmupS} s warm-up), batch ${s.batch}, pipelining ${s.pipelining}`,
    `  model          ${s.model}`,
    `  request rows   ${s.rows}`,
    `  requests/s     ${s.requestsPerSec} (${s.requests} requests)`,
    `  latency        p50 ${s.latencyMs.p50} ms, p90 ${s.latencyMs.p90} ms, p99 ${s.latencyMs.p99} ms, mean ${s.latencyMs.mean} ms, max ${s.latencyMs.max} ms`,
    `  errors         ${s.errors} (non-2xx ${s.non2xx}, answers differing from the expected body ${s.bodyMismatches})`,
    `  direct predict ${s.directPredictUs} µs per call in-process (onnxruntime, no HTTP)`,
    `  node:http floor ${s.floor.requestsPerSec} requests/s, p50 ${s.floor.latencyMs.p50} ms, p99 ${s.floor.latencyMs.p99} ms (same bytes, no parsing, no model; errors ${s.floor.errors})`,
    `  share of floor ${s.shareOfFloor}`,
    `  server exit    ${s.serverExitCode} on SIGTERM`,
    `  machine        ${s.cpus} × ${s.cpuModel}, node ${s.node} (load generator and server share it)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Warm-up, then the measured run against `url`; returns autocannon's result and the latency samples. */
async function measure(label, url, body, expected) {
  log(`${label}: warming up for ${WARMUP_S} s at ${url}`);
  await load(url, body, expected, WARMUP_S);
  log(`${label}: measuring for ${DURATION_S} s`);
  const samples = [];
  const result = await load(url, body, expected, DURATION_S, samples);
  return { result, samples };
}

/** Benches serve-model; returns the summary, the request body and the expected answer. */
async function benchServeModel(model) {
  const { child, url } = await startServeModel(model.path);
  let out;
  try {
    const meta = await (await fetch(`${url}/v2/models/credit`)).json();
    const input = meta.inputs[0];
    const sample = sampleRows(input.shape[input.shape.length - 1]);
    // A fixed id makes every answer byte-identical, so autocannon checks each one (expectBody).
    const body = JSON.stringify({ id: 'bench', inputs: [{ name: input.name, datatype: 'FP32', shape: [BATCH, sample.rows[0].length], data: sample.rows }] });
    const expected = await sanityCheck(url, body);
    const { result, samples } = await measure('serve-model', url, body, expected);
    const directUs = Number((await directPredictUs(model.path, sample.rows)).toFixed(1));
    out = { summary: summarize(result, samples, { model: model.source, rows: sample.source, directPredictUs: directUs }), body, expected };
  } finally {
    const code = await stopServer(child);
    if (out !== undefined) out.summary.serverExitCode = code;
  }
  return out;
}

async function benchFloor(body, expected) {
  const { child, url } = await startStub(expected);
  try {
    const { result, samples } = await measure('node:http floor', url, body, expected);
    return { requestsPerSec: Math.round(result.requests.average), latencyMs: latencyStats(samples), errors: result.errors + result.timeouts + result.mismatches + result.non2xx };
  } finally {
    await stopServer(child);
  }
}

async function main() {
  const work = await mkdtemp(join(os.tmpdir(), 'bulwark-bench-serve-'));
  try {
    const model = await prepareModel(work);
    log(`model: ${model.source}`);
    const { summary, body, expected } = await benchServeModel(model);
    summary.floor = await benchFloor(body, expected);
    summary.shareOfFloor = Number((summary.requestsPerSec / summary.floor.requestsPerSec).toFixed(2));
    printHuman(summary);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
