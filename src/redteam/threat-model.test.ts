import { describe, expect, it } from 'vitest';
import { coverageGap, describeThreatModel, grantsKnowledge, parseThreatModel } from './threat-model.js';
import type { AttackCoverage } from './threat-model.js';

describe('parseThreatModel', () => {
  it('fills the defaults (untargeted, white-box, L∞, unbounded) and freezes the result', () => {
    const t = parseThreatModel(undefined);
    expect(t).toEqual({ goal: 'untargeted', knowledge: 'white-box', norm: 'inf' });
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('accepts norms as numbers and common spellings', () => {
    expect(parseThreatModel({ norm: 2 }).norm).toBe('2');
    expect(parseThreatModel({ norm: 'L1' }).norm).toBe('1');
    expect(parseThreatModel({ norm: 'linf' }).norm).toBe('inf');
    expect(parseThreatModel({ norm: Number.POSITIVE_INFINITY }).norm).toBe('inf');
  });

  it.each([
    ['eps', { eps: -0.1 }, /^threat model: eps: /],
    ['norm', { norm: 3 }, /^threat model: norm: expected inf, 2 or 1/],
    ['goal', { goal: 'evade' }, /^threat model: goal: /],
    ['knowledge', { knowledge: 'grey-box' }, /^threat model: knowledge: /],
    ['maxQueries', { maxQueries: 2.5 }, /^threat model: maxQueries: /],
    ['clip', { clip: [1, 0] }, /^threat model: clip: min must be below max/],
    ['an unknown field', { epsilon: 0.1 }, /^threat model: epsilon: unknown field/],
    ['a constraint rule', { constraints: { features: [{ feature: 0, direction: 'sideways' }] } }, /^threat model: constraints\.features\[0\]\.direction: /],
  ])('names the bad field: %s', (_name, input, message) => {
    expect(() => parseThreatModel(input)).toThrow(expect.objectContaining({ code: 'RTM_ERR_THREAT_MODEL', message: expect.stringMatching(message) }));
  });

  it('lists every problem when there are several', () => {
    try {
      parseThreatModel({ eps: 0, norm: 7 });
      expect.unreachable();
    } catch (err) {
      expect((err as { details: { problems: string[] } }).details.problems).toHaveLength(2);
    }
  });
});

describe('coverage', () => {
  const pgdLike: AttackCoverage = { knowledge: 'white-box', goals: ['untargeted', 'targeted'], norms: ['inf', '2'], budget: 'fixed' };
  const simbaLike: AttackCoverage = { knowledge: 'score-based', goals: ['untargeted'], norms: ['2'], budget: 'minimal' };

  it('orders knowledge: white-box ⊇ score-based ⊇ decision-only', () => {
    expect(grantsKnowledge('white-box', 'decision-only')).toBe(true);
    expect(grantsKnowledge('score-based', 'white-box')).toBe(false);
    expect(grantsKnowledge('decision-only', 'decision-only')).toBe(true);
  });

  it('says why a threat model is outside an attack', () => {
    expect(coverageGap(pgdLike, parseThreatModel({ eps: 0.1 }))).toBeUndefined();
    expect(coverageGap(pgdLike, parseThreatModel({ eps: 0.1, knowledge: 'score-based' }))).toBe('it needs white-box access, the threat model grants score-based');
    expect(coverageGap(pgdLike, parseThreatModel({ eps: 1, norm: 1 }))).toBe('norm L1 is not covered (covers: L∞, L2)');
    expect(coverageGap(pgdLike, parseThreatModel({}))).toBe('it spends a fixed budget: give eps');
    expect(coverageGap(simbaLike, parseThreatModel({ norm: 2, goal: 'targeted' }))).toBe('goal targeted is not covered (covers: untargeted)');
    expect(coverageGap(simbaLike, parseThreatModel({ norm: 2 }))).toBeUndefined();
  });

  it('describes a threat model in one line', () => {
    expect(describeThreatModel(parseThreatModel({ eps: 0.1, clip: [0, 1], maxQueries: 500, constraints: { features: [{ feature: 0, immutable: true }] } }))).toBe(
      'untargeted, white-box, L∞ ε=0.1, ≤ 500 queries per sample, clip [0, 1], 1 feature constraint',
    );
  });
});
