/**
 * Issue 6, "Done when": an entropy collapse — the demo attacker's repetitive synthetic
 * checkouts (three templates, replayed) mixed into ordinary traffic — fires
 * `entropy(input_fingerprint) < baseline.p01`; ordinary checkouts before it do not.
 */
import { describe, expect, it } from 'vitest';
import { attackerCheckouts, encodeCheckouts, generateCheckouts } from '../models/demo/index.js';
import type { Checkout } from '../models/demo/index.js';
import { BaselineRecorder } from './baseline-recorder.js';
import { DetectionEngine } from './engine.js';
import { featureStream, ManualClock, mergeByTime, replay, rule } from './fixtures.contract.js';

const WIDTH = 13;

function vectors(rows: readonly Checkout[]): number[][] {
  const x = encodeCheckouts(rows);
  return rows.map((_, i) => Array.from(x.subarray(i * WIDTH, (i + 1) * WIDTH)));
}

const START = 1_800_000_000_000;
// By definition 1% of ordinary windows fall below their p01, and ordinary windows' entropy varies
// by only ±0.02 bits: the hold (3 s of consecutive anomalous evaluations) keeps those isolated
// dips from paging, while a collapse (several bits) holds.
const RULE = rule({ model: 'fraud', id: 'entropy-collapse', when: 'entropy(input_fingerprint) < baseline.p01', windowMs: 10_000, minEvents: 50, holdForMs: 3000, severity: 'page', action: 'rollback', strategy: 'immediate' });

function setup() {
  const rec = new BaselineRecorder({ model: 'fraud', version: 'v2', windowed: [{ statistic: 'entropy(input_fingerprint)', windowMs: 10_000 }] });
  for (const e of featureStream(vectors(generateCheckouts({ seed: 11, n: 30_000 }).rows), { startMs: 0, perSecond: 50, model: 'fraud', version: 'v2' })) rec.add(e);
  const baseline = rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic', path: 'demo', sha256: '0', events: 30_000 } });
  const clock = new ManualClock(START);
  const engine = new DetectionEngine({ clock, rules: [RULE], evaluateEveryEvents: 16 });
  engine.setBaseline(baseline);
  return { clock, engine, baseline };
}

describe('entropy collapse of input fingerprints', () => {
  it('records the windowed entropy of ordinary traffic in the baseline', () => {
    const { baseline } = setup();
    const w = baseline.signals['input_fingerprint']?.windowed?.['entropy(input_fingerprint)'];
    expect(w?.windowMs).toBe(10_000);
    expect(w?.moments.count).toBeGreaterThan(500);
    expect(w?.moments.mean).toBeGreaterThan(7); // ≈ 500 distinct checkouts per window over 256 bins
  });

  it('fires when the attacker replays three templates, and not on ordinary traffic before', () => {
    const { clock, engine } = setup();
    const ordinary = vectors(generateCheckouts({ seed: 12, n: 9000 }).rows);
    const benign = featureStream(ordinary, { startMs: START, perSecond: 50, model: 'fraud', version: 'v2', key: 'shop' });
    const attackStart = START + 120_000;
    const attack = featureStream(vectors(attackerCheckouts({ seed: 99, n: 1500 })), { startMs: attackStart, perSecond: 50, model: 'fraud', version: 'v2', key: 'mallory', idPrefix: 'atk' });
    const events = mergeByTime(benign, attack);
    const before = replay(engine, clock, events.filter((e) => e.timings.receivedAt < attackStart));
    expect(before).toEqual([]);
    const anomalies = replay(engine, clock, events.filter((e) => e.timings.receivedAt >= attackStart));
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0]!;
    expect(a.rule).toBe('entropy-collapse');
    expect(a.detectedAt - attackStart).toBeLessThan(10_000);
    expect(a.observed).toBeLessThan(a.expected as number);
    expect(a.apiKeys).toEqual(["mallory"]); // the sender of the repeats, not the shop whose traffic shares the window
    expect(a.evidence.condition).toBe('entropy(input_fingerprint) < baseline.p01');
  });
});
