import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import type { BaselineProfile, SignalBaseline } from '../../detect/baseline.js';
import { buildDatasetBaseline, buildTrafficBaseline } from './build.js';
import { trafficEvents } from '../../../test/helpers/demo-traffic.js';
import { mergeBaselines } from './merge.js';
import { OOD_SIGNALS } from './profile-accumulator.js';

const meta = (path: string) => ({ model: 'fraud', version: 'v2', builtAt: '2026-01-01T00:00:00.000Z', source: { path, sha256: `sha-${path}` } });
const AT = { builtAt: '2026-02-01T00:00:00.000Z' };
/** JSON form (a sketch's bucket offset may be -0 in memory, 0 on disk). */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** Events of two replicas: A serves the first 60 s, B the next 40 s (whole 10 s windows each). */
const a = trafficEvents(11, 1200, 0);
const b = trafficEvents(12, 800, 60_000);

function expectSameSignal(merged: SignalBaseline, union: SignalBaseline, windowed: boolean): void {
  expect(merged.count).toBe(union.count);
  expect(merged.flagged).toBe(union.flagged);
  expect(merged.moments.count).toBe(union.moments.count);
  const close = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(y)));
  close(merged.moments.mean, union.moments.mean);
  close(merged.moments.m2, union.moments.m2);
  expect(plain(merged.sketch)).toEqual(plain(union.sketch));
  expect(merged.histogram).toEqual(union.histogram);
  if (!windowed) return;
  expect(Object.keys(merged.windowed ?? {})).toEqual(Object.keys(union.windowed ?? {}));
  for (const [key, w] of Object.entries(union.windowed ?? {})) {
    const m = merged.windowed?.[key];
    expect(plain(m?.sketch)).toEqual(plain(w.sketch));
    expect(m?.moments.count).toBe(w.moments.count);
    close(m?.moments.mean ?? Number.NaN, w.moments.mean);
    close(m?.moments.m2 ?? Number.NaN, w.moments.m2);
  }
}

describe('mergeBaselines', () => {
  const pa = buildTrafficBaseline(a, meta('a.jsonl'));
  const pb = buildTrafficBaseline(b, meta('b.jsonl'));
  const union = buildTrafficBaseline([...a, ...b], meta('ab.jsonl'));

  it('merge(A, B) equals build(A ∪ B) for counts, moments, sketches, histograms, windows, classes, features', () => {
    const merged = mergeBaselines([pa, pb], AT);
    expect(merged.source).toMatchObject({ kind: 'traffic', events: 2000, path: 'a.jsonl,b.jsonl' });
    expect(merged.builtAt).toBe(AT.builtAt);
    expect(Object.keys(merged.signals)).toEqual(Object.keys(union.signals));
    for (const name of Object.keys(union.signals)) {
      if ((OOD_SIGNALS as readonly string[]).includes(name)) continue; // each replica scores against its own features (documented)
      expectSameSignal(merged.signals[name]!, union.signals[name]!, true);
    }
    expect(merged.classes).toEqual(union.classes);
    const fm = merged.features!;
    const fu = union.features!;
    expect(fm.count).toBe(fu.count);
    fm.mean.forEach((m, i) => expect(m).toBeCloseTo(fu.mean[i]!, 9));
    fm.covariance.forEach((c, i) => expect(Math.abs(c - fu.covariance[i]!)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(fu.covariance[i]!))));
    expect(fm.histograms).toEqual(fu.histograms);
    expect(merged.signals['ood']!.count).toBe(2000);
  });

  it('is order-invariant (byte-identical JSON) and associative in counts', () => {
    const pc = buildTrafficBaseline(trafficEvents(13, 300, 100_000), meta('c.jsonl'));
    const abc = JSON.stringify(mergeBaselines([pa, pb, pc], AT));
    expect(JSON.stringify(mergeBaselines([pc, pa, pb], AT))).toBe(abc);
    expect(JSON.stringify(mergeBaselines([pb, pc, pa], AT))).toBe(abc);
    const nested = mergeBaselines([mergeBaselines([pa, pb], AT), pc], AT);
    expect(nested.source.events).toBe(2300);
    expect(nested.signals['latency_ms']!.sketch).toEqual(JSON.parse(abc).signals.latency_ms.sketch);
  });

  it('dataset profiles merge too (features exactly)', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7) * 3, i % 7]);
    const names = ['a', 'b', 'c'];
    const whole = buildDatasetBaseline({ names, rows }, meta('d.csv'));
    const halves = mergeBaselines([buildDatasetBaseline({ names, rows: rows.slice(0, 100) }, meta('d1.csv')), buildDatasetBaseline({ names, rows: rows.slice(100) }, meta('d2.csv'))], AT);
    halves.features!.covariance.forEach((c, i) => expect(c).toBeCloseTo(whole.features!.covariance[i]!, 10));
    expectSameSignal(halves.signals['input_fingerprint']!, whole.signals['input_fingerprint']!, true);
  });

  it('refuses profiles that do not belong together', () => {
    const other: BaselineProfile = { ...pb, version: 'v1' };
    expect(thrown(() => mergeBaselines([pa, other], AT)).code).toBe('INS_ERR_BASELINE_MISMATCH');
    expect(thrown(() => mergeBaselines([pa, { ...pb, source: { ...pb.source, kind: 'dataset' } }], AT)).code).toBe('INS_ERR_BASELINE_MISMATCH');
    const narrower = buildTrafficBaseline(b.map((e) => ({ ...e, features: e.features!.slice(0, 5) })), meta('n.jsonl'));
    expect(thrown(() => mergeBaselines([pa, narrower], AT)).message).toMatch(/feature names differ/);
    const otherWindow = buildTrafficBaseline(b, meta('w.jsonl'), { windowMs: 5000 });
    expect(thrown(() => mergeBaselines([pa, otherWindow], AT)).message).toMatch(/window lengths/);
    const otherShrink = buildTrafficBaseline(b, meta('s.jsonl'), { shrinkage: 0.2 });
    expect(thrown(() => mergeBaselines([pa, otherShrink], AT)).message).toMatch(/shrinkage/);
    expect(thrown(() => mergeBaselines([], AT)).code).toBe('INS_ERR_INVALID_OPTION');
  });
});
