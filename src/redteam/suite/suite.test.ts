/**
 * The pieces of `bulwark redteam run` (issue 10, item 3) that are pure: the suite schema
 * and its path-named errors, Wilson intervals (against values computed by hand from the
 * formula), curve points from per-sample results (minimal attacks read every ε from one
 * run), gates (absolute and regression, skipped without a baseline), and the
 * data-integrity check on provenance manifests.
 */
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../provenance/index.js';
import { ManualClock } from '../../shared/clock.js';
import type { ModelReport } from '../report/report-types.js';
import type { SampleResult } from '../results.js';
import { evaluateGates } from './gates.js';
import { checkIntegrity } from './integrity.js';
import { curvePoint, wilson } from './metrics.js';
import { parseSuite } from './schema.js';

const base = {
  models: { m: { artifact: 'm.onnx', dataset: 'd' } },
  datasets: { d: { path: 'x.npy', clip: [0, 1] } },
  attacks: [{ id: 'sq', attack: 'square', threat: { eps: 0.1, maxQueries: 100 }, curve: [0.05, 0.2] }],
};

describe('suite schema', () => {
  it('fills the threat model from the attack and the dataset, and sorts the curve with ε in it', () => {
    const suite = parseSuite(base, 'suite.yaml');
    const a = suite.attacks[0];
    expect(a?.threat).toMatchObject({ knowledge: 'score-based', norm: 'inf', eps: 0.1, maxQueries: 100, clip: [0, 1] });
    expect(a?.curve).toEqual([0.05, 0.1, 0.2]);
    expect(a?.params).toMatchObject({ iterations: 100, pInit: 0.05 });
    expect(suite.integrity.rowTolerance).toBe(0.1);
  });

  it.each([
    ['an unknown field', { ...base, extra: 1 }, /^suite\.yaml: extra: unknown field/],
    ['a model without a source', { ...base, models: { m: { dataset: 'd' } } }, /models\.m: give exactly one of artifact, url, train \(found 0\)/],
    ['an unknown dataset', { ...base, models: { m: { artifact: 'm.onnx', dataset: 'nope' } } }, /models\.m\.dataset: unknown dataset "nope" \(datasets: d\)/],
    ['an unknown attack', { ...base, attacks: [{ id: 'x', attack: 'jsma' }] }, /attacks\[0\]\.attack: unknown attack "jsma"; registered: fgsm, bim, pgd/],
    ['an attack outside its threat model', { ...base, attacks: [{ id: 'x', attack: 'square', threat: { eps: 1, knowledge: 'decision-only' } }] }, /attacks\[0\]: square does not cover this threat model: it needs score-based access/],
    ['a bad threat field', { ...base, attacks: [{ id: 'x', attack: 'pgd', threat: { eps: -1 } }] }, /attacks\[0\]: threat\.eps: /],
    ['a bad attack parameter', { ...base, attacks: [{ id: 'x', attack: 'pgd', threat: { eps: 0.1 }, params: { steps: 0 } }] }, /attacks\[0\]: pgd: parameter steps/],
    ['a white-box attack on a URL', { ...base, models: { m: { url: 'http://h/v2/models/m', dataset: 'd' } }, attacks: [{ id: 'x', attack: 'pgd', threat: { eps: 0.1 } }] }, /attacks\[0\]: model "m" is a remote endpoint, which grants score-based knowledge at most/],
    ['a gate on an unknown attack', { ...base, gates: [{ attack: 'nope', metric: 'success_rate', max: 0.1 }] }, /gates\[0\]\.attack: unknown attack "nope" \(attacks: sq\)/],
    ['a gate without a threshold', { ...base, gates: [{ metric: 'success_rate' }] }, /gates\[0\]: give min, max, maxIncrease or maxDecrease/],
    ['a gate ε off the curve', { ...base, gates: [{ attack: 'sq', eps: 0.3, metric: 'success_rate', max: 0.1 }] }, /gates\[0\]\.eps: 0\.3 is not a point of attack "sq" \(points: 0\.05, 0\.1, 0\.2\)/],
    ['a hold-out of a model that is not trained', { ...base, datasets: { d: { holdoutOf: 'm' } } }, /datasets\.d\.holdoutOf: model "m" is not trained by the suite as a tabular model/],
  ])('names the path of %s', (_name, doc, message) => {
    expect(() => parseSuite(doc, 'suite.yaml')).toThrow(expect.objectContaining({ code: 'RTM_ERR_SUITE_INVALID', message: expect.stringMatching(message) }));
  });

  it('lists every problem in details.problems', () => {
    try {
      parseSuite({ ...base, models: { m: { dataset: 'nope' } }, gates: [{ model: 'x', metric: 'clean_accuracy', min: 1 }] }, 's.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as { details: { problems: string[] } }).details.problems).toEqual([
        's.yaml: models.m: give exactly one of artifact, url, train (found 0)',
        's.yaml: models.m.dataset: unknown dataset "nope" (datasets: d)',
        's.yaml: gates[0].model: unknown model "x" (models: m)',
      ]);
    }
  });
});

describe('Wilson score intervals', () => {
  it('matches the formula worked by hand', () => {
    // p̂ = 0.8, n = 10, z = 1.96: centre (0.8 + 0.19208)/1.38416, half 1.96·√(0.016 + 0.009604)/1.38416.
    const [lo, hi] = wilson(8, 10) as [number, number];
    expect(lo).toBeCloseTo(0.4902, 4);
    expect(hi).toBeCloseTo(0.9433, 4);
    expect(wilson(0, 10)?.[0]).toBe(0);
    expect(wilson(0, 10)?.[1]).toBeCloseTo(0.2775, 4);
    expect(wilson(10, 10)?.[1]).toBe(1);
    expect(wilson(0, 0)).toBeNull();
  });
});

const sample = (index: number, label: number, adv: number, l2: number, extra: Partial<SampleResult> = {}): SampleResult => ({
  index, label, clean_pred: label, adv_pred: adv, success: adv !== label, l0: 1, l1: l2, l2, linf: l2, queries: 10 + index, gradient_queries: 0, ...extra,
});

describe('curve points', () => {
  const results = [sample(0, 0, 1, 0.2), sample(1, 0, 1, 0.6), sample(2, 1, 0, 1.5), sample(3, 1, 1, 0), sample(4, 0, 1, 0.3, { clean_pred: 1 })];

  it('counts successes within ε among the correctly classified samples, per class and by adversarial class', () => {
    const p = curvePoint(results, { eps: 0.5, norm: '2', classes: 2, wallTimeSeconds: 1 });
    expect(p).toMatchObject({ samples: 5, eligible: 4, successes: 1, success_rate: 0.25, robust_accuracy: 0.6 });
    expect(p.per_class).toEqual([
      { class: 0, samples: 3, eligible: 2, successes: 1, success_rate: 0.5, ci95: wilson(1, 2) },
      { class: 1, samples: 2, eligible: 2, successes: 0, success_rate: 0, ci95: wilson(0, 2) },
    ]);
    expect(p.success_matrix).toEqual([[0, 1], [0, 0]]);
    expect(p.perturbation.norm).toEqual({ mean: 0.2, median: 0.2, max: 0.2 });
    expect(p.queries).toEqual({ mean: 12, median: 12, max: 14, total: 60 });
  });

  it('without ε takes every success', () => {
    const p = curvePoint(results, { eps: null, norm: '2', classes: 2, wallTimeSeconds: 1 });
    expect([p.successes, p.success_rate, p.robust_accuracy]).toEqual([3, 0.75, 0.2]);
    expect(p.perturbation.norm.median).toBe(0.6);
  });
});

function modelReport(id: string, clean: number, rate: number | null, violations = 0): ModelReport {
  const point = { eps: 0.1, samples: 10, eligible: 10, successes: 0, success_rate: rate, success_rate_ci95: null, robust_accuracy: 0.5, robust_accuracy_ci95: [0, 1] as const, per_class: [], success_matrix: [], perturbation: { norm: { mean: 0.1, median: 0.1, max: 0.1 }, l0: { mean: 1, median: 1, max: 1 }, l2: { mean: 1, median: 1, max: 1 }, linf: { mean: 0.1, median: 0.1, max: 0.1 } }, queries: { mean: 5, median: 5, max: 9, total: 50 }, wall_time_seconds: 0 };
  return {
    id, source: { kind: 'file' }, registry: null,
    dataset: { id: 'd', source: 'x', samples: 10, features: 4, classes: 2, labels: 'given' },
    clean: { accuracy: clean, correct: 0, samples: 10, ci95: [0, 1] },
    integrity: { checked: true, violations, lkg_version: 'v1', findings: [] },
    attacks: [{ id: 'sq', attack: { id: 'square', name: 'Square', knowledge: 'score-based', budget: 'fixed', references: [] }, params: {}, threat_model: { goal: 'untargeted', knowledge: 'score-based', norm: 'inf', eps: 0.1 }, threat_model_text: '', gate_eps: 0.1, points: [point], wall_time_seconds: 0 }],
  };
}

describe('gates', () => {
  const gates = parseSuite({ ...base, gates: [
    { id: 'abs', attack: 'sq', metric: 'success_rate', max: 0.3 },
    { id: 'reg', metric: 'success_rate', maxIncrease: 0.05 },
    { id: 'acc', metric: 'clean_accuracy', min: 0.9, maxDecrease: 0.02 },
    { id: 'int', metric: 'data_integrity_violations', max: 0 },
  ] }, 's').gates;

  it('passes, fails and skips as documented', () => {
    const current = [modelReport('m', 0.93, 0.4, 2)];
    const results = evaluateGates(gates, current, undefined);
    expect(results.map((g) => [g.id, g.rule, g.status])).toEqual([
      ['abs', 'max', 'failed'],
      ['reg', 'maxIncrease', 'skipped'],
      ['acc', 'min', 'passed'],
      ['acc', 'maxDecrease', 'skipped'],
      ['int', 'max', 'failed'],
    ]);
    expect(results[0]?.message).toBe('m/sq at ε=0.1: success_rate ≤ 0.3: 0.4 is above the maximum 0.3');
  });

  it('compares with the baseline by model, attack and ε', () => {
    const baseline = { models: [modelReport('m', 0.96, 0.3)] } as never;
    const results = evaluateGates(gates, [modelReport('m', 0.93, 0.4)], baseline);
    const reg = results.find((g) => g.id === 'reg');
    expect(reg).toMatchObject({ status: 'failed', value: 0.4, baseline: 0.3 });
    expect(reg?.message).toBe('m/sq at ε=0.1: success_rate rise ≤ 0.05: 0.4 against the baseline\'s 0.3: rose by 0.1, more than 0.05');
    expect(results.find((g) => g.id === 'acc' && g.rule === 'maxDecrease')).toMatchObject({ status: 'failed', baseline: 0.96 });
    const same = evaluateGates(gates, [modelReport('m', 0.96, 0.3)], baseline);
    expect(same.find((g) => g.id === 'reg')?.status).toBe('passed');
  });
});

describe('data integrity against the LKG manifest', () => {
  const clock = new ManualClock(0);
  const file = (path: string, sha: string, rows: number) => ({ path, sha256: sha.repeat(64).slice(0, 64), sizeBytes: rows * 10, rows, format: 'csv' as const });
  const lkg = buildManifest([file('train.csv', 'a', 1000), file('extra.csv', 'b', 100)], clock);

  it('counts removed and changed files and rows beyond the tolerance, not added files', () => {
    const version = buildManifest([file('train.csv', 'c', 1500), file('new.csv', 'd', 10)], clock);
    const r = checkIntegrity({ version, lkg: { version: 'v1', manifest: lkg } }, 0.1);
    expect(r.checked).toBe(true);
    expect(r.findings.map((f) => f.kind)).toEqual(['file_removed', 'file_changed', 'rows_changed']);
    expect(r.violations).toBe(3);
    expect(r.findings[2]?.detail).toBe('rows 1100 → 1510 (+410, tolerance ±10%)');
  });

  it('is clean for an identical dataset plus a new file, and flags a missing manifest', () => {
    const grown = buildManifest([file('train.csv', 'a', 1000), file('extra.csv', 'b', 100), file('more.csv', 'e', 50)], clock);
    expect(checkIntegrity({ version: grown, lkg: { version: 'v1', manifest: lkg } }, 0.1)).toMatchObject({ checked: true, violations: 0 });
    expect(checkIntegrity({ lkg: { version: 'v1', manifest: lkg } }, 0.1)).toMatchObject({ checked: true, violations: 1, findings: [{ kind: 'manifest_missing' }] });
    expect(checkIntegrity({ version: grown }, 0.1)).toMatchObject({ checked: false, violations: 0, note: 'the model has no LKG version to compare with' });
    expect(checkIntegrity({ version: grown, lkg: { version: 'v1' } }, 0.1)).toMatchObject({ checked: false, note: 'the LKG (v1) has no dataset manifest to compare with' });
  });
});
