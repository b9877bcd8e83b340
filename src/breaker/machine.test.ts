import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { thrown } from '../../test/helpers/errors.js';
import { decide, initialState } from './machine.js';
import { restoreState } from './restore.js';
import { BREAKER_DEFAULTS, breakerSettings } from './settings.js';
import type { AnomalyRef, BreakerCommand, BreakerState } from './types.js';

const S = BREAKER_DEFAULTS;
const MIN = 60_000;

function anomaly(version: string, over: Partial<AnomalyRef> = {}): AnomalyRef {
  return { id: `a-${version}-${over.onset ?? 0}`, rule: 'entropy-collapse', version, severity: 'page', action: 'rollback', onset: 0, apiKeys: ['shop'], ...over };
}

function run(state: BreakerState, commands: [BreakerCommand, number][]) {
  let s = state;
  const log: { kinds: string[]; events: string[] } = { kinds: [], events: [] };
  for (const [cmd, at] of commands) {
    const d = decide(S, s, cmd, at);
    s = d.state;
    log.kinds.push(s.kind);
    log.events.push(...d.events.map((e) => e.type));
  }
  return { state: s, ...log };
}

const steady = () => initialState('fraud', 'v2', 'v1', 0);

describe('breaker: rollback', () => {
  it('rolls back immediately on a page anomaly, effects in trip order', () => {
    const d = decide(S, steady(), { type: 'anomaly', anomaly: anomaly('v2') }, 1_000);
    expect(d.state).toMatchObject({ kind: 'rolled_back', suspect: 'v2', lkg: 'v1', rollbacks: [1_000] });
    expect(d.effects.map((e) => e.kind)).toEqual(['freeze_forensics', 'switch_route', 'persist_forensics', 'mark_untrusted', 'quarantine', 'open_incident', 'alert']);
    expect(d.effects[1]).toEqual({ kind: 'switch_route', from: 'v2', to: 'v1', percent: 100 });
    expect(d.events.map((e) => e.type)).toEqual(['rollback_started', 'rolled_back']);
  });

  it('rolls back in canary steps for a ticket anomaly, verifying at each step', () => {
    const a = anomaly('v2', { severity: 'ticket' });
    const d1 = decide(S, steady(), { type: 'anomaly', anomaly: a }, 1_000);
    expect(d1.state).toMatchObject({ kind: 'rolling_back', stepIndex: 0, steps: [5, 100] });
    expect(d1.effects.find((e) => e.kind === 'switch_route')).toEqual({ kind: 'switch_route', from: 'v2', to: 'v1', percent: 5 });
    expect(d1.effects.some((e) => e.kind === 'quarantine')).toBe(false);
    const d2 = decide(S, d1.state, { type: 'step_passed' }, 11_000);
    expect(d2.state.kind).toBe('rolled_back');
    expect(d2.effects).toEqual([
      { kind: 'switch_route', from: 'v2', to: 'v1', percent: 100 },
      { kind: 'mark_untrusted', version: 'v2', onset: 0, anomalyId: a.id },
      { kind: 'quarantine', version: 'v2' },
    ]);
  });

  it('issue 7: marks the suspect\'s canary-period rows untrusted when the canary completes', () => {
    // The suspect served 95% of the traffic between the first step and the last; the
    // first mark_untrusted only covered onset..first switch, so the final step marks again
    // (the shell's marking is idempotent: already-marked rows stay as they are).
    const a = anomaly('v2', { severity: 'ticket', onset: 500 });
    const d1 = decide(S, steady(), { type: 'anomaly', anomaly: a }, 1_000);
    const d2 = decide(S, d1.state, { type: 'step_passed' }, 11_000);
    expect(d2.effects.filter((e) => e.kind === 'mark_untrusted')).toEqual([{ kind: 'mark_untrusted', version: 'v2', onset: 500, anomalyId: a.id }]);
  });

  it('honours a per-rule strategy over the severity default', () => {
    const d = decide(S, steady(), { type: 'anomaly', anomaly: anomaly('v2', { strategy: 'canary' }) }, 1);
    expect(d.state.kind).toBe('rolling_back');
  });

  it('ignores anomalies that are not rollbacks or not on the active version', () => {
    expect(decide(S, steady(), { type: 'anomaly', anomaly: anomaly('v2', { action: 'alert' }) }, 1).state.kind).toBe('steady');
    const d = decide(S, steady(), { type: 'anomaly', anomaly: anomaly('v1') }, 1);
    expect(d.state.kind).toBe('steady');
    expect(d.events[0]).toMatchObject({ type: 'anomaly_ignored' });
    expect(d.effects).toEqual([]);
  });

  it('freezes when the LKG becomes unhealthy during a canary rollback', () => {
    const r = run(steady(), [[{ type: 'anomaly', anomaly: anomaly('v2', { severity: 'ticket' }) }, 1], [{ type: 'step_failed', detail: 'v1 p99 latency' }, 2]]);
    expect(r.state).toMatchObject({ kind: 'frozen', reason: 'lkg_unhealthy', lkgPercent: 5, other: 'v2' });
  });
});

describe('breaker: loop guard', () => {
  it('freezes when the same anomaly appears on the LKG after rollback (fault in the data)', () => {
    const r = run(steady(), [[{ type: 'anomaly', anomaly: anomaly('v2') }, 1_000], [{ type: 'anomaly', anomaly: anomaly('v1', { onset: 1_500 }) }, 2_000]]);
    expect(r.state).toMatchObject({ kind: 'frozen', reason: 'lkg_anomalous', lkgPercent: 100 });
    const d = decide(S, r.state, { type: 'anomaly', anomaly: anomaly('v1', { onset: 3_000 }) }, 3_000);
    expect(d.effects).toEqual([]);
  });

  it('allows two rollbacks per hour, then freezes instead of a third (two bad versions)', () => {
    let s: BreakerState = steady();
    const approve = (version: string): BreakerCommand => ({ type: 'approve', version, actor: 'alice', reason: 'fixed' });
    const forward = (at: number): [BreakerCommand, number][] => [[{ type: 'step_passed' }, at], [{ type: 'step_passed' }, at + 1]];
    s = run(s, [[{ type: 'anomaly', anomaly: anomaly('v2') }, 1 * MIN], [approve('v3'), 2 * MIN], ...forward(3 * MIN)]).state;
    expect(s).toMatchObject({ kind: 'steady', active: 'v3' });
    s = run(s, [[{ type: 'anomaly', anomaly: anomaly('v3') }, 10 * MIN], [approve('v4'), 11 * MIN], ...forward(12 * MIN)]).state;
    expect(s).toMatchObject({ kind: 'steady', active: 'v4', rollbacks: [MIN, 10 * MIN] });
    const third = decide(S, s, { type: 'anomaly', anomaly: anomaly('v4') }, 20 * MIN);
    expect(third.state).toMatchObject({ kind: 'frozen', reason: 'loop_guard', lkgPercent: 0, other: 'v4' });
    expect(third.effects.find((e) => e.kind === 'switch_route')).toBeUndefined();
    expect(third.effects.find((e) => e.kind === 'contain')).toEqual({ kind: 'contain', apiKeys: ['shop'] });
    // An hour after the first rollback, the window has room again.
    const later = decide(S, s, { type: 'anomaly', anomaly: anomaly('v4') }, 61 * MIN + 1);
    expect(later.state.kind).toBe('rolled_back');
  });

  it('never moves traffic toward a suspect version without an approval (property)', () => {
    const cmd = fc.oneof(
      fc.record({ type: fc.constant('anomaly' as const), anomaly: fc.record({ id: fc.string(), rule: fc.constant('r'), version: fc.constantFrom('v1', 'v2', 'v3'), severity: fc.constantFrom('page' as const, 'ticket' as const, 'soft' as const), action: fc.constantFrom('rollback' as const, 'alert' as const), onset: fc.nat() }) }),
      fc.constant({ type: 'step_passed' as const }),
      fc.constant({ type: 'step_failed' as const, detail: 'x' }),
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), (cmds) => {
        let s: BreakerState = steady();
        let t = 0;
        let rollbacksStarted = 0;
        for (const c of cmds) {
          t += 1_000;
          const d = decide(S, s, c, t);
          for (const e of d.effects) if (e.kind === 'switch_route') expect(e.to).toBe('v1'); // only ever toward the LKG
          rollbacksStarted += d.events.filter((e) => e.type === 'rollback_started').length;
          s = d.state;
        }
        expect(rollbacksStarted).toBeLessThanOrEqual(1); // without approvals the suspect never comes back
      }),
    );
  });
});

describe('breaker: human in the loop', () => {
  it('rolls forward only after an approval, in canary steps', () => {
    const r = run(steady(), [
      [{ type: 'anomaly', anomaly: anomaly('v2') }, 1],
      [{ type: 'approve', version: 'v2', actor: 'alice', reason: 'false positive' }, 2],
    ]);
    expect(r.state).toMatchObject({ kind: 'rolling_forward', target: 'v2', stepIndex: 0, approval: { actor: 'alice' } });
    const done = run(r.state, [[{ type: 'step_passed' }, 3], [{ type: 'step_passed' }, 4]]);
    expect(done.kinds).toEqual(['rolling_forward', 'steady']);
    expect(done.state).toMatchObject({ kind: 'steady', active: 'v2', lkg: 'v1' });
  });

  it('aborts a roll-forward when its analysis fails, and rolls back when the target shows the anomaly', () => {
    const fwd = run(steady(), [[{ type: 'anomaly', anomaly: anomaly('v2') }, 1], [{ type: 'approve', version: 'v2', actor: 'a', reason: 'r' }, 2]]).state;
    const aborted = decide(S, fwd, { type: 'step_failed', detail: 'error rate' }, 3);
    expect(aborted.state.kind).toBe('rolled_back');
    expect(aborted.effects[0]).toEqual({ kind: 'switch_route', from: 'v2', to: 'v1', percent: 100 });
    const again = decide(S, fwd, { type: 'anomaly', anomaly: anomaly('v2') }, 3);
    expect(again.state).toMatchObject({ kind: 'rolled_back', rollbacks: [1, 3] });
  });

  it('refuses approvals outside rolled_back and unfreezes outside frozen', () => {
    expect(thrown(() => decide(S, steady(), { type: 'approve', version: 'v2', actor: 'a', reason: 'r' }, 1)).code).toBe('BRK_ERR_NOT_ALLOWED');
    expect(thrown(() => decide(S, steady(), { type: 'unfreeze', actor: 'a', reason: 'r' }, 1)).code).toBe('BRK_ERR_NOT_ALLOWED');
    const rolled = decide(S, steady(), { type: 'anomaly', anomaly: anomaly('v2') }, 1).state;
    expect(thrown(() => decide(S, rolled, { type: 'approve', version: 'v1', actor: 'a', reason: 'r' }, 2)).code).toBe('BRK_ERR_BAD_COMMAND');
    expect(thrown(() => decide(S, rolled, { type: 'approve', version: 'v2', actor: ' ', reason: 'r' }, 2)).code).toBe('BRK_ERR_BAD_COMMAND');
  });

  it('unfreezes where the routes are pinned, without moving them', () => {
    const frozenAllLkg = run(steady(), [[{ type: 'anomaly', anomaly: anomaly('v2') }, 1], [{ type: 'anomaly', anomaly: anomaly('v1') }, 2]]).state;
    const u1 = decide(S, frozenAllLkg, { type: 'unfreeze', actor: 'oncall', reason: 'data cleaned' }, 3);
    expect(u1.state).toMatchObject({ kind: 'rolled_back', suspect: 'v2', rollbacks: [] });
    expect(u1.effects).toEqual([]);
    const frozenSplit = run(steady(), [[{ type: 'anomaly', anomaly: anomaly('v2', { severity: 'ticket' }) }, 1], [{ type: 'step_failed', detail: 'x' }, 2]]).state;
    expect(decide(S, frozenSplit, { type: 'unfreeze', actor: 'a', reason: 'r' }, 3).state).toMatchObject({ kind: 'rolling_back', steps: [5, 100], stepIndex: 0 });
  });
});

describe('breaker: persistence and settings', () => {
  it('restores every reachable state from its JSON', () => {
    const states: BreakerState[] = [steady()];
    const r = run(steady(), [
      [{ type: 'anomaly', anomaly: anomaly('v2', { severity: 'ticket' }) }, 1],
      [{ type: 'step_passed' }, 2],
      [{ type: 'approve', version: 'v2', actor: 'a', reason: 'r' }, 3],
    ]);
    states.push(r.state, run(steady(), [[{ type: 'anomaly', anomaly: anomaly('v2') }, 1], [{ type: 'anomaly', anomaly: anomaly('v1') }, 2]]).state);
    for (const s of states) expect(restoreState(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('rejects a corrupt persisted state naming the field', () => {
    const err = thrown(() => restoreState({ kind: 'rolling_back', model: 'm', lkg: 'v1', rollbacks: [], since: 0, suspect: 'v2', steps: [5, 100], stepIndex: 0 }));
    expect(err.code).toBe('BRK_ERR_CORRUPT_STATE');
    expect(String((err.details['problems'] as string[])[0])).toMatch(/^anomaly/);
    expect(thrown(() => restoreState({ kind: 'exploded' })).code).toBe('BRK_ERR_CORRUPT_STATE');
  });

  it('validates settings', () => {
    expect(thrown(() => breakerSettings({ canarySteps: [50, 20, 100] })).code).toBe('BRK_ERR_BAD_CONFIG');
    expect(thrown(() => breakerSettings({ forwardSteps: [5, 50] })).code).toBe('BRK_ERR_BAD_CONFIG');
    expect(thrown(() => breakerSettings({ loopGuard: { maxRollbacks: 0, windowMs: 1 } })).code).toBe('BRK_ERR_BAD_CONFIG');
    expect(breakerSettings({ canarySteps: [10, 100] }).canarySteps).toEqual([10, 100]);
  });
});
