/**
 * Issue 6, "Done when": benign traffic at the injection detector's own false-positive rate
 * (1% flagged) stays quiet under the baseline-judged rules, while a naive fixed threshold
 * would page; an injection surge fires the injection rule within its window.
 */
import { describe, expect, it } from 'vitest';
import { BaselineRecorder } from './baseline-recorder.js';
import { DetectionEngine } from './engine.js';
import { flagStream, ManualClock, replay, rule } from './fixtures.contract.js';
import { toAnomalyRef } from './anomaly.js';

const DEFAULT_INJECTION = 'rate(prompt_injection) > max(0.03, baseline + 3 sigma) and binom(prompt_injection) < 0.001';
const EXAMPLE_INJECTION = 'rate(prompt_injection) > max(0.03, baseline + 3 sigma)';

function baseline() {
  const rec = new BaselineRecorder({ model: 'assistant', version: '2026-11' });
  for (const e of flagStream({ seed: 1, n: 50_000, perSecond: 200, startMs: 0, signal: 'prompt_injection', rate: 0.01, model: 'assistant', version: '2026-11' })) rec.add(e);
  return rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic', path: 'replay', sha256: '0', events: 50_000 } });
}

function engine(clock: ManualClock) {
  const rules = [
    rule({ model: 'assistant', id: 'injection-surge', when: DEFAULT_INJECTION, minEvents: 100, severity: 'page', action: 'rollback', strategy: 'immediate' }),
    rule({ model: 'assistant', id: 'injection-example', when: EXAMPLE_INJECTION, minEvents: 100, severity: 'page', action: 'rollback', strategy: 'immediate' }),
    rule({ model: 'assistant', id: 'naive', when: 'rate(prompt_injection) > 0.005', minEvents: 100 }),
    rule({ model: 'assistant', id: 'short-window', when: DEFAULT_INJECTION, windowMs: 10_000, minEvents: 100 }),
  ];
  const e = new DetectionEngine({ clock, rules, evaluateEveryEvents: 16 });
  e.setBaseline(baseline());
  return e;
}

const START = 1_800_000_000_000;

describe('injection rules judged against the baseline rate', () => {
  it('stays quiet on 10k benign events flagged at the baseline 1% (a naive fixed threshold fires)', () => {
    const clock = new ManualClock(START);
    const e = engine(clock);
    const events = flagStream({ seed: 2, n: 10_000, perSecond: 100, startMs: START, signal: 'prompt_injection', rate: 0.01, model: 'assistant', version: '2026-11', keys: ['shop', 'app'] });
    const anomalies = replay(e, clock, events);
    expect(anomalies.filter((a) => a.rule === 'injection-surge' || a.rule === 'short-window')).toEqual([]);
    expect(anomalies.filter((a) => a.rule === 'naive')).toHaveLength(1);
    const stats = e.stats();
    expect(stats.events).toBe(10_000);
    expect(stats.evaluations.ok).toBeGreaterThan(1000);
  });

  it('needs the binomial test: floor and 3σ alone fire on benign traffic while the window holds ~100 events', () => {
    const clock = new ManualClock(START);
    const e = engine(clock);
    const events = flagStream({ seed: 2, n: 10_000, perSecond: 100, startMs: START, signal: 'prompt_injection', rate: 0.01, model: 'assistant', version: '2026-11', keys: ['shop', 'app'] });
    const example = replay(e, clock, events).filter((a) => a.rule === 'injection-example');
    // 4 flagged of the first 100 (4%) passes max(3%, 0.94% + 3·0.96%): the normal approximation is poor at n·p ≈ 1.
    expect(example.map((a) => a.evidence.statistics['rate(prompt_injection)']?.n)).toEqual([100]);
    expect(example[0]?.evidence.statistics['binom(prompt_injection)']).toBeUndefined();
  });

  it('fires on an injection surge (10% flagged) within the 60 s window, naming flagged requests and keys', () => {
    const clock = new ManualClock(START);
    const e = engine(clock);
    const benign = flagStream({ seed: 3, n: 6000, perSecond: 100, startMs: START, signal: 'prompt_injection', rate: 0.01, model: 'assistant', version: '2026-11', keys: ['shop'] });
    const surgeStart = START + 60_000;
    const surge = flagStream({ seed: 4, n: 6000, perSecond: 100, startMs: surgeStart, signal: 'prompt_injection', rate: 0.1, model: 'assistant', version: '2026-11', keys: ['attacker', 'shop'], idPrefix: 's' });
    const before = replay(e, clock, benign).filter((a) => a.rule !== 'naive');
    expect(before).toEqual([]);
    const anomalies = replay(e, clock, surge).filter((a) => a.rule === 'injection-surge');
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0]!;
    expect(a.detectedAt).toBeGreaterThan(surgeStart);
    expect(a.detectedAt - surgeStart).toBeLessThanOrEqual(60_000);
    expect(a.detectedAt - surgeStart).toBeLessThan(25_000); // the window's rate passes 3% after ≈ 13 s
    expect(a.observed).toBeGreaterThan(0.03);
    expect(a.expected).toBeCloseTo(0.03, 10); // max(0.03, baseline + 3σ) with a baseline of 1%
    expect(a.onset).toBeLessThanOrEqual(surgeStart);
    expect(a.window.toMs).toBe(a.detectedAt);
    expect(a.timeToDetectMs).toBe(a.detectedAt - a.onset);
    expect(a.sampleRequestIds.length).toBeGreaterThan(0);
    expect(a.sampleRequestIds.length).toBeLessThanOrEqual(16);
    expect(a.sampleRequestIds.some((id) => id.startsWith('s'))).toBe(true);
    expect(a.apiKeys).toContain('attacker');
    const stats = a.evidence.statistics['binom(prompt_injection)'];
    expect(stats?.value).toBeLessThan(0.001);
    expect(a.evidence.statistics['rate(prompt_injection)']?.baseline?.expected).toBeCloseTo(0.01, 2);
    expect(toAnomalyRef(a)).toEqual({ id: a.id, rule: 'injection-surge', version: '2026-11', severity: 'page', action: 'rollback', onset: a.onset, strategy: 'immediate', apiKeys: a.apiKeys });
  });
});
