/**
 * The report renderers (issue 10, item 3): JUnit XML with one test case per attack × gate,
 * a self-contained HTML page (inline SVG, no script or external asset), the Markdown
 * summary, and the baseline reader's refusals.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import { renderJunit, xmlEscape } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_FORMAT, readReport } from './report-types.js';
import type { CurvePoint, ModelReport, RedteamReport } from './report-types.js';
import { renderCurve } from './svg-chart.js';

const point = (eps: number | null, rate: number, robust: number): CurvePoint => ({
  eps, samples: 10, eligible: 9, successes: Math.round(rate * 9), success_rate: rate, success_rate_ci95: [Math.max(0, rate - 0.2), Math.min(1, rate + 0.2)],
  robust_accuracy: robust, robust_accuracy_ci95: [Math.max(0, robust - 0.2), Math.min(1, robust + 0.2)],
  per_class: [{ class: 0, samples: 5, eligible: 5, successes: 1, success_rate: 0.2, ci95: [0.04, 0.62] }, { class: 1, samples: 5, eligible: 4, successes: 3, success_rate: 0.75, ci95: [0.3, 0.95] }],
  success_matrix: [[0, 1], [3, 0]],
  perturbation: { norm: { mean: 0.1, median: 0.1, max: 0.1 }, l0: { mean: 4, median: 4, max: 4 }, l2: { mean: 0.2, median: 0.2, max: 0.2 }, linf: { mean: 0.1, median: 0.1, max: 0.1 } },
  queries: { mean: 40, median: 35, max: 100, total: 400 },
  wall_time_seconds: 0.5,
});

const model: ModelReport = {
  id: 'digits <v2>', source: { kind: 'trained', path: 'models/digits.onnx', sha256: 'ab'.repeat(32), task: 'digits' }, registry: { model: 'digits', version: 'v2' },
  dataset: { id: 'd', source: 'shared:images/optdigits.tes', samples: 10, features: 64, classes: 2, labels: 'given' },
  clean: { accuracy: 0.9, correct: 9, samples: 10, ci95: [0.6, 0.98] },
  integrity: { checked: true, violations: 1, lkg_version: 'v1', findings: [{ kind: 'file_removed', path: 'a.csv', detail: 'a.csv of the LKG\'s dataset is gone' }] },
  attacks: [
    { id: 'sq', attack: { id: 'square', name: 'Square Attack', knowledge: 'score-based', budget: 'fixed', references: ['Andriushchenko et al. 2020'] }, params: { pInit: 0.05 }, threat_model: { goal: 'untargeted', knowledge: 'score-based', norm: 'inf', eps: 0.1 }, threat_model_text: 'untargeted, score-based, L∞ ε=0.1', gate_eps: 0.1, points: [point(0.05, 0.2, 0.7), point(0.1, 0.5, 0.45)], wall_time_seconds: 1.5 },
    { id: 'hsj', attack: { id: 'hopskipjump', name: 'HopSkipJump', knowledge: 'decision-only', budget: 'minimal', references: [] }, params: {}, threat_model: { goal: 'untargeted', knowledge: 'decision-only', norm: '2' }, threat_model_text: 'untargeted, decision-only, L2 unbounded', gate_eps: null, points: [point(0.5, 0.3, 0.6), point(null, 1, 0)], wall_time_seconds: 2 },
  ],
};

const report: RedteamReport = {
  format: REPORT_FORMAT, suite: { name: 'demo & co', file: 'suite.yaml', sha256: 'cd'.repeat(32) }, generated_at: '2026-01-01T00:00:00.000Z', bulwark_version: '0.1.0', seed: 0, wall_time_seconds: 3.5,
  baseline: null, models: [model],
  gates: [
    { id: 'g1', model: 'digits <v2>', attack: 'sq', eps: 0.1, metric: 'success_rate', rule: 'max', threshold: 0.3, value: 0.5, baseline: null, status: 'failed', message: 'digits <v2>/sq at ε=0.1: success_rate ≤ 0.3: 0.5 is above the maximum 0.3' },
    { id: 'g2', model: 'digits <v2>', attack: null, eps: null, metric: 'clean_accuracy', rule: 'min', threshold: 0.8, value: 0.9, baseline: null, status: 'passed', message: 'ok' },
    { id: 'g3', model: 'digits <v2>', attack: 'sq', eps: 0.1, metric: 'success_rate', rule: 'maxIncrease', threshold: 0.05, value: 0.5, baseline: null, status: 'skipped', message: 'no baseline' },
  ],
  summary: { gates: 3, passed: 1, failed: 1, skipped: 1 }, passed: false,
};

describe('junit.xml', () => {
  const xml = renderJunit(report);

  it('has one test case per attack × gate, model gates, and a case for an attack without gates', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testsuites name="bulwark redteam: demo &amp; co" tests="4" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<testcase classname="redteam.digits &lt;v2&gt;.sq" name="g1: success_rate ≤ 0.3 at ε=0.1" time="1.500">');
    expect(xml).toContain('<failure type="gate" message="digits &lt;v2&gt;/sq at ε=0.1: success_rate ≤ 0.3: 0.5 is above the maximum 0.3">');
    expect(xml).toContain('<skipped message="no baseline"/>');
    expect(xml).toContain('name="hsj: ran (no gate)"');
  });

  it('is balanced and escapes what XML cannot hold', () => {
    for (const tag of ['testsuites', 'testsuite', 'testcase', 'properties', 'system-out']) expect(xml.split(new RegExp(`<${tag}[ >]`)).length, tag).toBe(xml.split(`</${tag}>`).length);
    expect(xmlEscape('a\u0001b<"\'>&')).toBe('ab&lt;&quot;&apos;&gt;&amp;');
  });
});

describe('report.html', () => {
  const html = renderHtml(report);

  it('is self-contained: no script, stylesheet link, image or external URL but the SVG namespace', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
  });

  it('draws the security curve per norm from the clean accuracy, and the per-class matrix', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('aria-label="robust accuracy against ε (L∞, input units)"');
    // ε = 0 is the clean accuracy (90%), then each ε point; the unbounded point is not on the curve.
    expect(html).toContain('<title>sq: ε=0, 90.0%</title>');
    expect(html).toContain('<title>sq: ε=0.1, 45.0%</title>');
    expect(html).not.toContain('hsj: ε=null');
    expect(html).toContain('class 1: 3 of 4 correctly classified samples broken (95% CI 30.0%–95.0%)');
    expect(html).toContain('digits &lt;v2&gt;');
    expect(html).toContain('FAILED: 1 of 3 gates failed');
  });

  it('renders round axis ticks', () => {
    const svg = renderCurve([{ label: 'a', points: [[0, 1], [50_000, 0.5]] }], 'ε', 'acc');
    expect(svg).toContain('>50k<');
    expect(svg).toContain('>100%<');
  });
});

describe('summary.md', () => {
  it('states the verdict, the integrity findings, each attack at its gated ε and every gate', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('**FAILED**: 1 of 3 gates failed');
    expect(md).toContain('- file_removed: a.csv of the LKG\'s dataset is gone');
    expect(md).toContain('| sq | untargeted, score-based, L∞ ε=0.1 | 50.0% [30.0–70.0%] | 45.0% | 0.1 (L∞) | 40 / 35 / 100 | 1.5 s |');
    expect(md).toContain('| hsj | untargeted, decision-only, L2 unbounded | 100.0% [80.0–100.0%] | 0.0% |');
    expect(md).toContain('| ❌ FAIL | g1 |');
    expect(md).toContain('| ⏭ skipped | g3 | no baseline |');
  });
});

describe('baselines', () => {
  it('reads a report and refuses other documents, naming the source and field', () => {
    expect(readReport(JSON.parse(JSON.stringify(report)), 'r.json').models[0]?.id).toBe('digits <v2>');
    expect(() => readReport({ format: 'other' }, 'old.json')).toThrow(expect.objectContaining({ code: 'RTM_ERR_REPORT_BASELINE', message: expect.stringMatching(/^old\.json: not a bulwark\.redteam-report\/v1 report: format: /) }));
    expect(() => readReport({ ...report, models: [{ id: 'm' }] }, 'r.json')).toThrow(expect.objectContaining({ message: expect.stringMatching(/models\[0\]\.registry/) }));
  });
});
