import { describe, expect, it } from 'vitest';
import type { Anomaly, Incident } from '../api/openapi-types';
import { buildHeatmap, signalOf } from './heatmap';
import { incidentStats, mostAffected } from './incidents';

function incident(over: Partial<Incident>): Incident {
  return { id: 'i', kind: 'detected', model: 'fraud', state: 'mitigated', suspect: 'v2', lkg: 'v1', anomaly: { id: 'a', rule: 'r', version: 'v2', severity: 'page' }, onsetAt: 0, detectedAt: 1_000, openedAt: 1_000, timeToDetectMs: 400, updatedAt: 1_000, runbooks: [], ...over };
}

function anomaly(over: Partial<Anomaly>): Anomaly {
  return { id: 'x', kind: 'rule', model: 'fraud', version: 'v2', rule: 'r', condition: 'rate(shadow_disagree) > max(0.05, baseline + 3 sigma)', onset: 0, detectedAt: 10_000, timeToDetectMs: 5, severity: 'page', action: 'rollback', dryRun: false, sampleRequestIds: [], apiKeys: [], ...over };
}

describe('incident figures', () => {
  it('means over detected incidents only; missed ones are counted apart', () => {
    const stats = incidentStats([incident({ id: '1', timeToDetectMs: 200, timeToMitigateMs: 30 }), incident({ id: '2', timeToDetectMs: 600, state: 'resolved' }), incident({ id: '3', kind: 'missed', timeToDetectMs: 99_999 })]);
    expect(stats).toEqual({ detected: 2, missed: 1, open: 2, meanTimeToDetectMs: 400, meanTimeToMitigateMs: 30 });
    expect(incidentStats([]).meanTimeToDetectMs).toBeNull();
  });

  it('ranks models by incidents, then anomalies, with untrusted requests summed', () => {
    const rows = mostAffected([incident({ model: 'a', untrusted: { count: 12 } }), incident({ model: 'a', state: 'resolved' }), incident({ model: 'b' })], [anomaly({ model: 'b' }), anomaly({ id: 'y', model: 'c' })]);
    expect(rows.map((r) => [r.model, r.incidents, r.open, r.anomalies, r.untrusted])).toEqual([
      ['a', 2, 1, 0, 12],
      ['b', 1, 1, 1, 0],
      ['c', 0, 0, 1, 0],
    ]);
  });
});

describe('signal heatmap', () => {
  it('names the signal by the first measurement of the condition, else the rule', () => {
    expect(signalOf({ condition: 'entropy_normalized(input_fingerprint) < min(0.95, baseline.p01)', rule: 'e' })).toBe('entropy_normalized(input_fingerprint)');
    expect(signalOf({ condition: 'max(rate(error), 0) > 1', rule: 'e' })).toBe('rate(error)');
    expect(signalOf({ condition: 'latency_p99 > 300', rule: 'slow' })).toBe('slow');
  });

  it('counts the last hour by signal × model, every model a column, worst severity kept', () => {
    const now = 4_000_000;
    const map = buildHeatmap([anomaly({ id: '1', detectedAt: now - 10 }), anomaly({ id: '2', detectedAt: now - 20, severity: 'soft', model: 'chat' }), anomaly({ id: '3', detectedAt: now - 3_700_000 })], ['fraud', 'idle'], now);
    expect(map.models).toEqual(['chat', 'fraud', 'idle']);
    expect(map.signals).toEqual(['rate(shadow_disagree)']);
    expect(map.cells['rate(shadow_disagree)']).toEqual({ fraud: { count: 1, lastAt: now - 10, severity: 'page' }, chat: { count: 1, lastAt: now - 20, severity: 'soft' } });
    expect(map.max).toBe(1);
  });
});
