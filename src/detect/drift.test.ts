/**
 * Issue 6, "Done when": a drift in one feature (checkout amounts tripled) fires PSI on that
 * feature only; the rules on the other features stay quiet, before and during the drift.
 */
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../models/demo/index.js';
import type { Checkout } from '../models/demo/index.js';
import { BaselineRecorder } from './baseline-recorder.js';
import { DetectionEngine } from './engine.js';
import { featureStream, ManualClock, replay, rule } from './fixtures.contract.js';

const WIDTH = CHECKOUT_FEATURES.length;
const START = 1_800_000_000_000;

function vectors(rows: readonly Checkout[]): number[][] {
  const x = encodeCheckouts(rows);
  return rows.map((_, i) => Array.from(x.subarray(i * WIDTH, (i + 1) * WIDTH)));
}

const FEATURES = ['amount', 'card_age_days', 'velocity_1h', 'account_age_days', 'hour_of_day', 'device_fingerprint'];

function setup() {
  const rec = new BaselineRecorder({ model: 'fraud', version: 'v2', featureNames: CHECKOUT_FEATURES });
  for (const e of featureStream(vectors(generateCheckouts({ seed: 21, n: 30_000 }).rows), { startMs: 0, perSecond: 50, model: 'fraud', version: 'v2' })) rec.add(e);
  const baseline = rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'dataset', path: 'demo', sha256: '0', events: 30_000 } });
  const rules = FEATURES.map((f) => rule({ model: 'fraud', id: `drift-${f}`, when: `psi(feature:${f}) > 0.25`, windowMs: 60_000, minEvents: 500 }));
  const clock = new ManualClock(START);
  const engine = new DetectionEngine({ clock, rules, evaluateEveryEvents: 64 });
  engine.setBaseline(baseline);
  return { clock, engine, baseline };
}

describe('PSI drift of one feature', () => {
  it('builds per-feature decile histograms in the baseline', () => {
    const { baseline } = setup();
    expect(baseline.features?.names).toEqual(CHECKOUT_FEATURES);
    const amount = baseline.features?.histograms[0];
    expect(amount?.edges).toHaveLength(9);
    expect(amount?.counts.reduce((a, b) => a + b, 0)).toBe(30_000);
  });

  it('fires psi(feature:amount) when amounts triple, and no other feature\'s rule', () => {
    const { clock, engine } = setup();
    const ordinary = generateCheckouts({ seed: 22, n: 12_000 }).rows;
    const driftStart = START + 120_000;
    const rows = ordinary.map((c, i) => (i < 6000 ? c : { ...c, amount: Math.round(c.amount * 300) / 100 }));
    const events = featureStream(vectors(rows), { startMs: START, perSecond: 50, model: 'fraud', version: 'v2', key: 'shop' });
    const before = replay(engine, clock, events.filter((e) => e.timings.receivedAt < driftStart));
    expect(before).toEqual([]);
    const during = replay(engine, clock, events.filter((e) => e.timings.receivedAt >= driftStart));
    expect(during.map((a) => a.rule)).toEqual(['drift-amount']);
    const a = during[0]!;
    expect(a.detectedAt).toBeGreaterThan(driftStart);
    expect(a.detectedAt - driftStart).toBeLessThanOrEqual(60_000);
    expect(a.observed).toBeGreaterThan(0.25);
    expect(a.expected).toBe(0.25);
    expect(a.evidence.statistics['psi(feature:amount)']?.n).toBeGreaterThanOrEqual(500);
  });
});
