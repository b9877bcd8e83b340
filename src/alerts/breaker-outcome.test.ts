/**
 * What an alert says the breaker did about an anomaly whose rule asked for a rollback:
 * read from the breaker's decision (rollback, freeze with containment, ignored), or from
 * its state when no decision came; and the wording. Regression: an anomaly that ended in a
 * loop-guard freeze was announced as "automated action: rollback".
 */
import { describe, expect, it } from 'vitest';
import { outcomeAction, outcomeFromState, outcomeOfDecision, outcomeText } from './breaker-outcome.js';
import type { BreakerOutcome } from './breaker-outcome.js';

const A = { id: 'a-18', version: 'v2' };

describe('outcomeOfDecision', () => {
  it('reads a rollback, a freeze with the keys it contains, and an ignored anomaly', () => {
    const rollback = { events: [{ type: 'rollback_started', from: 'v2', to: 'v1', strategy: 'immediate' }, { type: 'rolled_back' }], effects: [{ kind: 'switch_route' }, { kind: 'open_incident' }] };
    expect(outcomeOfDecision(rollback)).toEqual({ kind: 'rollback', from: 'v2', to: 'v1' });
    // The loop guard tripped: the breaker froze instead of rolling back, and contained the anomaly's keys.
    const freeze = { events: [{ type: 'frozen', reason: 'loop_guard' }], effects: [{ kind: 'freeze_forensics' }, { kind: 'contain', apiKeys: ['mallory', 'eve'] }, { kind: 'open_incident' }, { kind: 'alert' }] };
    expect(outcomeOfDecision(freeze)).toEqual({ kind: 'freeze', reason: 'loop_guard', contained: ['mallory', 'eve'] });
    expect(outcomeOfDecision({ events: [{ type: 'frozen', reason: 'lkg_anomalous' }], effects: [] })).toEqual({ kind: 'freeze', reason: 'lkg_anomalous', contained: [] });
    expect(outcomeOfDecision({ events: [{ type: 'anomaly_ignored', why: 'already rolled back from v2' }], effects: [] })).toEqual({ kind: 'alert_only', why: 'already rolled back from v2' });
    expect(outcomeOfDecision({ events: [{ type: 'rollback_step' }], effects: [] })).toBeUndefined();
  });
});

describe('outcomeFromState (no decision seen in time)', () => {
  it('a frozen or already rolled-back breaker ignores the anomaly; its own decision is read back; otherwise pending', () => {
    expect(outcomeFromState({ kind: 'frozen', lkg: 'v1', reason: 'loop_guard', anomaly: { id: 'a-1' } }, A)).toEqual({ kind: 'alert_only', why: 'breaker frozen (loop guard): automation stopped until unfreeze' });
    expect(outcomeFromState({ kind: 'frozen', lkg: 'v1', reason: 'loop_guard', anomaly: { id: 'a-18', apiKeys: ['mallory'] } }, A)).toEqual({ kind: 'freeze', reason: 'loop_guard', contained: ['mallory'] });
    expect(outcomeFromState({ kind: 'rolled_back', lkg: 'v1', suspect: 'v3', anomaly: { id: 'a-1' } }, A)).toEqual({ kind: 'alert_only', why: 'already rolled back from v3' });
    expect(outcomeFromState({ kind: 'rolling_back', lkg: 'v1', suspect: 'v2', anomaly: { id: 'a-18' } }, A)).toEqual({ kind: 'rollback', from: 'v2', to: 'v1' });
    expect(outcomeFromState({ kind: 'steady', lkg: 'v1', active: 'v3' }, A)).toEqual({ kind: 'alert_only', why: 'observed on v2, not the active v3' });
    expect(outcomeFromState({ kind: 'steady', lkg: 'v1', active: 'v2' }, A)).toEqual({ kind: 'pending' });
    expect(outcomeFromState(undefined, A)).toEqual({ kind: 'alert_only', why: 'the model has no breaker' });
  });
});

describe('the wording and the automated action', () => {
  it.each<[BreakerOutcome, string, string | undefined]>([
    [{ kind: 'rollback', from: 'v2', to: 'v1' }, 'automated action: rollback v2 → v1', 'rollback'],
    [{ kind: 'freeze', reason: 'loop_guard', contained: ['mallory'] }, 'automated action: breaker frozen (loop guard) instead of a rollback, API key mallory contained; automation stopped until unfreeze', 'freeze'],
    [{ kind: 'freeze', reason: 'lkg_anomalous', contained: ['a', 'b'] }, 'automated action: breaker frozen (lkg anomalous) instead of a rollback, API keys a, b contained; automation stopped until unfreeze', 'freeze'],
    [{ kind: 'freeze', reason: 'loop_guard', contained: [] }, 'automated action: breaker frozen (loop guard) instead of a rollback, no API key to contain; automation stopped until unfreeze', 'freeze'],
    [{ kind: 'alert_only', why: 'already rolled back from v2' }, 'no automated action (alert only): already rolled back from v2', undefined],
    [{ kind: 'pending' }, 'automated action: rollback requested (the breaker had not decided yet)', 'rollback'],
  ])('%j', (outcome, text, action) => {
    expect(outcomeText(outcome)).toBe(text);
    expect(outcomeAction(outcome)).toBe(action);
    if (outcome.kind !== 'rollback' && outcome.kind !== 'pending') expect(outcomeText(outcome)).not.toMatch(/automated action: rollback/);
  });
});
