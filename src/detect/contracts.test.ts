/**
 * The engine meets its neighbours structurally (detect imports only shared): the gateway's
 * RequestEvent is a DetectEvent, the config's EffectiveRule is a RuleSettings, and
 * toAnomalyRef gives the breaker's AnomalyRef. Checked as types and end to end: rules from a
 * bulwark.yaml and a knobs file drive the engine, hot reload keeps window state, and the
 * breaker rolls back on the anomaly.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { breakerSettings, decide, initialState } from '../breaker/index.js';
import type { AnomalyRef } from '../breaker/index.js';
import { EMPTY_KNOBS, effectiveRules, parseConfig, parseKnobs } from '../config/index.js';
import type { EffectiveRule } from '../config/index.js';
import type { RequestEvent } from '../gateway/index.js';
import type { AnomalyRefView } from './anomaly.js';
import { toAnomalyRef } from './anomaly.js';
import { BaselineRecorder } from './baseline-recorder.js';
import { DetectionEngine } from './engine.js';
import { flagStream, ManualClock, replay } from './fixtures.contract.js';
import type { DetectEvent, RuleSettings } from './ports.js';

const YAML = `
models:
  assistant:
    protocol: openai
    versions:
      "2026-10": { upstream: http://127.0.0.1:9011 }
      "2026-11": { upstream: http://127.0.0.1:9012 }
    route: { active: "2026-11", lkg: "2026-10" }
    rules:
      - id: injection-surge
        when: rate(prompt_injection) > max(threshold, baseline + 3 sigma) and binom(prompt_injection) < 0.001
        threshold: 0.05
        window: 60s
        minEvents: 3000
        severity: page
        action: rollback
`;

describe('contracts with the gateway, the config and the breaker', () => {
  it('types line up', () => {
    expectTypeOf<RequestEvent>().toMatchTypeOf<DetectEvent>();
    expectTypeOf<EffectiveRule>().toMatchTypeOf<RuleSettings>();
    expectTypeOf<AnomalyRefView>().toMatchTypeOf<AnomalyRef>();
  });

  it('runs rules from bulwark.yaml, takes a knob without losing window state, and the breaker rolls back', () => {
    const config = parseConfig(YAML, { file: 'bulwark.yaml', env: {} });
    const clock = new ManualClock(1_800_000_000_000);
    const engine = new DetectionEngine({ clock, rules: effectiveRules(config, EMPTY_KNOBS) });
    const rec = new BaselineRecorder({ model: 'assistant', version: '2026-11' });
    for (const e of flagStream({ seed: 1, n: 20_000, perSecond: 100, startMs: 0, signal: 'prompt_injection', rate: 0.01, model: 'assistant', version: '2026-11' })) rec.add(e);
    engine.setBaseline(rec.build({ builtAt: '2026-01-01T00:00:00Z', source: { kind: 'traffic', path: 't', sha256: '0', events: 20_000 } }));

    // 35 s at 4% flagged: above baseline + 3σ and the binomial test, below the 5% threshold
    // (judged from 3,000 events on, where 5% is 3σ away).
    const surge = flagStream({ seed: 2, n: 3500, perSecond: 100, startMs: clock.now(), signal: 'prompt_injection', rate: 0.04, model: 'assistant', version: '2026-11', keys: ['k1'] });
    expect(replay(engine, clock, surge)).toEqual([]);

    const knobs = parseKnobs('rules: { "assistant/injection-surge": { threshold: 0.03 } }', { file: 'bulwark.knobs.yaml', env: {} });
    const report = engine.configure(effectiveRules(config, knobs));
    expect(report['assistant']?.knobs).toEqual(['injection-surge']);
    const next = flagStream({ seed: 3, n: 10, perSecond: 100, startMs: clock.now() + 10, signal: 'prompt_injection', rate: 0.04, model: 'assistant', version: '2026-11', keys: ['k1'] });
    const fired = replay(engine, clock, next);
    expect(fired).toHaveLength(1); // the 3,500 events of the window were kept across the reload
    const anomaly = fired[0]!;
    expect(anomaly).toMatchObject({ rule: 'injection-surge', severity: 'page', action: 'rollback', strategy: 'immediate', expected: 0.03 });

    const steady = initialState('assistant', '2026-11', '2026-10', anomaly.onset);
    const decision = decide(breakerSettings(), steady, { type: 'anomaly', anomaly: toAnomalyRef(anomaly) }, anomaly.detectedAt);
    expect(decision.state.kind).toBe('rolled_back');
    expect(decision.effects.map((e) => e.kind)).toContain('switch_route');
  });
});
