import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/errors.js';
import { BaselineRecorder } from './baseline-recorder.js';
import { checkBaseline } from './baseline-check.js';
import { event, flagStream } from './fixtures.contract.js';

const META = { builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic' as const, path: 'replay.jsonl', sha256: '0', events: 0 } };

describe('BaselineRecorder', () => {
  it('records counts, flagged rates, moments, sketches and histograms per signal', () => {
    const rec = new BaselineRecorder({ model: 'm', version: 'v1' });
    for (let i = 0; i < 1000; i++) rec.add(event({ t: i * 10, signals: { flagged: i % 10 === 0, latency_ms: i } }));
    const p = rec.build(META);
    checkBaseline(p);
    expect(p.signals['flagged']).toMatchObject({ count: 1000, flagged: 100, histogram: { edges: [0], counts: [900, 100] } });
    expect(p.signals['latency_ms']?.moments.mean).toBeCloseTo(499.5, 9);
    expect(p.signals['latency_ms']?.histogram.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(p.signals['latency_ms']?.flagged).toBeUndefined();
  });

  it('records a window statistic over complete sliding windows, sampled every second', () => {
    const rec = new BaselineRecorder({ model: 'm', version: 'v1', windowed: [{ statistic: 'rate(x)', windowMs: 10_000 }, { statistic: 'count(x)', windowMs: 5_000 }] });
    for (const e of flagStream({ seed: 1, n: 6000, perSecond: 100, startMs: 0, signal: 'x', rate: 0.1 })) rec.add(e);
    const w = rec.build(META).signals['x']?.windowed;
    expect(w?.['rate(x)']?.windowMs).toBe(10_000);
    expect(w?.['rate(x)']?.moments.count).toBe(51); // seconds 9 … 59
    expect(w?.['rate(x)']?.moments.mean).toBeCloseTo(0.1, 1);
    expect(w?.['count(x)']?.moments.mean).toBe(500);
  });

  it('refuses statistics that have no windowed form', () => {
    expect(thrown(() => new BaselineRecorder({ model: 'm', version: 'v1', windowed: [{ statistic: 'psi(x)', windowMs: 1000 }] })).code).toBe('DET_ERR_BAD_ARGUMENT');
    expect(thrown(() => new BaselineRecorder({ model: 'm', version: 'v1', windowed: [{ statistic: 'rate(x) > 1', windowMs: 1000 }] })).code).toBe('DET_ERR_BAD_ARGUMENT');
  });
});
