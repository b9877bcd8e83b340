import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { checkoutRows, trafficEvents } from '../../../test/helpers/demo-traffic.js';
import { attackerCheckouts, CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../models/demo/index.js';
import { QuantileSketch } from '../../shared/math/index.js';
import type { ModelSignature } from '../../shared/signature.js';
import { fingerprintRows } from '../entropy/fingerprint.js';
import { buildDatasetBaseline, buildTrafficBaseline } from './build.js';
import { BOOLEAN_EDGES, LOG_EDGES, UNIT_EDGES } from './grid.js';
import { parseBaselineProfile } from './profile-schema.js';
import { parseTrafficEvent, selectEvents } from './traffic.js';
import { WINDOWED_KEYS } from './windows.js';

const WIDTH = CHECKOUT_FEATURES.length;
const rowsOf = checkoutRows;
const meta = (path = 'traffic.jsonl') => ({ model: 'fraud', version: 'v2', builtAt: '2026-01-01T00:00:00.000Z', source: { path, sha256: `sha-of-${path}` } });

describe('buildTrafficBaseline', () => {
  const events = trafficEvents(5, 2000);
  const profile = buildTrafficBaseline(events, meta());

  it('records every signal: counts, moments, sketch, fixed-edge histogram, flagged counts', () => {
    expect(profile).toMatchObject({ format: 'bulwark.baseline/v1', model: 'fraud', version: 'v2', source: { kind: 'traffic', path: 'traffic.jsonl', events: 2000 } });
    const injection = profile.signals['prompt_injection']!;
    const flagged = events.filter((e) => e.signals['prompt_injection'] === true).length;
    expect(injection).toMatchObject({ count: 2000, flagged, histogram: { edges: [...BOOLEAN_EDGES], counts: [2000 - flagged, flagged] } });
    expect(injection.moments.mean).toBeCloseTo(flagged / 2000, 12);
    const latency = profile.signals['latency_ms']!;
    expect(latency.flagged).toBeUndefined();
    expect(latency.histogram.edges).toEqual([...LOG_EDGES]);
    expect(latency.histogram.counts.reduce((a, b) => a + b, 0)).toBe(2000);
    const values = events.map((e) => e.signals['latency_ms'] as number).sort((a, b) => a - b);
    expect(QuantileSketch.restore(latency.sketch).quantile(0.5)).toBeCloseTo(values[999]!, 0);
    expect(profile.signals['prompt_injection_score']!.histogram.edges).toEqual([...UNIT_EDGES]);
  });

  it('records the class distribution and the feature statistics', () => {
    expect(Object.values(profile.classes ?? {}).reduce((a, b) => a + b, 0)).toBe(2000);
    expect(Object.keys(profile.classes ?? {})).toEqual(['0', '1']);
    const f = profile.features!;
    expect(f.names).toEqual(Array.from({ length: WIDTH }, (_, i) => `x[${i}]`));
    expect(f.count).toBe(2000);
    const meanAmount = events.reduce((s, e) => s + e.features![0]!, 0) / 2000;
    expect(f.mean[0]).toBeCloseTo(meanAmount, 9);
    expect(f.shrinkage).toBe(0.1);
    expect(f.covariance).toHaveLength(WIDTH * WIDTH);
  });

  it('recomputes OOD signals against its own features: about 1% flagged at its p99', () => {
    const ood = profile.signals['ood']!;
    expect(ood.count).toBe(2000);
    expect(ood.flagged).toBeGreaterThanOrEqual(10);
    expect(ood.flagged).toBeLessThanOrEqual(30);
    expect(profile.signals['ood_mahalanobis']!.count).toBe(2000);
  });

  it('records the windowed entropy of input_fingerprint over 10 s windows', () => {
    const windowed = profile.signals['input_fingerprint']!.windowed!;
    const bits = windowed[WINDOWED_KEYS.entropy]!;
    expect(bits.windowMs).toBe(10_000);
    expect(bits.moments.count).toBe(10); // 2000 events × 50 ms = 100 s
    expect(bits.moments.mean).toBeGreaterThan(Math.log2(200) - 0.2); // 200 events per window, nearly all distinct
    expect(windowed[WINDOWED_KEYS.normalized]!.moments.mean).toBeGreaterThan(0.97);
  });

  it('derives fingerprints from features when the events carry none, and names features after the signature', () => {
    const bare = events.slice(0, 400).map((e) => ({ ...e, signals: { latency_ms: e.signals['latency_ms'] as number } }));
    const signature: ModelSignature = { inputs: [{ name: 'checkout', datatype: 'FP32', shape: [-1, WIDTH] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] };
    const p = buildTrafficBaseline(bare, meta(), { signature, windowMs: 5000 });
    expect(p.signals['input_fingerprint']!.count).toBe(400);
    expect(p.signals['input_fingerprint']!.windowed![WINDOWED_KEYS.entropy]!.moments.count).toBe(4);
    expect(p.features!.names[0]).toBe('checkout[0]');
  });

  it('the attacker\'s burst gives a collapsed window entropy', () => {
    const attack = rowsOf(encodeCheckouts(attackerCheckouts({ seed: 9, n: 400 }))).map((features, i) => ({ receivedAt: i * 50, features, signals: { input_fingerprint: fingerprintRows([features]) } }));
    const p = buildTrafficBaseline(attack, meta());
    expect(p.signals['input_fingerprint']!.windowed![WINDOWED_KEYS.entropy]!.moments.mean).toBeLessThan(1.6);
  });

  it('rejects empty input and bad options', () => {
    expect(thrown(() => buildTrafficBaseline([], meta())).code).toBe('INS_ERR_BASELINE_INPUT');
    expect(thrown(() => buildTrafficBaseline(events, meta(), { shrinkage: 1 })).code).toBe('INS_ERR_INVALID_OPTION');
    expect(thrown(() => buildTrafficBaseline(events, meta(), { windowMs: 0 })).code).toBe('INS_ERR_INVALID_OPTION');
  });

  it('is deterministic and validates as a profile after a JSON round trip', () => {
    expect(JSON.stringify(buildTrafficBaseline(events, meta()))).toBe(JSON.stringify(profile));
    const json = JSON.parse(JSON.stringify(profile));
    expect(parseBaselineProfile(json, 'p.json')).toEqual(json);
  });
});

describe('buildDatasetBaseline', () => {
  const rows = rowsOf(encodeCheckouts(generateCheckouts({ seed: 8, n: 1000 }).rows));
  const signature: ModelSignature = { inputs: [{ name: 'checkout', datatype: 'FP32', shape: [-1, WIDTH], range: [0, 4000] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] };

  it('computes the inspectors\' signals from features, windows of rows, and the label distribution', () => {
    const labels = rows.map((_, i) => (i % 50 === 0 ? 'fraud' : 'ok'));
    const p = buildDatasetBaseline({ names: CHECKOUT_FEATURES, rows, labels }, meta('checkouts.csv'), { signature, windowRows: 100 });
    expect(p.source).toEqual({ kind: 'dataset', path: 'checkouts.csv', sha256: 'sha-of-checkouts.csv', events: 1000 });
    expect(Object.keys(p.signals)).toEqual(['input_fingerprint', 'ood', 'ood_mahalanobis', 'ood_max_z', 'schema_violation']);
    const violations = rows.filter((r) => r.some((v) => v > 4000)).length;
    expect(p.signals['schema_violation']!.flagged).toBe(violations);
    expect(p.classes).toEqual({ fraud: 20, ok: 980 });
    const bits = p.signals['input_fingerprint']!.windowed![WINDOWED_KEYS.entropy]!;
    expect(bits).toMatchObject({ windowMs: 0, windowEvents: 100 });
    expect(bits.moments.count).toBe(10);
    expect(p.features!.names).toEqual([...CHECKOUT_FEATURES]);
  });

  it('uses model probabilities for output signals and classes, and extra per-row signals', () => {
    const probabilities = rows.map((_, i) => (i % 4 === 0 ? [0.2, 0.8] : [0.9, 0.1]));
    const squeeze = rows.map((_, i) => i / 1000);
    const p = buildDatasetBaseline({ names: CHECKOUT_FEATURES, rows, probabilities, labels: rows.map(() => 'ignored'), extraSignals: { squeeze_l1: squeeze } }, meta('d.csv'));
    expect(p.classes).toEqual({ 0: 750, 1: 250 });
    expect(p.signals['confidence']!.moments.mean).toBeCloseTo(0.875, 12);
    expect(p.signals['squeeze_l1']!.count).toBe(1000);
  });

  it('rejects empty, ragged or non-finite data', () => {
    expect(thrown(() => buildDatasetBaseline({ names: [], rows: [] }, meta('d.csv'))).code).toBe('INS_ERR_BASELINE_INPUT');
    expect(thrown(() => buildDatasetBaseline({ names: ['a', 'b'], rows: [[1, 2], [3]] }, meta('d.csv'))).message).toMatch(/row 2 has 1 values, expected 2/);
    expect(thrown(() => buildDatasetBaseline({ names: ['a'], rows: [[Number.NaN]] }, meta('d.csv'))).message).toMatch(/column "a" is not a finite number/);
    expect(thrown(() => buildDatasetBaseline({ names: ['a'], rows: [[1]], extraSignals: { s: [] } }, meta('d.csv'))).code).toBe('INS_ERR_BASELINE_INPUT');
  });
});

describe('traffic lines', () => {
  it('parses RequestEvents and filters by model and version', () => {
    const e = parseTrafficEvent({ requestId: 'r', model: 'fraud', version: 'v2', timings: { receivedAt: 5, totalMs: 1 }, signals: { a: 1, b: true, c: 'x', d: null }, features: [1, 2] }, 1, 't.jsonl');
    expect(e).toEqual({ receivedAt: 5, signals: { a: 1, b: true }, features: [1, 2], model: 'fraud', version: 'v2' });
    expect(selectEvents([e, { ...e, version: 'v1' }, { receivedAt: 1, signals: {} }], 'fraud', 'v2')).toHaveLength(2);
    expect(thrown(() => parseTrafficEvent([], 3, 't.jsonl')).message).toBe('t.jsonl: line 3 is not a JSON object');
    expect(thrown(() => parseTrafficEvent({ timings: { receivedAt: 1 } }, 4, 't.jsonl')).message).toMatch(/line 4 has no "signals" object/);
    expect(thrown(() => parseTrafficEvent({ signals: {} }, 5, 't.jsonl')).message).toMatch(/timings.receivedAt/);
    expect(thrown(() => parseTrafficEvent({ signals: {}, timings: { receivedAt: 1 }, features: ['a'] }, 6, 't.jsonl')).code).toBe('INS_ERR_BASELINE_INPUT');
  });
});

describe('parseBaselineProfile', () => {
  it('names the first problem', () => {
    expect(thrown(() => parseBaselineProfile({ format: 'other' }, 'x.json')).message).toMatch(/^x\.json: format: .*expected format "bulwark\.baseline\/v1"/);
    const p = buildTrafficBaseline(trafficEvents(1, 50), meta());
    const broken = JSON.parse(JSON.stringify(p));
    broken.signals.latency_ms.histogram.counts.pop();
    expect(thrown(() => parseBaselineProfile(broken, 'x.json')).message).toMatch(/signals\.latency_ms\.histogram/);
    const badFeatures = JSON.parse(JSON.stringify(p));
    badFeatures.features.mean.pop();
    expect(thrown(() => parseBaselineProfile(badFeatures, 'x.json')).code).toBe('INS_ERR_BASELINE_INVALID');
    const badSketch = JSON.parse(JSON.stringify(p));
    badSketch.signals.latency_ms.sketch.count += 1;
    expect(thrown(() => parseBaselineProfile(badSketch, 'x.json')).message).toMatch(/signals\.latency_ms: QuantileSketch\.restore/);
  });
});
