import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../detect/index.js';
import type { RequestEvent } from '../../gateway/index.js';
import type { Incident } from '../../rollback/index.js';
import { ManualClock } from '../../shared/clock.js';
import { ALL_MODELS, feedbackCounts, precision, recall } from './feedback-stats.js';
import { isFlagged, isQuery } from './query-flags.js';
import { SliMetrics } from './sli-metrics.js';
import { SlidingRate } from './sliding-rate.js';

function incident(id: string, model: string, verdict?: 'true_positive' | 'false_positive' | 'inconclusive', times: { ttd?: number; ttm?: number } = {}): Incident {
  return {
    id, model, state: 'mitigated', suspect: 'v2', lkg: 'v1', onsetAt: 0, detectedAt: 0, openedAt: 0, untrusted: null, updatedAt: 0,
    anomaly: { id, rule: 'r', version: 'v2', severity: 'page', action: 'rollback', onset: 0 },
    timeToDetectMs: times.ttd ?? 100,
    ...(times.ttm === undefined ? {} : { timeToMitigateMs: times.ttm }),
    ...(verdict === undefined ? {} : { feedback: { verdict, actor: 'alice', at: 1 } }),
  };
}

describe('precision and recall from feedback', () => {
  const incidents = [
    incident('inc-1', 'fraud', 'true_positive'),
    incident('inc-2', 'fraud', 'true_positive'),
    incident('inc-3', 'fraud', 'false_positive'),
    incident('inc-4', 'fraud', 'inconclusive'),
    incident('inc-5', 'fraud'),
    incident('missed-1', 'fraud'),
    incident('inc-6', 'chat', 'false_positive'),
  ];

  it('counts verdicts per model and for all models', () => {
    const counts = feedbackCounts(incidents);
    expect(counts.get('fraud')).toEqual({ truePositive: 2, falsePositive: 1, inconclusive: 1, unreviewed: 1, missed: 1 });
    expect(counts.get(ALL_MODELS)).toEqual({ truePositive: 2, falsePositive: 2, inconclusive: 1, unreviewed: 1, missed: 1 });
  });

  it('computes TP/(TP+FP) and TP/(TP+missed), undefined without data', () => {
    const fraud = feedbackCounts(incidents).get('fraud')!;
    expect(precision(fraud)).toBeCloseTo(2 / 3);
    expect(recall(fraud)).toBeCloseTo(2 / 3);
    const chat = feedbackCounts(incidents).get('chat')!;
    expect([precision(chat), recall(chat)]).toEqual([0, undefined]);
  });
});

describe('query flags and the sliding rate', () => {
  it('counts inference requests of declared models, flagged by an inspector finding', () => {
    expect(isQuery({ endpoint: 'chat', model: 'a' })).toBe(true);
    expect(isQuery({ endpoint: 'oip-ready', model: 'a' })).toBe(false);
    expect(isQuery({ endpoint: 'oip-infer' })).toBe(false);
    expect(isFlagged({ pii: true, latency_ms: 1 })).toBe(true);
    expect(isFlagged({ pii: false, error: true, rejected: true, ood_unavailable: true })).toBe(false);
  });

  it('forgets buckets that left the window', () => {
    const rate = new SlidingRate({ windowMs: 100, bucketMs: 10 });
    rate.observe('m', true, 0);
    rate.observe('m', false, 5);
    rate.observe('m', false, 50);
    expect(rate.ratio('m', 50)).toBeCloseTo(1 / 3);
    expect(rate.ratio('m', 105)).toBe(0);
    expect(rate.ratio('m', 500)).toBeUndefined();
    expect(rate.ratio('other', 0)).toBeUndefined();
  });
});

describe('SliMetrics', () => {
  function line(text: string, prefix: string): string | undefined {
    return text.split('\n').find((l) => l.startsWith(prefix));
  }

  it('exposes precision, recall, verdict counts, histograms, the query rate and extraction attempts', async () => {
    const registry = new Registry();
    const clock = new ManualClock(1_000_000);
    let stored: Incident[] = [incident('inc-old', 'fraud', 'true_positive', { ttd: 50, ttm: 10 })];
    const sli = new SliMetrics({ registry, incidents: { list: async () => stored }, clock, onError: () => undefined });
    await sli.start();
    stored = [...stored, incident('inc-new', 'fraud', 'false_positive', { ttd: 2_000, ttm: 30 }), incident('missed-x', 'fraud')];
    sli.observeQuery({ endpoint: 'chat', model: 'assistant', signals: { pii: true } } as unknown as RequestEvent);
    sli.observeQuery({ endpoint: 'chat', model: 'assistant', signals: { pii: false } } as unknown as RequestEvent);
    sli.observeAnomaly({ kind: 'extraction_suspected', model: 'fraud' } as Anomaly);
    sli.observeAnomaly({ kind: 'rule', model: 'fraud' } as Anomaly);
    const text = await registry.metrics();
    expect(line(text, 'bulwark_detection_precision{model="fraud"}')).toBe('bulwark_detection_precision{model="fraud"} 0.5');
    expect(line(text, 'bulwark_detection_recall{model="fraud"}')).toBe('bulwark_detection_recall{model="fraud"} 0.5');
    expect(line(text, 'bulwark_detection_feedback{model="*",verdict="missed"}')).toBe('bulwark_detection_feedback{model="*",verdict="missed"} 1');
    // inc-old was in the store before start: observed once by the previous process, not again.
    expect(line(text, 'bulwark_time_to_detect_seconds_count{model="fraud"}')).toBe('bulwark_time_to_detect_seconds_count{model="fraud"} 1');
    expect(line(text, 'bulwark_time_to_detect_seconds_sum{model="fraud"}')).toBe('bulwark_time_to_detect_seconds_sum{model="fraud"} 2');
    expect(line(text, 'bulwark_time_to_mitigate_seconds_sum{model="fraud"}')).toBe('bulwark_time_to_mitigate_seconds_sum{model="fraud"} 0.03');
    expect(line(text, 'bulwark_query_anomaly_rate{model="assistant"}')).toBe('bulwark_query_anomaly_rate{model="assistant"} 0.5');
    expect(line(text, 'bulwark_queries_total{model="assistant"}')).toBe('bulwark_queries_total{model="assistant"} 2');
    expect(line(text, 'bulwark_query_anomalies_total{model="assistant"}')).toBe('bulwark_query_anomalies_total{model="assistant"} 1');
    expect(line(text, 'bulwark_extraction_attempts_total{model="fraud"}')).toBe('bulwark_extraction_attempts_total{model="fraud"} 1');

    clock.advance(5_000);
    const again = await registry.metrics();
    expect(line(again, 'bulwark_time_to_detect_seconds_count{model="fraud"}')).toBe('bulwark_time_to_detect_seconds_count{model="fraud"} 1');
    sli.shutdown();
    expect(await registry.metrics()).not.toContain('bulwark_detection_precision');
  });

  it('reports a failing store and answers without the store-backed values', async () => {
    const errors: Error[] = [];
    const registry = new Registry();
    const sli = new SliMetrics({ registry, incidents: { list: async () => Promise.reject(new Error('store down')) }, clock: new ManualClock(0), onError: (e) => void errors.push(e) });
    const text = await registry.metrics();
    expect(text).not.toContain('bulwark_detection_precision{');
    expect(errors.map((e) => e.message)).toContain('store down');
    sli.shutdown();
  });
});
