import { describe, expect, it } from 'vitest';
import { classMatrix, parseReport, rateOf, rateSeries } from './redteam';

const ref = (model: string, attachedAt: number) => ({ model, version: 'v1', digest: `d${attachedAt}`, attachedAt });

describe('red-team reports as the dashboard reads them', () => {
  it('finds the success rate at the top, under summary or metrics, in any of its spellings', () => {
    expect(rateOf({ adversarialSuccessRate: 0.2 })).toBe(0.2);
    expect(rateOf({ summary: { success_rate_eligible: 0.12, success_rate: 0.1 } })).toBe(0.12);
    expect(rateOf({ metrics: { successRate: 0.3 } })).toBe(0.3);
    expect(rateOf({ success_rate: 7 })).toBeNull(); // not a share
    expect(rateOf('text report')).toBeNull();
  });

  it('takes the worst attack when the run states no rate, and per-class rates from maps, lists or samples', () => {
    const report = parseReport(ref('digits', 1), {
      attacks: [
        { attack: 'fgsm', summary: { success_rate: 0.05 }, perClass: { '0': 0.1, '1': { success_rate: 0.0 } } },
        { id: 'pgd', success_rate_eligible: 0.4, per_class: [{ label: 1, rate: 0.5 }, { class: '2', successRate: 0.25 }] },
        { name: 'bim', success_rate: 0.2, samples: [{ label: 2, clean_pred: 2, success: true }, { label: 2, clean_pred: 2, success: false }, { label: 3, clean_pred: 1, success: false }] },
      ],
    });
    expect(report.successRate).toBe(0.4);
    expect(report.attacks.map((a) => [a.id, a.perClass])).toEqual([
      ['fgsm', { '0': 0.1, '1': 0 }],
      ['pgd', { '1': 0.5, '2': 0.25 }],
      ['bim', { '2': 0.5, '3': null }],
    ]);
    expect(classMatrix(report).classes).toEqual(['0', '1', '2', '3']);
  });

  it('aligns one series per model over the report times, in percent', () => {
    const reports = [parseReport(ref('b', 2_000), { asr: 0.5 }), parseReport(ref('a', 1_000), { asr: 0.1 }), parseReport(ref('a', 3_000), 'unreadable')];
    expect(rateSeries(reports)).toEqual({ models: ['a', 'b'], x: [1, 2], y: [[10, null], [null, 50]] });
  });
});
