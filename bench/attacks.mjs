/**
 * bench:attacks — speed of the white-box attacks (issue 10, item 5).
 *
 * The model is the repository's optdigits MLP: 64-32-10, logits, trained here with the
 * repository's own trainer exactly as `bulwark train digits` does (seed 1, 40 epochs;
 * sha256 e3ae19ab…), and loaded through the ONNX→TF.js importer (TF.js wasm backend for
 * predictions and gradients). The inputs are the first 1,000 digits of optdigits.tes,
 * pixels / 16 in [0, 1], with their true labels. Timed: `runAttack` end to end (validation,
 * the clean predictions, the attack, the final predictions and the per-sample results):
 *
 * - PGD-40 L∞, ε 0.1, step 0.01, from the input (ART's num_random_init=0), one batch;
 * - FGSM L∞, ε 0.1;
 * - for context, a bare TF.js loop doing the same PGD steps on tensors (no projection
 *   bookkeeping, no results): the floor the runner's host-array loop is compared with.
 *
 * The peer (issue 10): ART 1.x with PyTorch on the CPU, one thread, on the same model:
 * PGD ≈ 0.3 s, FGSM ≈ 0.03 s on this machine.
 *
 *   npm run bench:attacks                 # 7 timed runs each after a warm-up, table on stderr
 *   npm run bench:attacks -- --json       # last line: one JSON object
 *   npm run bench:attacks -- --runs 15
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import * as tf from '@tensorflow/tfjs';
import { OnnxRuntimeModel, TfjsImportedModel } from '../dist/models/index.js';
import { readOptdigitsFile } from '../dist/models/io/index.js';
import { trainDigits } from '../dist/models/train/index.js';
import { runAttack } from '../dist/redteam/index.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const SAMPLES = 1000;
const log = (line) => process.stderr.write(`${line}\n`);

const dataDir = process.env.BULWARK_SHARED_DATA ?? resolve(import.meta.dirname, '..', '..', 'shared', 'data');
const tra = resolve(dataDir, 'images', 'optdigits.tra');
const tes = resolve(dataDir, 'images', 'optdigits.tes');
if (!existsSync(tra) || !existsSync(tes)) {
  log(`optdigits is missing: ${tra} / ${tes} (set BULWARK_SHARED_DATA)`);
  process.exit(2);
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

/** Wall and CPU time of `fn`, in seconds. */
async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function series(name, fn) {
  await fn(); // warm-up: kernels compiled, buffers allocated
  const walls = [];
  const cpus = [];
  let value;
  for (let i = 0; i < RUNS; i++) {
    const t = await timed(fn);
    walls.push(t.wall);
    cpus.push(t.cpu);
    value = t.value;
  }
  const row = { name, wall_median_s: median(walls), wall_min_s: Math.min(...walls), cpu_median_s: median(cpus), runs: RUNS };
  log(`${name.padEnd(34)} median ${row.wall_median_s.toFixed(3)} s  min ${row.wall_min_s.toFixed(3)} s  cpu ${row.cpu_median_s.toFixed(3)} s`);
  return { row, value };
}

/** The same PGD steps as bare TF.js tensor code: the floor for this model on this backend. */
function rawPgd(model, x, labels) {
  const xt = tf.tensor(x, [SAMPLES, 64]);
  const yt = tf.tensor1d(labels, 'int32');
  const lo = tf.maximum(tf.sub(xt, 0.1), 0);
  const hi = tf.minimum(tf.add(xt, 0.1), 1);
  const grad = tf.grad((t) => tf.sum(model.tfLoss(t, yt)));
  let adv = xt.clone();
  for (let s = 0; s < 40; s++) {
    const next = tf.tidy(() => tf.minimum(tf.maximum(tf.add(adv, tf.mul(tf.sign(grad(adv)), 0.01)), lo), hi));
    adv.dispose();
    adv = next;
  }
  return adv.data().finally(() => tf.dispose([adv, xt, yt, lo, hi]));
}

async function main() {
  const train = await readOptdigitsFile(tra, { scale: true });
  const test = await readOptdigitsFile(tes, { scale: true });
  const trained = trainDigits(train, test, { seed: 1 });
  const model = await TfjsImportedModel.fromBytes(trained.bytes);
  const x = Float32Array.from(test.x.subarray(0, SAMPLES * 64));
  const labels = Int32Array.from(test.y.subarray(0, SAMPLES));
  log(`optdigits MLP 64-32-10 (sha256 ${trained.metrics.onnxSha256.slice(0, 12)}…, test accuracy ${trained.metrics.testAccuracy.toFixed(4)}), ${SAMPLES} samples, TF.js backend ${tf.getBackend()}, ${RUNS} runs after a warm-up`);
  const common = { model, x, shape: [SAMPLES, 64], labels };
  const pgd = await series('PGD-40 L∞ ε 0.1 step 0.01', () => runAttack({ ...common, attack: 'pgd', params: { steps: 40, stepSize: 0.01 }, threat: { eps: 0.1, clip: [0, 1] } }));
  const fgsm = await series('FGSM L∞ ε 0.1', () => runAttack({ ...common, attack: 'fgsm', threat: { eps: 0.1, clip: [0, 1] } }));
  const raw = await series('bare TF.js PGD-40 loop (context)', () => rawPgd(model, x, labels));
  const figures = (run) => ({ success_rate: run.summary.success_rate, robust_accuracy: run.summary.robust_accuracy, clean_accuracy: run.summary.clean_accuracy, queries_per_sample: run.summary.queries.mean });
  log(`PGD: success ${pgd.value.summary.success_rate}, robust accuracy ${pgd.value.summary.robust_accuracy} (clean ${pgd.value.summary.clean_accuracy}); FGSM: success ${fgsm.value.summary.success_rate}, robust accuracy ${fgsm.value.summary.robust_accuracy}`);
  log('peer (issue 10): ART + PyTorch CPU, one thread: PGD ≈ 0.3 s, FGSM ≈ 0.03 s');
  model.dispose();
  const result = {
    bench: 'attacks',
    model: { name: 'optdigits MLP 64-32-10', sha256: trained.metrics.onnxSha256, test_accuracy: trained.metrics.testAccuracy },
    samples: SAMPLES,
    backend: tf.getBackend(),
    pgd: { ...pgd.row, ...figures(pgd.value) },
    fgsm: { ...fgsm.row, ...figures(fgsm.value) },
    raw_tfjs_pgd: raw.row,
    square: await squareQueries(trained.bytes, x, labels),
    peer: { art_pytorch_cpu_pgd_s: 0.3, art_pytorch_cpu_fgsm_s: 0.03 },
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
}

// --- Square Attack: queries to success (issue 10, item 5; black-box half) ----------------
// Separate from the white-box timings above. Square Attack is score-based: it runs on
// onnxruntime predictions (what a deployed model answers), not on the TF.js graph. One run
// per setting (a 10,000-query budget is long for the digits it cannot break); queries are
// counted by the attack's oracle and reported for the successful digits, as in the paper
// (mean and median "queries to success"). Settings: ε 0.1 with the paper's default
// p_init 0.05 (the PGD ε above), and the paper's MNIST budget ε 0.3 with p_init 0.8.
async function squareQueries(bytes, x, labels) {
  const model = await OnnxRuntimeModel.create(bytes);
  const settings = [
    { name: 'Square L∞ ε 0.1, p 0.05, ≤ 10,000 queries', eps: 0.1, params: {} },
    { name: 'Square L∞ ε 0.3, p 0.8, ≤ 10,000 queries', eps: 0.3, params: { pInit: 0.8 } },
  ];
  const rows = [];
  for (const s of settings) {
    const t = await timed(() => runAttack({ model, x, shape: [SAMPLES, 64], labels, attack: 'square', params: s.params, threat: { knowledge: 'score-based', eps: s.eps, maxQueries: 10_000, clip: [0, 1] } }));
    const won = t.value.results.filter((r) => r.success && r.clean_pred === r.label).map((r) => r.queries);
    const mean = won.reduce((a, b) => a + b, 0) / Math.max(won.length, 1);
    const row = { name: s.name, success_rate: t.value.summary.success_rate_eligible, queries_to_success_mean: Number(mean.toFixed(1)), queries_to_success_median: median(won), queries_total: t.value.summary.queries.total, wall_s: t.wall, cpu_s: t.cpu };
    log(`${s.name.padEnd(40)} success ${(100 * row.success_rate).toFixed(1)}%  queries to success mean ${row.queries_to_success_mean}, median ${row.queries_to_success_median}  ${t.wall.toFixed(2)} s`);
    rows.push(row);
  }
  model.dispose();
  return rows;
}

main().catch((err) => {
  log(err?.stack ?? String(err));
  process.exit(1);
});
