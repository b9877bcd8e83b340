/**
 * @module scripts/eval/pii
 * The `pii` section of `npm run eval:inspectors`: per-entity precision, recall and F1 of
 * the PII and secrets inspector by span overlap on Presidio's recogniser cases (at the
 * default minSpanScore 0.5 and at 0, Presidio's own setting), on presidio-research's
 * synthetic sentences, the llm-guard secrets verdicts, what it reports on the texts of
 * Presidio's other recognisers (dates, URLs, MAC addresses, …: unlabelled for our types),
 * and the micro-benchmark: latency per text (p50/p99) and for one 64 KiB text.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createPiiInspector } from '../../src/inspect/pii/index.js';
import type { TextInspector } from '../../src/inspect/types.js';
import type { EntityScore, LabelledText } from './pii-cases.js';
import { loadGenerated, loadOtherPresidioTexts, loadPresidioCases, loadSecretsCases, PRESIDIO_ENTITY_MAP, PRESIDIO_FILES, scoreEntities } from './pii-cases.js';
import type { EvalContext, EvalSection } from './prompt-injection.js';

/** Collects the printable lines of the section. */
interface Out {
  readonly say: (line: string) => void;
}

const WARMUP_PASSES = 3;
const TIMED_PASSES = 20;

function table(scores: readonly EntityScore[]): string[] {
  const f = (v: number) => v.toFixed(3);
  return [
    '| entity | P | R | F1 | support | TP | FP | FN | exact offsets |',
    '|---|---|---|---|---|---|---|---|---|',
    ...scores.map((s) => `| ${s.entity} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${s.support} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.exact}/${s.located} |`),
  ];
}

function score(texts: readonly LabelledText[], inspector: TextInspector, entities: readonly string[]): EntityScore[] {
  return scoreEntities(texts, (text) => inspector.inspect(text).spans, entities);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Latency of `inspect` per text over all texts (µs), and of one 64 KiB text (ms). */
function latency(texts: readonly string[], inspector: TextInspector): Record<string, number> {
  for (let p = 0; p < WARMUP_PASSES; p++) for (const t of texts) inspector.inspect(t);
  const perText: number[] = [];
  for (let p = 0; p < TIMED_PASSES; p++) {
    for (const t of texts) {
      const start = performance.now();
      inspector.inspect(t);
      perText.push((performance.now() - start) * 1000);
    }
  }
  perText.sort((a, b) => a - b);
  const record = 'Order 7: jane@example.com paid with 4111 1111 1111 1111 from 10.0.0.1, call +4915112345678. Thanks!\n';
  const big = record.repeat(Math.ceil(65_536 / record.length)).slice(0, 65_536);
  const bigMs: number[] = [];
  for (let p = 0; p < TIMED_PASSES; p++) {
    const start = performance.now();
    inspector.inspect(big);
    bigMs.push(performance.now() - start);
  }
  bigMs.sort((a, b) => a - b);
  const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  return { texts: texts.length, samples: perText.length, meanChars, p50Micros: quantile(perText, 0.5), p99Micros: quantile(perText, 0.99), text64KiBMedianMs: quantile(bigMs, 0.5) };
}

function presidio(ctx: Out, dir: string): Record<string, unknown> {
  const cases = loadPresidioCases(dir);
  const entities = Object.values(PRESIDIO_FILES);
  const byDefault = score(cases, createPiiInspector(), entities);
  const allLevels = score(cases, createPiiInspector({ minSpanScore: 0 }), entities);
  ctx.say(`Presidio recogniser cases: ${cases.length} texts (phone cases with a non-default leniency left out), default settings (minSpanScore 0.5):\n`);
  for (const line of table(byDefault)) ctx.say(line);
  ctx.say('\nSame cases, every confidence level (minSpanScore 0, as Presidio\'s tests):\n');
  for (const line of table(allLevels)) ctx.say(line);
  return { texts: cases.length, default: byDefault, minSpanScore0: allLevels };
}

function others(ctx: Out, dir: string, inspector: TextInspector): Record<string, unknown> {
  const texts = loadOtherPresidioTexts(dir);
  const found = texts.flatMap((t) => inspector.inspect(t.text).spans.map((s) => ({ source: t.source, type: s.type, text: t.text.slice(s.start, s.end) })));
  ctx.say(`\nTexts of Presidio's other recognisers (not labelled for our types): ${texts.length} texts, ${found.length} spans reported`);
  for (const f of found) ctx.say(`- ${f.source}: ${f.type} \`${f.text}\``);
  return { texts: texts.length, spans: found };
}

function generated(ctx: Out, path: string, inspector: TextInspector): EntityScore[] {
  const texts = loadGenerated(path);
  const scores = score(texts, inspector, Object.values(PRESIDIO_ENTITY_MAP));
  ctx.say(`\npresidio-research synthetic sentences: ${texts.length} texts, default settings:\n`);
  for (const line of table(scores)) ctx.say(line);
  return scores;
}

function secretsVerdicts(ctx: Out, path: string, inspector: TextInspector): Record<string, number> {
  const t = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const c of loadSecretsCases(path)) {
    const flagged = inspector.inspect(c.text).score === 1;
    if (flagged && c.secret) t.tp++;
    else if (flagged) t.fp++;
    else if (c.secret) t.fn++;
    else t.tn++;
  }
  ctx.say(`\nllm-guard secrets cases: ${t.tp + t.fn} with a secret detected ${t.tp}, missed ${t.fn}; ${t.tn + t.fp} without, flagged ${t.fp}`);
  return t;
}

const TITLE = 'Inspectors: PII and secrets (issue 5)';

/**
 * The PII section of `npm run eval:inspectors` (key `pii`). When ../shared/data/pii is
 * absent the section says so and its metrics are `{ skipped }`.
 *
 * @example
 * const section = evaluatePii({ dataDir: '../shared/data', projectRoot: '.' });
 * section.metrics['latency']; // { p50Micros: 3.8, p99Micros: 21, … }
 */
export function evaluatePii(ctx: EvalContext): EvalSection {
  const lines: string[] = [];
  const out: Out = { say: (line) => lines.push(line) };
  const base = join(ctx.dataDir, 'pii');
  const dir = join(base, 'presidio-recognizer-cases');
  if (!existsSync(dir)) {
    const skipped = `${dir} is absent (../shared/data not beside the checkout)`;
    return { title: TITLE, lines: [`skipped: ${skipped}`], metrics: { skipped } };
  }
  const inspector = createPiiInspector();
  const metrics: Record<string, unknown> = { presidio: presidio(out, dir), otherRecognizers: others(out, dir, inspector) };
  const genPath = join(base, 'presidio-generated-small.json');
  if (existsSync(genPath)) metrics['generated'] = generated(out, genPath, inspector);
  const secretsPath = join(base, 'llm-guard-secrets-cases.jsonl');
  if (existsSync(secretsPath)) metrics['secrets'] = secretsVerdicts(out, secretsPath, inspector);
  const texts = [...loadPresidioCases(dir).map((c) => c.text), ...loadOtherPresidioTexts(dir).map((t) => t.text)];
  if (existsSync(genPath)) texts.push(...loadGenerated(genPath).map((t) => t.text));
  const lat = latency(texts, inspector);
  out.say(`\nLatency (all ${lat['texts']} texts above, mean ${lat['meanChars']?.toFixed(0)} chars, ${TIMED_PASSES} passes after ${WARMUP_PASSES} warm-up): p50 ${lat['p50Micros']?.toFixed(1)} µs, p99 ${lat['p99Micros']?.toFixed(1)} µs per text; one 64 KiB text: ${lat['text64KiBMedianMs']?.toFixed(2)} ms (median)`);
  metrics['latency'] = lat;
  return { title: TITLE, lines, metrics };
}
