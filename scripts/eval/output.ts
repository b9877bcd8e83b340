/**
 * @module scripts/eval/output
 * The `output` and `baseline` sections of `npm run eval:inspectors` (micro-benchmarks):
 * classifier signals per OIP response, refusal and leakage per chat answer; the cost of
 * building a baseline profile from 100,000 recorded events and of merging four replicas'
 * profiles, and the profile's size.
 */
import { buildTrafficBaseline, mergeBaselines } from '../../src/inspect/baseline/index.js';
import type { TrafficEvent } from '../../src/inspect/baseline/index.js';
import { fingerprintRows } from '../../src/inspect/entropy/index.js';
import { chatOutputSignals, oipOutputSignals } from '../../src/inspect/output/index.js';
import { createPiiInspector } from '../../src/inspect/pii/index.js';
import { CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../src/models/demo/index.js';
import type { EvalContext, EvalSection } from './prompt-injection.js';
import { latency, rowsOf } from './timing.js';

/**
 * @example
 * evaluateOutput(ctx).metrics['oip'];
 */
export function evaluateOutput(_ctx: EvalContext): EvalSection {
  const bodies = Array.from({ length: 5000 }, (_, i) => Buffer.from(JSON.stringify({ model_name: 'digits', outputs: [{ name: 'logits', datatype: 'FP32', shape: [1, 10], data: Array.from({ length: 10 }, (_, k) => Math.sin(i + k) * 5) }] })));
  const oip = latency((b) => oipOutputSignals(b), bodies, 4);
  const pii = createPiiInspector();
  const answers = Array.from({ length: 500 }, (_, i) => `${i % 5 === 0 ? "I'm sorry, but I can't help with that. " : 'Sure. '}${'Here is a detailed answer with several sentences of ordinary prose about the topic at hand. '.repeat(5)}${i % 7 === 0 ? 'Contact jane@example.com.' : ''}`);
  const chat = latency((a) => chatOutputSignals(a, pii), answers, 4);
  const lines = [
    `OIP classifier response (10 logits, parse + softmax + top-2): p50 ${oip.p50Micros} µs, p99 ${oip.p99Micros} µs.`,
    `Chat answer of ~470 characters (refusal markers + PII/secret scan): p50 ${chat.p50Micros} µs, p99 ${chat.p99Micros} µs.`,
  ];
  return { title: 'Inspectors: output (issue 5)', lines, metrics: { oip, chat } };
}

function events(seed: number, n: number, startMs: number): TrafficEvent[] {
  return rowsOf(encodeCheckouts(generateCheckouts({ seed, n }).rows), CHECKOUT_FEATURES.length).map((features, i) => ({
    receivedAt: startMs + i * 10,
    features,
    signals: { latency_ms: 2 + (i % 17), status: 200, error: false, prompt_injection: i % 50 === 0, prompt_injection_score: (i % 100) / 100, confidence: 0.5 + (i % 50) / 100, predicted_class: i % 2, input_fingerprint: fingerprintRows([features]) },
  }));
}

/**
 * @example
 * evaluateBaseline(ctx).metrics['buildMs'];
 */
export function evaluateBaseline(_ctx: EvalContext): EvalSection {
  const all = events(1, 100_000, 0);
  const meta = (path: string) => ({ model: 'fraud', version: 'v2', builtAt: '', source: { path, sha256: path } });
  let start = performance.now();
  const profile = buildTrafficBaseline(all, meta('all'));
  const buildMs = performance.now() - start;
  const bytes = Buffer.byteLength(JSON.stringify(profile));
  const parts = [0, 1, 2, 3].map((k) => buildTrafficBaseline(all.slice(k * 25_000, (k + 1) * 25_000), meta(`replica-${k}`)));
  start = performance.now();
  const merged = mergeBaselines(parts, { builtAt: '' });
  const mergeMs = performance.now() - start;
  const lines = [
    `Build from 100,000 recorded events (9 signals, 13 features, 10 s windows): ${buildMs.toFixed(0)} ms; profile ${(bytes / 1024).toFixed(1)} KiB of JSON.`,
    `Merge of 4 replicas' profiles (25,000 events each): ${mergeMs.toFixed(1)} ms; merged count ${merged.source.events}.`,
  ];
  return { title: 'Baselines (issue 5)', lines, metrics: { buildMs, profileBytes: bytes, mergeMs } };
}
