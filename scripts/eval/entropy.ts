/**
 * @module scripts/eval/entropy
 * The `entropy` section of `npm run eval:inspectors`: the window entropy of input
 * fingerprints on the demo's fraud traffic (needs no shared data) — ordinary windows,
 * the attacker's replayed templates, and ordinary windows with a share of attack traffic —
 * judged against a dataset baseline's p01 (what a rule `entropy(input_fingerprint) <
 * baseline.p01` does); the text detector's flag rate on the benign prompt sets; and the
 * micro-benchmark (entropy signals per OIP and per chat request).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatasetBaseline, WINDOWED_KEYS } from '../../src/inspect/baseline/index.js';
import { createEntropyTextInspector, entropySignals, fingerprintRows, windowEntropy } from '../../src/inspect/entropy/index.js';
import { attackerCheckouts, CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../src/models/demo/index.js';
import { QuantileSketch } from '../../src/shared/math/index.js';
import type { EvalContext, EvalSection } from './prompt-injection.js';
import { latency, pct, rowsOf } from './timing.js';

const TITLE = 'Inspectors: entropy and input fingerprints (issue 5)';
const WINDOW = 200;
const WINDOWS = 200;
const WIDTH = CHECKOUT_FEATURES.length;

const checkouts = (seed: number, n: number) => rowsOf(encodeCheckouts(generateCheckouts({ seed, n }).rows), WIDTH);
const attack = (seed: number, n: number) => rowsOf(encodeCheckouts(attackerCheckouts({ seed, n })), WIDTH);

/** Windows of WINDOW events with `share` of attack traffic (a different attacker per window). */
function windows(share: number, seed: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    const nAttack = Math.round(share * WINDOW);
    const rows = [...checkouts(seed + w, WINDOW - nAttack), ...attack(seed + 1000 + w, nAttack)];
    out.push(windowEntropy(rows.map((r) => fingerprintRows([r])))?.entropy ?? 0);
  }
  return out;
}

function windowSection(say: (l: string) => void): Record<string, unknown> {
  const profile = buildDatasetBaseline({ names: CHECKOUT_FEATURES, rows: checkouts(1, 50_000) }, { model: 'fraud', version: 'v1', builtAt: '', source: { path: 'demo', sha256: '' } }, { windowRows: WINDOW });
  const w = profile.signals['input_fingerprint']?.windowed?.[WINDOWED_KEYS.entropy];
  const p01 = w === undefined ? Number.NaN : (QuantileSketch.restore(w.sketch).quantile(0.01) ?? Number.NaN);
  say(`Demo fraud traffic, windows of ${WINDOW} requests (log2 ${WINDOW} = ${Math.log2(WINDOW).toFixed(2)} bits). Baseline: 50,000 ordinary checkouts, ${w?.moments.count ?? 0} windows, p01 = ${p01.toFixed(3)} bits. ${WINDOWS} fresh windows per row; "below p01" is what \`entropy(input_fingerprint) < baseline.p01\` flags.`);
  say('');
  say('| traffic in the window | mean entropy (bits) | min | max | windows below baseline p01 |');
  say('|---|---|---|---|---|');
  const rows: Record<string, unknown> = {};
  for (const share of [0, 0.05, 0.1, 0.25, 0.5, 1]) {
    const h = windows(share, 100 + share * 10_000);
    const below = h.filter((x) => x < p01).length / h.length;
    const label = share === 0 ? 'ordinary checkouts only' : share === 1 ? "attacker's script only (3 templates)" : `ordinary + ${pct(share)} attack`;
    say(`| ${label} | ${(h.reduce((a, b) => a + b, 0) / h.length).toFixed(3)} | ${Math.min(...h).toFixed(3)} | ${Math.max(...h).toFixed(3)} | ${pct(below)} |`);
    rows[String(share)] = { meanBits: h.reduce((a, b) => a + b, 0) / h.length, belowP01: below };
  }
  return { baselineP01Bits: p01, windowEvents: WINDOW, byAttackShare: rows };
}

function readPrompts(path: string, field: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => String((JSON.parse(l) as Record<string, unknown>)[field] ?? ''));
}

function textSection(ctx: EvalContext, say: (l: string) => void): Record<string, unknown> {
  const inspector = createEntropyTextInspector();
  const sets: [string, string[]][] = [
    ['self-instruct seed tasks', readPrompts(join(ctx.dataDir, 'benign-prompts', 'seed_tasks.jsonl'), 'instruction')],
    ['self-instruct user-oriented', readPrompts(join(ctx.dataDir, 'benign-prompts', 'user_oriented_instructions.jsonl'), 'instruction')],
    ['hard benign (test/fixtures)', readPrompts(join(ctx.projectRoot, 'test', 'fixtures', 'hard-benign-prompts.jsonl'), 'text')],
    ['synthetic spam (a 2–6 word phrase × 10–40)', Array.from({ length: 200 }, (_, i) => `${['buy now', 'free money fast', 'click this link today', 'win a prize now please act'][i % 4]} `.repeat(10 + (i % 31)))],
  ];
  say('');
  say('Text detector (`bulwark inspect --detector entropy`: degenerate repetition only):');
  say('');
  say('| set | texts | flagged |');
  say('|---|---|---|');
  const out: Record<string, unknown> = {};
  for (const [name, texts] of sets) {
    const flagged = texts.filter((t) => inspector.inspect(t).flagged).length;
    say(`| ${name} | ${texts.length} | ${texts.length === 0 ? '-' : pct(flagged / texts.length)} |`);
    out[name] = { n: texts.length, flagged };
  }
  return out;
}

/**
 * @example
 * evaluateEntropy({ dataDir: '../shared/data', projectRoot: '.' }).metrics['windows'];
 */
export function evaluateEntropy(ctx: EvalContext): EvalSection {
  const lines: string[] = [];
  const say = (l: string) => void lines.push(l);
  const metrics: Record<string, unknown> = { windows: windowSection(say), text: textSection(ctx, say) };
  // Distinct parsed bodies (the tensor decoding is memoised per body object, as in the gateway where several inspectors share it).
  const oip = Array.from({ length: 10 }, () => checkouts(7, 2000)).flat().map((row) => {
    const body = Buffer.from(JSON.stringify({ inputs: [{ name: 'checkout', datatype: 'FP32', shape: [1, WIDTH], data: row }] }));
    return { protocol: 'oip-v2' as const, json: JSON.parse(body.toString()) as unknown, body };
  });
  const prompts = readPrompts(join(ctx.dataDir, 'benign-prompts', 'user_oriented_instructions.jsonl'), 'instruction').map((content) => {
    const json = { messages: [{ role: 'user', content }] };
    return { protocol: 'openai' as const, json, body: Buffer.from(JSON.stringify(json)) };
  });
  const oipLatency = latency((r) => entropySignals(r), oip, 1, 0);
  const chatLatency = latency((r) => entropySignals(r), prompts, 20);
  metrics['latency'] = { oip13: oipLatency, chat: chatLatency };
  say('');
  say(`Micro-benchmark (per request): OIP, 13 features (body already parsed, as in the gateway) p50 ${oipLatency.p50Micros} µs, p99 ${oipLatency.p99Micros} µs; chat, last user turn of the user-oriented prompts p50 ${chatLatency.p50Micros} µs, p99 ${chatLatency.p99Micros} µs.`);
  return { title: TITLE, lines, metrics };
}
