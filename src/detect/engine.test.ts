import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/errors.js';
import { BaselineRecorder } from './baseline-recorder.js';
import type { BaselineProfile } from './baseline.js';
import { DetectionEngine } from './engine.js';
import type { EvaluationRecord } from './engine.js';
import { event, flagStream, ManualClock, replay, rule } from './fixtures.contract.js';
import { toAnomalyRef } from './anomaly.js';

const T0 = 1_800_000_000_000;

function flagBaseline(rate = 0.01, model = 'm', version = 'v1'): BaselineProfile {
  const rec = new BaselineRecorder({ model, version });
  for (const e of flagStream({ seed: 1, n: 20_000, perSecond: 100, startMs: 0, signal: 'x', rate, model, version })) rec.add(e);
  return rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic', path: 't', sha256: '0', events: 20_000 } });
}

/** `n` events one per 10 ms from `start`, x true with the given share (deterministic). */
function stream(n: number, start: number, share: number, extra: { version?: string; key?: string; idPrefix?: string } = {}) {
  return Array.from({ length: n }, (_, i) => event({ t: start + i * 10, id: `${extra.idPrefix ?? 'e'}${start + i}`, ...(extra.version === undefined ? {} : { version: extra.version }), ...(extra.key === undefined ? {} : { key: extra.key }), signals: { x: (i * share) % 1 > 1 - share - 1e-9 } }));
}

describe('DetectionEngine', () => {
  it('dry-run rules evaluate and record, and their anomalies never act', () => {
    const clock = new ManualClock(T0);
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'dry', when: 'rate(x) > 0.3', action: 'rollback', dryRun: true })] });
    const records: EvaluationRecord[] = [];
    engine.onEvaluation((r) => records.push(r));
    const anomalies = replay(engine, clock, stream(200, T0, 0.5));
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ dryRun: true, action: 'rollback' });
    expect(toAnomalyRef(anomalies[0]!).action).toBe('alert'); // the breaker records it and never acts
    expect(records.every((r) => r.dryRun)).toBe(true);
    expect(records.some((r) => r.verdict === 'anomalous')).toBe(true);
    expect(engine.stats()).toMatchObject({ anomalies: 1, dryRunAnomalies: 1 });
  });

  it('holds the condition for holdFor before firing (hysteresis), and tick() completes a hold without events', () => {
    const clock = new ManualClock(T0);
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'held', when: 'rate(x) > 0.3', holdForMs: 2000 })] });
    const fired = replay(engine, clock, stream(150, T0, 0.5)); // 1.5 s of traffic
    expect(fired).toEqual([]);
    const out: number[] = [];
    engine.onAnomaly((a) => out.push(a.detectedAt));
    clock.set(T0 + 2600);
    engine.tick();
    expect(out).toEqual([T0 + 2600]);
  });

  it('escalates evaluation errors to an anomaly only after consecutiveErrorLimit, reporting each error', () => {
    const clock = new ManualClock(T0);
    const errors: Error[] = [];
    const profile = flagBaseline();
    const broken: BaselineProfile = { ...profile, signals: { ...profile.signals, x: Object.defineProperty({ ...profile.signals['x']! }, 'moments', { get: () => { throw new Error('corrupt moments'); } }) } };
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'm', when: 'mean(x) > baseline + 3 sigma', minEvents: 10, consecutiveErrorLimit: 3 })], baselines: () => broken, evaluateEveryEvents: 20, evaluateEveryMs: 1000, onError: (e) => errors.push(e) });
    const records: EvaluationRecord[] = [];
    engine.onEvaluation((r) => records.push(r));
    const anomalies = replay(engine, clock, stream(80, T0, 0.5));
    // The first evaluation (1 event, below minEvents) never reads the baseline: inconclusive.
    expect(records.map((r) => r.verdict)).toEqual(['inconclusive', 'error', 'error', 'error']);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: 'evaluation_errors', observed: undefined, evidence: { reason: 'corrupt moments' } });
    expect(errors.filter((e) => (e as { code?: string }).code === 'DET_ERR_EVALUATION')).toHaveLength(3);
    expect(engine.stats().evaluations.error).toBe(3);
  });

  it('applies knob changes without losing window state; a changed expression starts over', () => {
    const clock = new ManualClock(T0);
    const base = rule({ id: 'k', when: 'rate(x) > 0.5', minEvents: 50 });
    const engine = new DetectionEngine({ clock, rules: [base] });
    expect(replay(engine, clock, stream(100, T0, 0.4))).toEqual([]);
    const report = engine.configure([{ ...base, when: 'rate(x) > 0.5', windowMs: 30_000, minEvents: 60 }]);
    expect(report['m']).toMatchObject({ knobs: ['k'], changed: [], added: [], removed: [] });
    const records: EvaluationRecord[] = [];
    engine.onEvaluation((r) => records.push(r));
    engine.configure([{ ...base, when: 'rate(x) > 0.3', windowMs: 30_000, minEvents: 60 }]);
    const fired = replay(engine, clock, stream(1, T0 + 1000, 0));
    // The window kept its 100 events across both reloads: the new condition fires on the next event.
    expect(fired).toHaveLength(1);
    expect(records[0]?.evaluation.evidence.statistics['rate(x)']?.n).toBe(101);
    const again = engine.configure([]);
    expect(again['m']?.removed).toEqual(['k']);
  });

  it('reports configure problems and keeps the previous version of the rule in force', () => {
    const clock = new ManualClock(T0);
    const errors: Error[] = [];
    const good = rule({ id: 'g', when: 'rate(x) > 0.3', minEvents: 10 });
    const engine = new DetectionEngine({ clock, rules: [good], onError: (e) => errors.push(e) });
    const report = engine.configure([{ ...good, when: 'rate(x >' }]);
    expect(report['m']?.errors.map((e) => (e.error as { code?: string }).code)).toEqual(['DET_ERR_RULE_PARSE']);
    expect(errors).toHaveLength(1);
    expect(replay(engine, clock, stream(50, T0, 0.5))).toHaveLength(1);
  });

  it('never lets a listener break it: errors go to the handler and the other listeners still run', () => {
    const clock = new ManualClock(T0);
    const errors: Error[] = [];
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'l', when: 'rate(x) > 0.3', minEvents: 10 })], onError: (e) => errors.push(e) });
    engine.onAnomaly(() => {
      throw new Error('sink down');
    });
    engine.onEvaluation(() => {
      throw new Error('recorder down');
    });
    const anomalies = replay(engine, clock, stream(50, T0, 0.5));
    expect(anomalies).toHaveLength(1);
    expect(errors.some((e) => e.message.includes('sink down'))).toBe(true);
    expect((errors[0] as { code?: string }).code).toBe('DET_ERR_LISTENER');
    expect(engine.stats().listenerErrors).toBeGreaterThan(1);
  });

  it('stays inconclusive without a baseline and reports DET_ERR_NO_BASELINE once per version', () => {
    const clock = new ManualClock(T0);
    const errors: { code?: string }[] = [];
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'b', when: 'rate(x) > baseline + 3 sigma', minEvents: 10 })], evaluateEveryEvents: 10, onError: (e) => errors.push(e as { code?: string }) });
    expect(replay(engine, clock, stream(200, T0, 0.9))).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['DET_ERR_NO_BASELINE']);
    expect(engine.stats().evaluations.inconclusive).toBeGreaterThan(5);
    engine.setBaseline(flagBaseline(0.01));
    expect(replay(engine, clock, stream(20, T0 + 2000, 0.9))).toHaveLength(1);
  });

  it('bounds memory: versions and API keys beyond their caps are evicted and counted', () => {
    const clock = new ManualClock(T0);
    const engine = new DetectionEngine({
      clock,
      rules: [rule({ id: 'r', when: 'rate(x) > 0.99' }), rule({ id: 'u', when: 'unique_rate(api_key) < 0' })],
      maxVersionsPerModel: 2,
      maxKeysPerModel: 3,
    });
    const events = ['v1', 'v2', 'v3', 'v1'].flatMap((version, i) => stream(5, T0 + i * 100, 0, { version, key: `k${i}`, idPrefix: version }));
    replay(engine, clock, [...events, ...stream(5, T0 + 900, 0, { key: 'k9' })]);
    expect(engine.stats()).toMatchObject({ series: 2, evictedVersions: 2, keys: 3, evictedKeys: 2 });
  });

  it('skips events without a model or version, and counts events of models without rules', () => {
    const clock = new ManualClock(T0);
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'r', when: 'rate(x) > 0.5' })] });
    engine.ingest({ requestId: 'a', timings: { receivedAt: T0 }, signals: {} });
    engine.ingest(event({ t: T0, model: 'other' }));
    expect(engine.stats()).toMatchObject({ events: 2, skipped: 1, unwatched: 1 });
  });

  it('is deterministic: the same stream gives the same anomalies, ids included', () => {
    const run = () => {
      const clock = new ManualClock(T0);
      const engine = new DetectionEngine({ clock, rules: [rule({ id: 'd', when: 'rate(x) > max(0.03, baseline + 3 sigma)', minEvents: 100 })] });
      engine.setBaseline(flagBaseline());
      return replay(engine, clock, [...flagStream({ seed: 5, n: 3000, perSecond: 100, startMs: T0, signal: 'x', rate: 0.01 }), ...flagStream({ seed: 6, n: 3000, perSecond: 100, startMs: T0 + 30_000, signal: 'x', rate: 0.2, idPrefix: 's' })]);
    };
    const a = run();
    expect(a).toHaveLength(1);
    expect(run()).toEqual(a);
    expect(a[0]?.id).toBe(`m:d:${a[0]?.detectedAt}:1`);
  });

  it('counts late events and judges windows by event time', () => {
    const clock = new ManualClock(T0 + 120_000);
    const engine = new DetectionEngine({ clock, rules: [rule({ id: 'r', when: 'count(x) > 1000', windowMs: 10_000 })] });
    engine.ingest(event({ t: T0 + 120_000, signals: { x: true } }));
    engine.ingest(event({ t: T0, signals: { x: true } })); // two minutes late for a 10 s window
    expect(engine.stats().lateEvents).toBe(1);
  });

  it('validates options and baselines', () => {
    expect(thrown(() => new DetectionEngine({ clock: new ManualClock(0), evaluateEveryEvents: 0 })).code).toBe('DET_ERR_BAD_OPTION');
    expect(thrown(() => new DetectionEngine({ clock: new ManualClock(0), prada: { maxDistances: 6000 } })).message).toContain('prada.maxDistances');
    const engine = new DetectionEngine({ clock: new ManualClock(0) });
    expect(thrown(() => engine.setBaseline({ ...flagBaseline(), format: 'v0' } as unknown as BaselineProfile)).code).toBe('DET_ERR_BAD_BASELINE');
    const h = flagBaseline();
    const bad = { ...h, signals: { x: { ...h.signals['x']!, histogram: { edges: [1, 0], counts: [1, 2, 3] } } } };
    expect(thrown(() => engine.setBaseline(bad)).message).toContain('signals.x.histogram.edges must be strictly ascending');
    const report = engine.configure([rule({ id: 'w', when: 'rate(x) > 0', windowMs: 7_200_000 })]);
    expect((report['m']?.errors[0]?.error as { code?: string }).code).toBe('DET_ERR_BAD_OPTION');
  });

  it('saves windows and rule states with toJSON() and restores them after a restart', () => {
    const rules = [
      rule({ id: 'rate', when: 'rate(x) > max(0.03, baseline + 3 sigma)', minEvents: 100 }),
      rule({ id: 'p99', when: 'p99(latency_ms) > 1000', minEvents: 100 }),
      rule({ id: 'entropy', when: 'entropy(input_fingerprint) < 1', windowMs: 10_000, minEvents: 100 }),
      rule({ id: 'drift', when: 'ks(x) < 0.000001', minEvents: 100 }),
    ];
    const profile = flagBaseline();
    const events = [...flagStream({ seed: 5, n: 3000, perSecond: 100, startMs: T0, signal: 'x', rate: 0.01 }), ...flagStream({ seed: 6, n: 3000, perSecond: 100, startMs: T0 + 30_000, signal: 'x', rate: 0.2, idPrefix: 's' })].map((e, i) => ({ ...e, signals: { ...e.signals, latency_ms: 10 + (i % 7), input_fingerprint: i % 50 } }));
    const cut = 3500;
    const fresh = () => {
      const clock = new ManualClock(T0);
      const engine = new DetectionEngine({ clock, rules });
      engine.setBaseline(profile);
      return { clock, engine };
    };
    const whole = fresh();
    const all = replay(whole.engine, whole.clock, events);
    const first = fresh();
    const before = replay(first.engine, first.clock, events.slice(0, cut));
    const saved = JSON.parse(JSON.stringify(first.engine.toJSON())) as unknown;
    const second = fresh();
    second.clock.set(first.clock.now());
    second.engine.restore(saved);
    const after = replay(second.engine, second.clock, events.slice(cut));
    expect([...before, ...after].map((a) => [a.rule, a.detectedAt, a.observed])).toEqual(all.map((a) => [a.rule, a.detectedAt, a.observed]));
    expect(new Set(all.map((a) => a.rule))).toEqual(new Set(['rate', 'drift']));
    expect(thrown(() => second.engine.restore({ format: 'bulwark.detect/v0', series: [] })).code).toBe('DET_ERR_BAD_STATE');
    expect(thrown(() => second.engine.restore({ format: 'bulwark.detect/v1', series: [{ model: 'm', version: 'v1', firstMs: 0, trackers: { a: { head: 1, buckets: [{ sec: 1 }] } }, rules: {} }] })).message).toContain('malformed bucket');
  });
});
