/**
 * The hot-path series expose exactly what prom-client's own Counter and Histogram expose
 * for the same observations (the reference), in the same text format.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS_SECONDS } from './metrics.js';
import { CellCounter, CellHistogram } from './request-series.js';

describe('request series', () => {
  it('print the same exposition as prom-client for the same counts and observations', async () => {
    const ours = new Registry();
    const reference = new Registry();
    const counter = new CellCounter('x_requests_total', 'Requests.', ['model', 'version', 'endpoint', 'status'], ours);
    const histogram = new CellHistogram('x_duration_seconds', 'Duration.', ['model', 'version'], LATENCY_BUCKETS_SECONDS, ours);
    const refCounter = new Counter({ name: 'x_requests_total', help: 'Requests.', labelNames: ['model', 'version', 'endpoint', 'status'], registers: [reference] });
    const refHistogram = new Histogram({ name: 'x_duration_seconds', help: 'Duration.', labelNames: ['model', 'version'], buckets: [...LATENCY_BUCKETS_SECONDS], registers: [reference] });
    const requests: [string, string, string, string][] = [['fraud', 'v1', 'oip-infer', '200'], ['fraud', 'v2', 'oip-infer', '200'], ['fraud', 'v1', 'oip-infer', '200'], ['', '', 'other', '404'], ['fraud', 'v"1\\', 'chat', '502']];
    for (const [m, v, e, s] of requests) {
      counter.at(m, v, e, s).value++;
      refCounter.inc({ model: m, version: v, endpoint: e, status: s });
    }
    const observations: [string, string, number][] = [['fraud', 'v1', 0.0004], ['fraud', 'v1', 0.001], ['fraud', 'v1', 0.0011], ['fraud', 'v2', 70], ['fraud', 'v2', 0.25]];
    for (const [m, v, x] of observations) {
      histogram.at(m, v).observe(x);
      refHistogram.observe({ model: m, version: v }, x);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    const withoutExemplars = (json: readonly object[]) => JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === 'exemplar' ? undefined : value))) as unknown;
    expect(withoutExemplars(await ours.getMetricsAsJSON())).toEqual(withoutExemplars(await reference.getMetricsAsJSON()));
    ours.resetMetrics();
    expect(await ours.metrics()).toBe('# HELP x_requests_total Requests.\n# TYPE x_requests_total counter\n\n# HELP x_duration_seconds Duration.\n# TYPE x_duration_seconds histogram\n');
  });
});
