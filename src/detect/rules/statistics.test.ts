/**
 * The statistics behind zscore, cusum, ks, pNN and mean, replayed through the engine on
 * seeded streams: quiet on traffic like the baseline, firing on the shift each one is for.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../models/train/rng.js';
import type { Anomaly } from '../anomaly.js';
import { BaselineRecorder } from '../baseline-recorder.js';
import type { BaselineProfile } from '../baseline.js';
import { DetectionEngine } from '../engine.js';
import { event, ManualClock, replay, rule } from '../fixtures.contract.js';
import type { DetectEvent } from '../ports.js';

const T0 = 1_800_000_000_000;

interface Shape {
  readonly latencyMedian: number;
  readonly errorRate: number;
  readonly confidenceMean: number;
}

const NORMAL: Shape = { latencyMedian: 20, errorRate: 0.01, confidenceMean: 0.8 };

/** 100 events/s of gateway-like signals. */
function traffic(seed: number, seconds: number, start: number, shape: Shape): DetectEvent[] {
  const rng = createRng(seed);
  return Array.from({ length: seconds * 100 }, (_, i) =>
    event({
      t: start + i * 10,
      id: `${seed}-${i}`,
      signals: {
        latency_ms: shape.latencyMedian * Math.exp(0.3 * rng.normal()),
        error: rng.next() < shape.errorRate,
        confidence: Math.min(1, Math.max(0, shape.confidenceMean + 0.05 * rng.normal())),
      },
    }),
  );
}

let profile: BaselineProfile | undefined;
function baseline(): BaselineProfile {
  if (profile !== undefined) return profile;
  const rec = new BaselineRecorder({ model: 'm', version: 'v1', histogramBins: 20 });
  for (const e of traffic(1, 600, 0, NORMAL)) rec.add(e);
  profile = rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic', path: 't', sha256: '0', events: 60_000 } });
  return profile;
}

const RULES = [
  rule({ id: 'latency-z', when: 'zscore(latency_p99) > 4', windowMs: 30_000, minEvents: 500 }),
  rule({ id: 'latency-p99', when: 'p99(latency_ms) > 2 * baseline', windowMs: 30_000, minEvents: 500 }),
  rule({ id: 'errors-cusum', when: 'cusum(error_rate)', windowMs: 60_000, minEvents: 500 }),
  rule({ id: 'confidence-ks', when: 'ks(confidence) < 0.0001', windowMs: 30_000, minEvents: 500 }),
  rule({ id: 'confidence-mean', when: 'mean(confidence) < baseline - 6 sigma', windowMs: 30_000, minEvents: 500 }),
];

function run(shape: Shape, seed: number): Anomaly[] {
  const clock = new ManualClock(T0);
  const engine = new DetectionEngine({ clock, rules: RULES, evaluateEveryEvents: 50 });
  engine.setBaseline(baseline());
  const before = replay(engine, clock, traffic(seed, 90, T0, NORMAL));
  expect(before).toEqual([]);
  return replay(engine, clock, traffic(seed + 1, 90, T0 + 90_000, shape));
}

describe('window statistics against the baseline', () => {
  it('stay quiet on more traffic like the baseline', () => {
    for (const seed of [10, 20, 30]) expect(run(NORMAL, seed)).toEqual([]);
  });

  it('zscore(latency_p99) and p99(latency_ms) fire when latency triples', () => {
    const fired = new Set(run({ ...NORMAL, latencyMedian: 60 }, 40).map((a) => a.rule));
    expect(fired).toEqual(new Set(['latency-z', 'latency-p99']));
  });

  it('cusum(error_rate) fires when the error rate triples, dating the shift', () => {
    const a = run({ ...NORMAL, errorRate: 0.03 }, 50);
    expect(a.map((x) => x.rule)).toEqual(['errors-cusum']);
    const shift = a[0]?.evidence.statistics['cusum(rate(error))']?.extra?.['shiftStartMs'] ?? 0;
    expect(shift).toBeGreaterThanOrEqual(T0 + 85_000);
    expect(a[0]!.detectedAt - (T0 + 90_000)).toBeLessThan(30_000);
  });

  it('ks(confidence) and mean(confidence) fire when confidence drops', () => {
    const fired = new Set(run({ ...NORMAL, confidenceMean: 0.7 }, 60).map((a) => a.rule));
    expect(fired).toEqual(new Set(['confidence-ks', 'confidence-mean']));
  });
});
