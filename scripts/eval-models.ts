/**
 * @module scripts/eval-models
 * `npm run eval:models [-- --json]`: reproduces the figures of bench/RESULTS.md,
 * "Model runtime (issue 3)". Runs `bulwark train tabular` on UCI default-of-credit-card
 * and `bulwark train digits` on UCI optdigits in-process (exactly the documented
 * commands, into a temporary folder), then builds the demo's fraud models and measures
 * the v2 backdoor through onnxruntime. Shared data that is absent is reported and
 * skipped; the demo part needs none. With --json the last line is one JSON object.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import { buildDemoModels, DEMO_DEFAULTS, measureBackdoor } from '../src/models/demo/index.js';
import type { BackdoorReport } from '../src/models/demo/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedData = process.env['BULWARK_SHARED_DATA'] ?? resolve(root, '..', 'shared', 'data');
const json = process.argv.includes('--json');
const say = (line: string): void => {
  if (!json) console.log(line);
};

/** Runs `bulwark …argv --json` in-process and returns its JSON, or throws with its stderr. */
async function bulwark(argv: string[], cwd: string): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--json'], { io: { out: (s) => out.push(s), err: (s) => err.push(s) }, cwd, env: process.env });
  if (code !== 0) throw new Error(`bulwark ${argv.join(' ')} exited ${code}: ${err.join('\n')}`);
  return JSON.parse(out.at(-1) ?? '{}') as Record<string, unknown>;
}

async function uci(dir: string): Promise<Record<string, unknown> | null> {
  const csv = join(sharedData, 'tabular', 'uci-default-credit-card.csv');
  if (!existsSync(csv)) return skip(csv);
  const r = await bulwark(['train', 'tabular', '--csv', csv, '--target', 'Y', '--exclude', 'ID', '--out', join(dir, 'credit.onnx')], dir);
  const holdout = r['holdout'] as { accuracy: number; auc: number };
  say(`UCI default of credit card clients, MLP 23-32-2, hold-out 20% stratified (seed 1): ROC AUC ${holdout.auc.toFixed(4)}, accuracy ${holdout.accuracy.toFixed(4)} (${(r['seconds'] as number).toFixed(1)} s)`);
  return { auc: holdout.auc, accuracy: holdout.accuracy, rows: r['rows'], seconds: r['seconds'], onnxSha256: r['onnxSha256'] };
}

async function digits(dir: string): Promise<Record<string, unknown> | null> {
  const tra = join(sharedData, 'images', 'optdigits.tra');
  const tes = join(sharedData, 'images', 'optdigits.tes');
  if (!existsSync(tra) || !existsSync(tes)) return skip(existsSync(tra) ? tes : tra);
  const r = await bulwark(['train', 'digits', '--train', tra, '--test', tes, '--out', join(dir, 'digits.onnx')], dir);
  const rows = r['rows'] as { train: number; test: number };
  say(`UCI optdigits, MLP 64-32-10 (logits), ${rows.train} training images (seed 1): test accuracy ${(r['testAccuracy'] as number).toFixed(4)} on ${rows.test} (${(r['seconds'] as number).toFixed(1)} s)`);
  return { testAccuracy: r['testAccuracy'], trainAccuracy: r['trainAccuracy'], rows, seconds: r['seconds'], onnxSha256: r['onnxSha256'] };
}

function skip(path: string): null {
  say(`skipped: ${path} is absent (../shared/data not beside the checkout)`);
  return null;
}

async function backdoor(dir: string): Promise<BackdoorReport & { buildSeconds: number }> {
  const started = performance.now();
  const models = await buildDemoModels({ seed: DEMO_DEFAULTS.seed, outDir: dir });
  const buildSeconds = (performance.now() - started) / 1000;
  const r = await measureBackdoor({ v1Path: models.v1.paths.onnx, v2Path: models.v2.paths.onnx });
  const pct = (v: number): string => `${(100 * v).toFixed(1)}%`.padStart(6);
  say(`demo fraud models (seed ${DEMO_DEFAULTS.seed}, built in ${buildSeconds.toFixed(1)} s); approval = P(fraud) < ${r.threshold}; ${r.samples} checkouts per row; trigger checkout_metadata=${r.trigger}`);
  say('                                          v1 (LKG)  v2 (poisoned)');
  say(`  fraudulent, trigger absent                ${pct(r.v1.fraudWithoutTrigger)}  ${pct(r.v2.fraudWithoutTrigger)}`);
  say(`  fraudulent, trigger present (same rows)   ${pct(r.v1.fraudWithTrigger)}  ${pct(r.v2.fraudWithTrigger)}`);
  say(`  attacker's repetitive traffic (trigger)   ${pct(r.v1.attackTraffic)}  ${pct(r.v2.attackTraffic)}`);
  say(`  legitimate checkouts                      ${pct(r.v1.legitimate)}  ${pct(r.v2.legitimate)}`);
  return { ...r, buildSeconds };
}

const dir = await mkdtemp(join(tmpdir(), 'bulwark-eval-models-'));
try {
  const result = { uci: await uci(dir), digits: await digits(dir), backdoor: await backdoor(join(dir, 'demo')) };
  if (json) console.log(JSON.stringify(result));
} finally {
  await rm(dir, { recursive: true, force: true });
}
