import { describe, expect, it } from 'vitest';
import { compileExpression } from './analyze.js';
import type { SubjectBaseline } from './baseline-stats.js';
import { evaluateExpression } from './evaluate.js';
import type { StatOutcome } from './statistics.js';

const baseline = (expected: number, sigma: number): SubjectBaseline => ({ expected, sigma, source: 'analytic', quantile: (q) => expected + (q - 0.5) * 10 * sigma });
const ok = (value: number, b?: SubjectBaseline): StatOutcome => ({ ok: true, value, n: 1000, ...(b === undefined ? {} : { baseline: b }) });
const unknown: StatOutcome = { ok: false, reason: 'below-min-events', detail: '3 events in the window, fewer than minEvents 50', n: 3 };

function verdict(when: string, outcomes: StatOutcome[], threshold?: number) {
  return evaluateExpression(compileExpression(when, 'r', threshold), outcomes, threshold);
}

describe('evaluateExpression', () => {
  it('judges a rate against max(floor, baseline + 3σ) and reports the deciding comparison', () => {
    const e = verdict('rate(x) > max(0.03, baseline + 3 sigma)', [ok(0.05, baseline(0.01, 0.002))]);
    expect(e).toMatchObject({ verdict: 'anomalous', observed: 0.05, expected: 0.03 });
    expect(e.evidence.condition).toBe('rate(x) > max(0.03, baseline + 3 * sigma)');
    expect(e.evidence.statistics['rate(x)']).toEqual({ value: 0.05, n: 1000, baseline: { expected: 0.01, sigma: 0.002, source: 'analytic' } });
    expect(verdict('rate(x) > max(0.03, baseline + 3 sigma)', [ok(0.05, baseline(0.04, 0.01))])).toMatchObject({ verdict: 'ok', observed: 0.05, expected: 0.07 });
  });

  it('reads baseline quantiles, sd and mean', () => {
    expect(verdict('entropy(x) < baseline.p01', [ok(7, baseline(8, 0.1))]).expected).toBeCloseTo(8 - 0.49 * 10 * 0.1, 12);
    expect(verdict('mean(x) > baseline.mean + 2 * baseline.sd', [ok(5, baseline(1, 1))])).toMatchObject({ verdict: 'anomalous', expected: 3 });
  });

  it('puts the measured side first even when written second', () => {
    expect(verdict('0.1 < rate(x)', [ok(0.2)])).toMatchObject({ verdict: 'anomalous', observed: 0.2, expected: 0.1 });
  });

  it('is inconclusive when a statistic cannot be measured (not anomalous, not ok)', () => {
    const e = verdict('rate(x) > 0.1', [unknown]);
    expect(e.verdict).toBe('inconclusive');
    expect(e.reason).toBe('3 events in the window, fewer than minEvents 50');
    expect(e.evidence.statistics['rate(x)']).toEqual({ n: 3, reason: 'below-min-events', detail: '3 events in the window, fewer than minEvents 50' });
  });

  it('is inconclusive when the baseline a comparison needs is missing', () => {
    const noBaseline: StatOutcome = { ok: true, value: 0.2, n: 500, baseline: { ok: false, reason: 'no-baseline', detail: 'no baseline profile is loaded for this model version' } };
    expect(verdict('rate(x) > baseline + 3 sigma', [noBaseline])).toMatchObject({ verdict: 'inconclusive', reason: 'no baseline profile is loaded for this model version' });
  });

  it('uses three-valued logic: unknown or true is true, unknown and false is false', () => {
    expect(verdict('rate(x) > 0.1 or rate(y) > 0.1', [unknown, ok(0.5)])).toMatchObject({ verdict: 'anomalous', observed: 0.5 });
    expect(verdict('rate(x) > 0.1 or rate(y) > 0.1', [unknown, ok(0.05)]).verdict).toBe('inconclusive');
    expect(verdict('rate(x) > 0.1 and rate(y) > 0.1', [unknown, ok(0.05)])).toMatchObject({ verdict: 'ok', observed: 0.05 });
    expect(verdict('rate(x) > 0.1 and rate(y) > 0.1', [unknown, ok(0.5)]).verdict).toBe('inconclusive');
    expect(verdict('not (rate(x) > 0.1)', [unknown]).verdict).toBe('inconclusive');
    expect(verdict('not (rate(x) > 0.1)', [ok(0.01)]).verdict).toBe('anomalous');
  });

  it('treats 0/0 as unknown rather than NaN', () => {
    expect(verdict('rate(x) / rate(y) > 2', [ok(0), ok(0)]).verdict).toBe('inconclusive');
    expect(verdict('rate(x) / rate(y) > 2', [ok(1), ok(0)]).verdict).toBe('anomalous'); // 1/0 = ∞ > 2
  });

  it('substitutes the rule\'s threshold', () => {
    const e = verdict('psi(feature:amount) > threshold', [ok(0.3)], 0.25);
    expect(e).toMatchObject({ verdict: 'anomalous', observed: 0.3, expected: 0.25, evidence: { threshold: 0.25 } });
  });
});
