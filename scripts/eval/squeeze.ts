/**
 * @module scripts/eval/squeeze
 * The `squeeze` section of `npm run eval:inspectors`: feature squeezing (Xu et al. 2018) on
 * the optdigits MLP (64-32-10, logits; trained here exactly as `bulwark train digits`).
 * The optdigits test file is split in two: the first half calibrates the threshold at a 5%
 * false-positive rate, the second half is evaluated — FPR on its clean images, and the
 * detection rate on FGSM-perturbed versions of them (ε = 0.05…0.3, white-box, gradients from
 * the model's `lossGradient`), on every perturbed image and on those the attack succeeded
 * on. The OOD inspector on the same 64 pixels (baseline: the training images, p99) and the
 * two together are reported beside it. Also the cost of one squeeze call (onnxruntime).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDatasetBaseline } from '../../src/inspect/baseline/index.js';
import { compileOod } from '../../src/inspect/ood/index.js';
import { calibrateThreshold, createSqueezer } from '../../src/inspect/squeeze/index.js';
import type { SqueezerOptions } from '../../src/inspect/squeeze/index.js';
import { loadModel, requireGradients } from '../../src/models/index.js';
import type { Model } from '../../src/models/index.js';
import { readOptdigitsFile } from '../../src/models/io/index.js';
import { trainDigits } from '../../src/models/train/index.js';
import type { EvalContext, EvalSection } from './prompt-injection.js';
import { latencyAsync, pct } from './timing.js';

const TITLE = 'Inspectors: feature squeezing (issue 5)';
const FPR = 0.05;
const EPSILONS = [0.05, 0.1, 0.2, 0.3];
const PIXELS = 64;

/** FGSM (Goodfellow et al. 2015): one step of ε along the sign of the loss gradient, clipped to [0, 1]. */
async function fgsm(model: Model, x: Float32Array, y: Int32Array, eps: number): Promise<Float32Array> {
  const { grad } = await requireGradients(model)(x, [y.length, PIXELS], y);
  return x.map((v, i) => Math.min(1, Math.max(0, v + eps * Math.sign(grad[i] as number))));
}

async function predictions(model: Model, x: Float32Array, n: number): Promise<Int32Array> {
  const { data } = await model.predict(x, [n, PIXELS]);
  const classes = data.length / n;
  return Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let k = 1; k < classes; k++) if ((data[i * classes + k] as number) > (data[i * classes + best] as number)) best = k;
    return best;
  });
}

interface Split {
  readonly calib: Float32Array;
  readonly nCalib: number;
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
}

/** Flags of one detector on the clean evaluation half and on each ε's perturbed images. */
type Flags = { clean: boolean[]; adversarial: Map<number, boolean[]> };

async function squeezeFlags(model: Model, signature: Parameters<typeof createSqueezer>[0]['signature'], split: Split, advs: Map<number, Float32Array>, options: SqueezerOptions): Promise<Flags & { threshold: number; squeezers: readonly string[] }> {
  const squeezer = createSqueezer({ predictor: model, signature }, options);
  const threshold = calibrateThreshold(await squeezer.score(split.calib, split.nCalib), FPR);
  const flags = async (x: Float32Array) => Array.from(await squeezer.score(x, split.n), (s) => s > threshold);
  const adversarial = new Map<number, boolean[]>();
  for (const [eps, x] of advs) adversarial.set(eps, await flags(x));
  return { threshold, squeezers: squeezer.squeezers, clean: await flags(split.x), adversarial };
}

function oodFlags(train: Float32Array, nTrain: number, split: Split, advs: Map<number, Float32Array>): Flags & { threshold: number } {
  const rows = Array.from({ length: nTrain }, (_, i) => train.subarray(i * PIXELS, (i + 1) * PIXELS));
  const ood = compileOod(buildDatasetBaseline({ names: Array.from({ length: PIXELS }, (_, i) => `p${i}`), rows }, { model: 'digits', version: 'v1', builtAt: '', source: { path: 'optdigits.tra', sha256: '' } }));
  const flags = (x: Float32Array) => Array.from({ length: split.n }, (_, i) => ood.score(x.subarray(i * PIXELS, (i + 1) * PIXELS)).mahalanobis > ood.threshold);
  return { threshold: ood.threshold, clean: flags(split.x), adversarial: new Map([...advs].map(([eps, x]) => [eps, flags(x)])) };
}

const rate = (flags: readonly boolean[], where: readonly boolean[] = flags.map(() => true)) => {
  let hit = 0;
  let total = 0;
  flags.forEach((f, i) => {
    if (!where[i]) return;
    total++;
    if (f) hit++;
  });
  return total === 0 ? Number.NaN : hit / total;
};

/**
 * @example
 * await evaluateSqueeze({ dataDir: '../shared/data', projectRoot: '.' });
 */
export async function evaluateSqueeze(ctx: EvalContext): Promise<EvalSection> {
  const tra = join(ctx.dataDir, 'images', 'optdigits.tra');
  const tes = join(ctx.dataDir, 'images', 'optdigits.tes');
  if (!existsSync(tra) || !existsSync(tes)) return { title: TITLE, lines: [`skipped: ${tra} or ${tes} is absent`], metrics: { skipped: true } };
  const train = await readOptdigitsFile(tra, { scale: true });
  const test = await readOptdigitsFile(tes, { scale: true });
  const trained = trainDigits(train, test, { seed: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-eval-squeeze-'));
  await writeFile(join(dir, 'digits.onnx'), trained.bytes);
  const model = await loadModel(join(dir, 'digits.onnx'), { differentiable: true });
  try {
    const half = Math.floor(test.n / 2);
    const split: Split = { calib: test.x.subarray(0, half * PIXELS), nCalib: half, x: test.x.slice(half * PIXELS), y: test.y.slice(half), n: test.n - half };
    const advs = new Map<number, Float32Array>();
    for (const eps of EPSILONS) advs.set(eps, await fgsm(model, split.x, split.y, eps));
    const success = new Map<number, boolean[]>();
    for (const [eps, x] of advs) success.set(eps, Array.from(await predictions(model, x, split.n), (p, i) => p !== split.y[i]));
    return await report(model, trained, split, advs, success, train);
  } finally {
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

async function report(model: Model, trained: ReturnType<typeof trainDigits>, split: Split, advs: Map<number, Float32Array>, success: Map<number, boolean[]>, train: { x: Float32Array; n: number }): Promise<EvalSection> {
  const lines: string[] = [];
  const metrics: Record<string, unknown> = { testAccuracy: trained.metrics.testAccuracy, calibration: split.nCalib, evaluated: split.n, targetFpr: FPR };
  lines.push(`optdigits MLP 64-32-10 (test accuracy ${trained.metrics.testAccuracy.toFixed(4)}); threshold calibrated on the first ${split.nCalib} test images at FPR ${pct(FPR)}, evaluated on the other ${split.n}.`);
  lines.push(`FGSM success rate (prediction changed): ${EPSILONS.map((e) => `ε ${e}: ${pct(rate(success.get(e) ?? []))}`).join(', ')}.`, '');
  lines.push(`| detector | threshold | FPR (clean) | ${EPSILONS.map((e) => `detected ε ${e} (all / successful)`).join(' | ')} |`);
  lines.push(`|---|---|---|${EPSILONS.map(() => '---').join('|')}|`);
  const row = (name: string, threshold: number, f: Flags) => {
    const cells = EPSILONS.map((e) => `${pct(rate(f.adversarial.get(e) ?? []))} / ${pct(rate(f.adversarial.get(e) ?? [], success.get(e)))}`);
    lines.push(`| ${name} | ${Number.isNaN(threshold) ? '-' : threshold.toFixed(3)} | ${pct(rate(f.clean))} | ${cells.join(' | ')} |`);
    metrics[name] = { threshold: Number.isNaN(threshold) ? null : threshold, fpr: rate(f.clean), detection: Object.fromEntries(EPSILONS.map((e) => [e, { all: rate(f.adversarial.get(e) ?? []), successful: rate(f.adversarial.get(e) ?? [], success.get(e)) }])) };
  };
  let defaultFlags: Flags | undefined;
  for (const options of [{}, { bits: 1 }, { bits: 2 }, { bits: 3 }, { bits: 5 }, { bits: 4, median: true }] as SqueezerOptions[]) {
    const f = await squeezeFlags(model, trained.signature, split, advs, options);
    row(`squeeze ${f.squeezers.join(' + ')}${Object.keys(options).length === 0 ? ' (default)' : ''}`, f.threshold, f);
    defaultFlags ??= f;
  }
  const ood = oodFlags(train.x, train.n, split, advs);
  row('ood (Mahalanobis, 64 pixels, p99 of the training images)', ood.threshold, ood);
  const either = (a: Flags, b: Flags): Flags => ({ clean: a.clean.map((x, i) => x || (b.clean[i] ?? false)), adversarial: new Map(EPSILONS.map((e) => [e, (a.adversarial.get(e) ?? []).map((x, i) => x || (b.adversarial.get(e)?.[i] ?? false))])) });
  if (defaultFlags !== undefined) row('squeeze (default) or ood', Number.NaN, either(defaultFlags, ood));
  const squeezer = createSqueezer({ predictor: model, signature: trained.signature });
  const one = Array.from({ length: 500 }, (_, i) => split.x.slice((i % split.n) * PIXELS, ((i % split.n) + 1) * PIXELS));
  const lat = await latencyAsync((x) => squeezer.score(x, 1), one);
  metrics['latency'] = lat;
  lines.push('', `One squeeze call (1 image: original + 1 squeezed version in one onnxruntime batch): p50 ${lat.p50Micros} µs, p99 ${lat.p99Micros} µs — run after the response, off the request path.`);
  return { title: TITLE, lines, metrics };
}
