import { describe, expect, it } from 'vitest';
import { runInspector } from '../../../test/helpers/inspector-exchange.js';
import { thrown } from '../../../test/helpers/errors.js';
import type { BaselineProfile } from '../../detect/baseline.js';
import { attackerCheckouts, CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../models/demo/index.js';
import { buildDatasetBaseline } from '../baseline/build.js';
import { staticResources } from '../resources.js';
import { oodDefinition } from './definition.js';
import { cholesky, inverseFromCholesky, quadraticForm } from './linalg.js';
import { oodSignals } from './ood-inspector.js';
import { chiQuantile, compileOod } from './ood-model.js';
import { decodeOipInputs } from '../oip/tensors.js';

const WIDTH = CHECKOUT_FEATURES.length;
const rowsOf = (x: Float32Array): number[][] => Array.from({ length: x.length / WIDTH }, (_, i) => Array.from(x.subarray(i * WIDTH, (i + 1) * WIDTH)));
const meta = { model: 'fraud', version: 'v1', builtAt: '2026-01-01T00:00:00.000Z', source: { path: 'checkouts.csv', sha256: 'abc' } };
const oip = (row: readonly number[]) => ({ inputs: [{ name: 'checkout', datatype: 'FP32', shape: [1, row.length], data: row }] });

describe('linear algebra', () => {
  it('factorises, inverts and evaluates the quadratic form', () => {
    const a = Float64Array.of(4, 2, 0.6, 2, 5, 1, 0.6, 1, 3);
    const l = cholesky(a, 3)!;
    const inv = inverseFromCholesky(l, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += (a[i * 3 + k] as number) * (inv[k * 3 + j] as number);
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined();
    expect(quadraticForm(Float64Array.of(0.25, 0, 0, 1), [0, 0], [2, 1], 2, new Float64Array(2))).toBe(2);
  });

  it('chi quantile approximates the chi-square p99', () => {
    expect(chiQuantile(0.99, 13) ** 2).toBeCloseTo(27.688, 0); // scipy.stats.chi2.ppf(0.99, 13) = 27.688
    expect(chiQuantile(0.99, 2) ** 2).toBeCloseTo(9.21, 0);
  });
});

describe('compileOod', () => {
  const features = { names: ['a', 'b'], count: 100, mean: [1, 2], covariance: [4, 0, 0, 9], shrinkage: 0.1, histograms: [] };
  it('gives per-feature z and the Mahalanobis distance', () => {
    const m = compileOod({ signals: {}, features }, { threshold: 3 });
    const s = m.score([3, 2]);
    expect(s.maxZ).toBeCloseTo(1, 12);
    expect(s.mahalanobis).toBeCloseTo(1, 12);
    expect(m.score([1, 11]).mahalanobis).toBeCloseTo(3, 12);
    expect(m.threshold).toBe(3);
  });

  it('survives a constant feature (variance floor) and reports bad baselines', () => {
    const constant = compileOod({ signals: {}, features: { ...features, covariance: [4, 0, 0, 0] } });
    expect(constant.score([1, 2]).mahalanobis).toBeCloseTo(0, 9);
    expect(constant.score([1, 2.1]).mahalanobis).toBeGreaterThan(1000);
    expect(thrown(() => compileOod({ signals: {} })).code).toBe('INS_ERR_BASELINE_INVALID');
    expect(thrown(() => compileOod({ signals: {}, features: { ...features, mean: [1] } })).code).toBe('INS_ERR_BASELINE_INVALID');
  });

  it('defaults to the chi p99 when the baseline recorded no distances', () => {
    expect(compileOod({ signals: {}, features }).threshold).toBeCloseTo(chiQuantile(0.99, 2), 12);
  });
});

describe('OOD on the demo checkouts', () => {
  const rows = rowsOf(encodeCheckouts(generateCheckouts({ seed: 3, n: 4000 }).rows));
  const profile: BaselineProfile = buildDatasetBaseline({ names: CHECKOUT_FEATURES, rows }, meta);
  const resources = staticResources({ fraud: { v1: { baseline: profile } } });
  const run = (row: readonly number[], threshold?: number) =>
    runInspector(oodDefinition(resources), { protocol: 'oip-v2', model: 'fraud', json: oip(row) }, threshold === undefined ? {} : { threshold });

  it('flags about 1% of fresh benign checkouts at the baseline p99, and far more of the attack', () => {
    const model = compileOod(profile);
    expect(model.threshold).toBeGreaterThan(3);
    const fresh = rowsOf(encodeCheckouts(generateCheckouts({ seed: 4, n: 2000 }).rows));
    const fpr = fresh.filter((r) => model.score(r).mahalanobis > model.threshold).length / fresh.length;
    expect(fpr).toBeGreaterThan(0.002);
    expect(fpr).toBeLessThan(0.03);
    const attack = rowsOf(encodeCheckouts(attackerCheckouts({ seed: 99, n: 30 })));
    expect(attack.filter((r) => model.score(r).mahalanobis > model.threshold).length).toBeGreaterThanOrEqual(20);
  });

  it('writes ood_max_z, ood_mahalanobis and ood; the threshold setting overrides', () => {
    const typical = run(profile.features!.mean);
    expect(typical).toEqual({ ood_max_z: expect.closeTo(0, 9), ood_mahalanobis: expect.closeTo(0, 9), ood: false });
    const far = run(profile.features!.mean.map((m, i) => (i === 0 ? m + 100_000 : m)));
    expect(far['ood']).toBe(true);
    expect(far['ood_max_z']).toBeGreaterThan(10);
    expect(run(profile.features!.mean.map((m, i) => (i === 0 ? m + 100_000 : m)), 1e9)['ood']).toBe(false);
  });

  it('says when it cannot measure, and takes the max over a batch', () => {
    expect(run([1, 2, 3])).toEqual({ ood_unavailable: true });
    expect(runInspector(oodDefinition(resources), { protocol: 'oip-v2', model: 'fraud', version: 'v2', json: oip(rows[0]!) })).toEqual({ ood_unavailable: true });
    const batch = { inputs: [{ name: 'c', datatype: 'FP32', shape: [2, WIDTH], data: [...profile.features!.mean, ...profile.features!.mean.map((m) => m + 1000)] }] };
    const result = oodSignals(decodeOipInputs(batch, 1000), compileOod(profile));
    expect(result.ok && result.ood).toBe(true);
    expect(oodSignals(decodeOipInputs({}, 10), compileOod(profile))).toEqual({ ok: false, reason: 'no_numeric_input' });
  });
});
