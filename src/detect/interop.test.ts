/**
 * Profiles built by `bulwark baseline build` (src/inspect/baseline, the other builder of
 * BaselineProfile) drive the engine as the engine's own recorder does: the windowed entropy
 * keys, the fingerprint scheme, fixed-edge histograms and flagged counts line up. Replays the
 * injection surge, the entropy collapse and the amount drift against them.
 */
import { describe, expect, it } from 'vitest';
import { buildTrafficBaseline } from '../inspect/baseline/index.js';
import { attackerCheckouts, CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../models/demo/index.js';
import type { Checkout } from '../models/demo/index.js';
import { DetectionEngine } from './engine.js';
import { featureStream, flagStream, ManualClock, mergeByTime, replay, rule } from './fixtures.contract.js';
import type { DetectEvent } from './ports.js';

const START = 1_800_000_000_000;
const META = { builtAt: '2026-01-01T00:00:00Z', source: { path: 'traffic.jsonl', sha256: '0' } };
const asTraffic = (events: readonly DetectEvent[]) => events.map((e) => ({ receivedAt: e.timings.receivedAt, signals: e.signals, features: e.features }));

function vectors(rows: readonly Checkout[]): number[][] {
  const x = encodeCheckouts(rows);
  const w = CHECKOUT_FEATURES.length;
  return rows.map((_, i) => Array.from(x.subarray(i * w, (i + 1) * w)));
}

describe('baselines from `bulwark baseline build`', () => {
  it('judge an injection surge against the recorded flagged rate, quiet before it', () => {
    const profile = buildTrafficBaseline(asTraffic(flagStream({ seed: 1, n: 30_000, perSecond: 100, startMs: 0, signal: 'prompt_injection', rate: 0.01 })), { ...META, model: 'm', version: 'v1' });
    const clock = new ManualClock(START);
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'injection', when: 'rate(prompt_injection) > max(0.03, baseline + 3 sigma) and binom(prompt_injection) < 0.001', minEvents: 100 })] });
    engine.setBaseline(profile);
    expect(replay(engine, clock, flagStream({ seed: 2, n: 6000, perSecond: 100, startMs: START, signal: 'prompt_injection', rate: 0.01 }))).toEqual([]);
    expect(replay(engine, clock, flagStream({ seed: 3, n: 3000, perSecond: 100, startMs: START + 60_000, signal: 'prompt_injection', rate: 0.1, idPrefix: 's' }))).toHaveLength(1);
  });

  it('judge the entropy collapse and the amount drift against its windowed entropy and histograms', () => {
    const ordinary = featureStream(vectors(generateCheckouts({ seed: 11, n: 30_000 }).rows), { startMs: 0, perSecond: 50 });
    const profile = buildTrafficBaseline(asTraffic(ordinary), { ...META, model: 'm', version: 'v1' });
    expect(profile.signals['input_fingerprint']?.windowed?.['entropy(input_fingerprint)']?.windowMs).toBe(10_000);
    const clock = new ManualClock(START);
    const engine = new DetectionEngine({
      clock,
      rules: [
        rule({ id: 'entropy-collapse', when: 'entropy(input_fingerprint) < baseline.p01', windowMs: 10_000, holdForMs: 3000 }),
        rule({ id: 'entropy-normalized', when: 'entropy_normalized(input_fingerprint) < baseline.p01 - 0.05', windowMs: 10_000 }),
        rule({ id: 'drift-amount', when: 'psi(feature:0) > 0.25', minEvents: 500 }),
        rule({ id: 'drift-hour', when: 'psi(feature:6) > 0.25', minEvents: 500 }),
      ],
    });
    engine.setBaseline(profile);
    const attackStart = START + 120_000;
    const benign = featureStream(vectors(generateCheckouts({ seed: 12, n: 9000 }).rows), { startMs: START, perSecond: 50 });
    const attack = featureStream(vectors(attackerCheckouts({ seed: 99, n: 1500 })), { startMs: attackStart, perSecond: 50, idPrefix: 'a' });
    const events = mergeByTime(benign, attack);
    expect(replay(engine, clock, events.filter((e) => e.timings.receivedAt < attackStart))).toEqual([]);
    const fired = new Set(replay(engine, clock, events.filter((e) => e.timings.receivedAt >= attackStart)).map((a) => a.rule));
    // The attacker replays at one night hour: the hour-of-day distribution drifts too.
    expect(fired.has('entropy-collapse') && fired.has('entropy-normalized')).toBe(true);
    expect(fired.has('drift-hour')).toBe(true);
  });
});
