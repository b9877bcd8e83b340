/**
 * @module scripts/eval/prompt-injection
 * The prompt-injection section of `npm run eval:inspectors`: recall, false-positive rate
 * and balanced accuracy of the committed model on
 *
 * - the held-out split of the training corpus (recomputed from the artifact's seed; never
 *   trained on), overall and per source;
 * - BIPIA e-mails with an attack embedded (indirect injection; evaluation only): every
 *   held-out e-mail with every held-out attack and every "task-irrelevant" attack (never
 *   trained on), at the start, middle or end by turn;
 * - the llm-guard prompt-injection and invisible-text test cases (evaluation only);
 * - benign prompts: the held-out part of the benign sets, the hand-written hard benign
 *   prompts (test/fixtures/hard-benign-prompts.jsonl), and both together;
 *
 * and the latency per prompt (p50/p99 over all evaluated prompts; after `WARMUP_CALLS`
 * warm-up inspections, each prompt is inspected `LATENCY_REPEATS` times and its median
 * time is taken), plus one long prompt past the 16 KiB scan cap. This section is the
 * inspector's micro-benchmark.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPromptInjectionInspector, committedModel } from '../../src/inspect/prompt-injection/index.js';
import { bipiaAttacks, bipiaEmails, buildCorpus, embedAttack, TASK_IRRELEVANT_CATEGORIES } from '../../src/inspect/prompt-injection/train/corpus.js';
import type { CorpusFiles, Example } from '../../src/inspect/prompt-injection/train/corpus.js';
import { EVALUATION_FILES } from '../../src/inspect/prompt-injection/train/data-files.js';
import { holdOut } from '../../src/inspect/prompt-injection/train/split.js';
import { loadTrainingData } from '../train-injection.js';
import { parseLlmGuardCases } from './llm-guard-cases.js';

/** What a section returns: printable lines and the metrics for `--json`. */
export interface EvalSection {
  readonly title: string;
  readonly lines: readonly string[];
  readonly metrics: Record<string, unknown>;
}

/** Where the inputs are. */
export interface EvalContext {
  readonly dataDir: string;
  readonly projectRoot: string;
}

interface Labelled {
  readonly text: string;
  readonly label: 0 | 1;
}

/** Counts and rates of one labelled set. */
export interface Rates {
  readonly n: number;
  readonly positives: number;
  readonly recall: number | null;
  readonly fpr: number | null;
  readonly balancedAccuracy: number | null;
}

const LATENCY_REPEATS = 25;
const LONG_CHARS = 20_000;

/** A long, mixed prompt (prose, code, a base64 blob, German) for the worst-case timing. */
function longPrompt(): string {
  const parts = [
    'Please review the following design document and summarise the risks. ',
    'function add(a, b) { return a + b; } // TODO handle overflow\n',
    'Die Anweisungen für die Installation stehen im Anhang; bitte prüfe sie. ',
    `${Buffer.from('The quarterly report is attached for your reference.').toString('base64')} `,
  ];
  let out = '';
  for (let i = 0; out.length < LONG_CHARS; i++) out += parts[i % parts.length] ?? '';
  return out.slice(0, LONG_CHARS);
}

function rates(items: readonly Labelled[], flagged: (text: string) => boolean): Rates {
  let tp = 0, fp = 0, pos = 0;
  for (const it of items) {
    const f = flagged(it.text);
    if (it.label === 1) {
      pos++;
      if (f) tp++;
    } else if (f) fp++;
  }
  const neg = items.length - pos;
  const recall = pos === 0 ? null : tp / pos;
  const fpr = neg === 0 ? null : fp / neg;
  const balancedAccuracy = recall === null || fpr === null ? null : (recall + 1 - fpr) / 2;
  return { n: items.length, positives: pos, recall, fpr, balancedAccuracy };
}

function pct(x: number | null): string {
  return x === null ? '—' : `${(100 * x).toFixed(1)}%`;
}

function row(name: string, r: Rates): string {
  return `${name.padEnd(34)} n=${String(r.n).padStart(4)}  pos=${String(r.positives).padStart(4)}  recall ${pct(r.recall).padStart(6)}  FPR ${pct(r.fpr).padStart(6)}  balanced acc ${pct(r.balancedAccuracy).padStart(6)}`;
}

/** Warm-up inspections before timing (lets V8 optimise the hot code), spread over the texts. */
const WARMUP_CALLS = 2000;

function latency(texts: readonly string[], inspect: (t: string) => unknown): { p50Ms: number; p99Ms: number; prompts: number } {
  for (let i = 0; i < Math.max(WARMUP_CALLS, texts.length); i++) inspect(texts[i % texts.length] ?? '');
  const per = texts.map((t) => {
    const times: number[] = [];
    for (let r = 0; r < LATENCY_REPEATS; r++) {
      const t0 = performance.now();
      inspect(t);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[Math.floor(LATENCY_REPEATS / 2)] ?? 0;
  });
  per.sort((a, b) => a - b);
  const q = (p: number) => per[Math.min(per.length - 1, Math.floor(p * per.length))] ?? 0;
  return { p50Ms: q(0.5), p99Ms: q(0.99), prompts: texts.length };
}

/** Held-out e-mails × untouched attacks (see the module header), split by attack kind. */
function embedded(files: CorpusFiles, test: readonly Example[]): { instructive: Labelled[]; taskIrrelevant: Labelled[] } {
  const heldOut = new Set(test.map((e) => e.text));
  const emails = [...new Set(bipiaEmails(files))].filter((t) => heldOut.has(t));
  const attacks = bipiaAttacks(files);
  const build = (list: readonly { text: string }[]): Labelled[] =>
    emails.flatMap((email, j) => list.map((a, k) => ({ text: embedAttack(email, a.text, ((j + k) % 3) as 0 | 1 | 2), label: 1 as const })));
  return {
    instructive: build(attacks.filter((a) => heldOut.has(a.text))),
    taskIrrelevant: build(attacks.filter((a) => TASK_IRRELEVANT_CATEGORIES.includes(a.category))),
  };
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * Runs the section.
 *
 * @example
 * const section = evaluatePromptInjection({ dataDir: '../shared/data', projectRoot: '.' });
 */
export function evaluatePromptInjection(ctx: EvalContext): EvalSection {
  const model = committedModel();
  const inspector = createPromptInjectionInspector();
  const flagged = (t: string) => inspector.inspect(t).flagged;
  const { files } = loadTrainingData();
  const { test } = holdOut(buildCorpus(files), { seed: model.training.seed, fraction: model.training.heldOut.fraction });
  const sources = [...new Set(test.map((e) => e.source))];
  const emb = embedded(files, test);
  const guard = parseLlmGuardCases(readFileSync(resolve(ctx.dataDir, EVALUATION_FILES.llmGuardInjection), 'utf8'));
  const invisible = parseLlmGuardCases(readFileSync(resolve(ctx.dataDir, EVALUATION_FILES.llmGuardInvisible), 'utf8'));
  const hard: Labelled[] = readJsonl(resolve(ctx.projectRoot, 'test/fixtures/hard-benign-prompts.jsonl')).map((r) => ({ text: String(r['text']), label: 0 }));
  const benignHeldOut = test.filter((e) => e.label === 0);
  const sets: [string, Labelled[]][] = [
    ['held-out split (all sources)', test],
    ...sources.map((s): [string, Labelled[]] => [`  held-out ${s}`, test.filter((e) => e.source === s)]),
    ['e-mails + held-out attack (indirect)', emb.instructive],
    ['e-mails + task-irrelevant attack', emb.taskIrrelevant],
    ['llm-guard prompt-injection cases', guard.cases],
    ['llm-guard invisible-text cases', invisible.cases],
    ['benign held-out (all benign sources)', benignHeldOut],
    ['hard benign prompts (fixture)', hard],
    ['benign held-out + hard benign', [...benignHeldOut, ...hard]],
  ];
  const target: Labelled[] = [...test.filter((e) => e.label === 1), ...benignHeldOut, ...hard];
  sets.push(['TARGET held-out attacks vs benign + hard', target]);
  const results = sets.map(([name, items]) => ({ name: name.trim(), rates: rates(items, flagged), label: name }));
  const rulesOnly = rates(target, (t) => inspector.inspect(t).spans.some((sp) => sp.type !== 'role_marker'));
  const all = [...test, ...guard.cases, ...invisible.cases, ...hard].map((e) => e.text);
  const lat = latency(all, (t) => inspector.inspect(t));
  const long = latency([longPrompt()], (t) => inspector.inspect(t));
  const lines = [
    `model: threshold ${model.threshold}, seed ${model.training.seed}, data ${model.training.dataDigest.slice(0, 12)}…, held out ${model.training.heldOut.count}`,
    ...results.map((r) => row(r.label, r.rates)),
    ...[...guard.skipped, ...invisible.skipped].map((s) => `  skipped llm-guard case: ${s}`),
    row('  (ablation: rules alone, same set)', rulesOnly),
    `latency per prompt over ${lat.prompts} prompts: p50 ${(lat.p50Ms * 1000).toFixed(1)} µs, p99 ${(lat.p99Ms * 1000).toFixed(1)} µs`,
    `latency of one ${LONG_CHARS}-character prompt (scan cap 16 KiB): ${(long.p50Ms * 1000).toFixed(0)} µs (median of ${LATENCY_REPEATS}, after warm-up)`,
  ];
  const metrics = {
    threshold: model.threshold,
    sets: Object.fromEntries(results.map((r) => [r.name, r.rates])),
    rulesOnly,
    latency: { ...lat, longPromptMs: long.p50Ms, longPromptChars: LONG_CHARS },
  };
  return { title: 'Inspectors: prompt injection (issue 5)', lines, metrics };
}
