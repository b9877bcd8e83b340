import { describe, expect, it } from 'vitest';
import { applyKnobs, effectiveInspector, effectiveRule, effectiveRules, unknownKnobs } from './effective.js';
import { EMPTY_KNOBS, knobsSchema } from './knobs-schema.js';
import type { Knobs } from './knobs-schema.js';
import { parseConfig } from './load.js';

const config = parseConfig(
  `models:
  fraud:
    protocol: oip-v2
    versions: { v1: { upstream: "http://a" }, v2: { upstream: "http://b" } }
    route: { active: v2, lkg: v1 }
    inspectors: [entropy, { id: ood, threshold: 0.7 }]
    rules:
      - { id: collapse, when: x, window: 10s, minEvents: 50, severity: page, action: rollback }
      - { id: drift, when: y, threshold: 0.1, holdFor: 30s }
  assistant:
    protocol: openai
    versions: { a: { upstream: "http://c" }, b: { upstream: "http://d" } }
    route: { active: b, lkg: a }
    rollback: { strategy: canary }
    rules:
      - { id: collapse, when: z, severity: page, action: rollback }
`,
  { file: 'b.yaml', env: {} },
);

const knobs = (input: unknown): Knobs => knobsSchema.parse(input) as Knobs;

describe('effectiveRule', () => {
  it('converts durations to ms and fills the strategy by severity', () => {
    expect(effectiveRule(config, EMPTY_KNOBS, 'fraud', 'collapse')).toEqual({
      model: 'fraud',
      id: 'collapse',
      when: 'x',
      windowMs: 10_000,
      minEvents: 50,
      holdForMs: 0,
      threshold: undefined,
      severity: 'page',
      action: 'rollback',
      strategy: 'immediate',
      dryRun: false,
      consecutiveErrorLimit: 3,
      overridden: [],
    });
    expect(effectiveRule(config, EMPTY_KNOBS, 'fraud', 'drift')).toMatchObject({ strategy: 'canary', holdForMs: 30_000, windowMs: 60_000, threshold: 0.1 });
    expect(effectiveRule(config, EMPTY_KNOBS, 'assistant', 'collapse')?.strategy).toBe('canary'); // the model's rollback.strategy wins
  });

  it('applies a bare-id knob to every model with that rule, and model/id over it', () => {
    const k = knobs({ rules: { collapse: { window: '30s', minEvents: 10 }, 'fraud/collapse': { window: '5s', dryRun: true } } });
    expect(effectiveRule(config, k, 'fraud', 'collapse')).toMatchObject({ windowMs: 5_000, minEvents: 10, dryRun: true, overridden: ['windowMs', 'minEvents', 'dryRun'] });
    expect(effectiveRule(config, k, 'assistant', 'collapse')).toMatchObject({ windowMs: 30_000, minEvents: 10, dryRun: false });
  });

  it('returns undefined for an unknown model or rule (including prototype names)', () => {
    expect(effectiveRule(config, EMPTY_KNOBS, 'nope', 'collapse')).toBeUndefined();
    expect(effectiveRule(config, EMPTY_KNOBS, 'fraud', 'nope')).toBeUndefined();
    expect(effectiveRule(config, EMPTY_KNOBS, 'constructor', 'collapse')).toBeUndefined();
  });

  it('lists every rule of every model', () => {
    expect(effectiveRules(config, knobs({ rules: { drift: { threshold: 0.3 } } })).map((r) => [r.model, r.id, r.threshold])).toEqual([
      ['fraud', 'collapse', undefined],
      ['fraud', 'drift', 0.3],
      ['assistant', 'collapse', undefined],
    ]);
  });
});

describe('effectiveInspector', () => {
  it('overrides config values with knobs, field by field', () => {
    const k = knobs({ inspectors: { ood: { sensitivity: 0.9 }, 'fraud/entropy': { threshold: 2.5 } } });
    expect(effectiveInspector(config, k, 'fraud', 'ood')).toEqual({ model: 'fraud', id: 'ood', threshold: 0.7, sensitivity: 0.9 });
    expect(effectiveInspector(config, k, 'fraud', 'entropy')).toEqual({ model: 'fraud', id: 'entropy', threshold: 2.5, sensitivity: undefined });
    expect(effectiveInspector(config, k, 'assistant', 'ood')).toBeUndefined();
  });
});

describe('applyKnobs', () => {
  it('returns the same config when there are no knobs', () => {
    expect(applyKnobs(config, EMPTY_KNOBS)).toBe(config);
  });

  it('writes knobs into a frozen copy and leaves the original alone', () => {
    const tuned = applyKnobs(config, knobs({ rules: { 'fraud/collapse': { window: '5s' } }, inspectors: { ood: { threshold: 0.95 } } }));
    expect(tuned.models['fraud']?.rules[0]?.window).toBe('5s');
    expect(tuned.models['assistant']?.rules[0]?.window).toBe('60s');
    expect(tuned.models['fraud']?.inspectors[1]).toEqual({ id: 'ood', threshold: 0.95 });
    expect(config.models['fraud']?.rules[0]?.window).toBe('10s');
    expect(Object.isFrozen(tuned.models['fraud']?.rules[0])).toBe(true);
  });
});

describe('unknownKnobs', () => {
  it('names knobs that match nothing', () => {
    const k = knobs({ rules: { collapse: {}, 'fraud/drift': {}, 'assistant/drift': {}, colapse: {} }, inspectors: { entropy: {}, 'assistant/ood': {} } });
    expect(unknownKnobs(config, k)).toEqual([
      'rules.assistant/drift: matches no rule in the config',
      'rules.colapse: matches no rule in the config',
      'inspectors.assistant/ood: matches no inspector in the config',
    ]);
  });
});

describe('knobsSchema', () => {
  it('rejects unknown fields and bad values', () => {
    const result = knobsSchema.safeParse({ rules: { 'a/b/c': {}, r: { window: '0s', treshold: 1 } }, inspectors: { x: { sensitivity: 2 } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['rules.a/b/c', 'rules.r.window', 'rules.r', 'inspectors.x.sensitivity']),
    );
  });
});
