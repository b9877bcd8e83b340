/**
 * @module breaker/machine
 * The per-model breaker as a pure function: `decide(settings, state, command, now)` returns
 * the next state, the typed events of the transition and the effects its shell must apply
 * (in order: freeze forensics → switch route → persist forensics → mark untrusted → incident
 * → alert). No I/O, no clock of its own.
 *
 *   steady ──anomaly──► rolling_back ──steps passed──► rolled_back ──approve──► rolling_forward ──► steady
 *     │ (loop guard)        │ (LKG unhealthy / anomalous)   │ (LKG anomalous)        │ (anomaly on target)
 *     └────────────► frozen ◄────────────────────────────────┘                       └──► rolling_back
 *                     └──unfreeze──► rolled_back (all on LKG) or steady
 *
 * Invariants: traffic never moves toward a suspect version without an approval; the loop
 * guard bounds rollbacks per window, so the breaker cannot cycle between two versions.
 */
import { breakerErrors } from './errors.js';
import type { BreakerSettings } from './settings.js';
import type { AnomalyRef, BreakerCommand, BreakerEffect, BreakerState, Decision, Frozen, RolledBack, RollingBack, RollingForward, Steady } from './types.js';

/** A fresh breaker for a model serving `active`, with `lkg` as its last-known-good version. */
export function initialState(model: string, active: string, lkg: string, now: number): Steady {
  return { kind: 'steady', model, active, lkg, rollbacks: [], since: now };
}

/**
 * Decides one command. Approvals and unfreezes outside their state throw BRK_ERR_NOT_ALLOWED;
 * stale step results and irrelevant anomalies are recorded as ignored, never thrown.
 *
 * @example
 * const d = decide(BREAKER_DEFAULTS, initialState('fraud', 'v2', 'v1', 0), { type: 'anomaly', anomaly }, 10);
 * d.state.kind; // 'rolled_back' for a page-severity anomaly (immediate strategy)
 */
export function decide(settings: BreakerSettings, state: BreakerState, command: BreakerCommand, now: number): Decision {
  switch (command.type) {
    case 'anomaly':
      return onAnomaly(settings, state, command.anomaly, now);
    case 'step_passed':
      return onStepPassed(state, now);
    case 'step_failed':
      return onStepFailed(state, command.detail, now);
    case 'approve':
      return onApprove(settings, state, command, now);
    case 'unfreeze':
      return onUnfreeze(settings, state, command, now);
  }
}

function ignore(state: BreakerState, anomaly: AnomalyRef, why: string, now: number): Decision {
  return { state, events: [{ type: 'anomaly_ignored', model: state.model, anomalyId: anomaly.id, why, at: now }], effects: [] };
}

function onAnomaly(settings: BreakerSettings, state: BreakerState, anomaly: AnomalyRef, now: number): Decision {
  if (anomaly.action !== 'rollback') return ignore(state, anomaly, `action ${anomaly.action} does not move the breaker`, now);
  switch (state.kind) {
    case 'steady':
      if (anomaly.version !== state.active) return ignore(state, anomaly, `observed on ${anomaly.version}, not the active ${state.active}`, now);
      if (state.active === state.lkg) return freeze(state, 'lkg_anomalous', 100, state.active, anomaly, now);
      return startRollback(settings, state, state.active, anomaly, now);
    case 'rolling_forward':
      if (anomaly.version === state.lkg) return freeze(state, 'lkg_anomalous', 100 - (state.steps[state.stepIndex] ?? 0), state.target, anomaly, now);
      if (anomaly.version !== state.target) return ignore(state, anomaly, `observed on ${anomaly.version}, not the target ${state.target}`, now);
      return startRollback(settings, state, state.target, anomaly, now);
    case 'rolling_back':
    case 'rolled_back':
      if (anomaly.version === state.lkg) {
        const lkgPercent = state.kind === 'rolled_back' ? 100 : (state.steps[state.stepIndex] ?? 100);
        return freeze(state, 'lkg_anomalous', lkgPercent, state.suspect, anomaly, now);
      }
      return ignore(state, anomaly, `already ${state.kind.replace('_', ' ')} from ${state.suspect}`, now);
    case 'frozen':
      return ignore(state, anomaly, 'frozen: automation stopped until unfreeze', now);
  }
}

function startRollback(settings: BreakerSettings, state: Steady | RollingForward, suspect: string, anomaly: AnomalyRef, now: number): Decision {
  const recent = state.rollbacks.filter((t) => now - t < settings.loopGuard.windowMs);
  const pinned = state.kind === 'steady' ? 0 : 100 - (state.steps[state.stepIndex] ?? 0);
  if (recent.length >= settings.loopGuard.maxRollbacks) return freeze({ ...state, rollbacks: recent }, 'loop_guard', pinned, suspect, anomaly, now);
  const strategy = anomaly.strategy ?? settings.strategyBySeverity[anomaly.severity];
  const steps = strategy === 'immediate' ? [100] : settings.canarySteps;
  const first = steps[0] ?? 100;
  const base = { model: state.model, lkg: state.lkg, rollbacks: [...recent, now], since: now, suspect, anomaly };
  const next: RollingBack | RolledBack = first === 100 ? { kind: 'rolled_back', ...base } : { kind: 'rolling_back', ...base, steps, stepIndex: 0 };
  const effects: BreakerEffect[] = [
    { kind: 'freeze_forensics', anomalyId: anomaly.id },
    { kind: 'switch_route', from: suspect, to: state.lkg, percent: first },
    { kind: 'persist_forensics', anomalyId: anomaly.id },
    { kind: 'mark_untrusted', version: suspect, onset: anomaly.onset, anomalyId: anomaly.id },
    ...(first === 100 ? [{ kind: 'quarantine', version: suspect } as const] : []),
    { kind: 'open_incident', anomalyId: anomaly.id },
    { kind: 'alert', severity: 'page', summary: `${state.model}: rolling back ${suspect} → ${state.lkg} (${anomaly.rule})` },
  ];
  const events: Decision['events'] = [
    { type: 'rollback_started', model: state.model, from: suspect, to: state.lkg, strategy, anomalyId: anomaly.id, at: now },
    ...(first === 100 ? [{ type: 'rolled_back', model: state.model, suspect, lkg: state.lkg, at: now } as const] : [{ type: 'rollback_step', model: state.model, lkgPercent: first, at: now } as const]),
  ];
  return { state: next, events, effects };
}

function freeze(state: BreakerState, reason: Frozen['reason'], lkgPercent: number, other: string, anomaly: AnomalyRef | undefined, now: number): Decision {
  const next: Frozen = { kind: 'frozen', model: state.model, lkg: state.lkg, rollbacks: state.rollbacks, since: now, reason, lkgPercent, other, ...(anomaly ? { anomaly } : {}) };
  const effects: BreakerEffect[] = [
    ...(anomaly ? [{ kind: 'freeze_forensics', anomalyId: anomaly.id } as const, { kind: 'persist_forensics', anomalyId: anomaly.id } as const] : []),
    { kind: 'contain', apiKeys: anomaly?.apiKeys ?? [] },
    ...(anomaly ? [{ kind: 'open_incident', anomalyId: anomaly.id } as const] : []),
    { kind: 'alert', severity: 'page', summary: `${state.model}: breaker frozen (${reason.replace('_', ' ')}); automation stopped until unfreeze` },
  ];
  return { state: next, events: [{ type: 'frozen', model: state.model, reason, at: now }], effects };
}

function onStepPassed(state: BreakerState, now: number): Decision {
  if (state.kind === 'rolling_back') {
    const stepIndex = state.stepIndex + 1;
    const percent = state.steps[stepIndex];
    if (percent === undefined) return { state, events: [], effects: [] };
    const effects: BreakerEffect[] = [{ kind: 'switch_route', from: state.suspect, to: state.lkg, percent }];
    if (percent < 100) return { state: { ...state, stepIndex }, events: [{ type: 'rollback_step', model: state.model, lkgPercent: percent, at: now }], effects };
    const next: RolledBack = { kind: 'rolled_back', model: state.model, lkg: state.lkg, rollbacks: state.rollbacks, since: now, suspect: state.suspect, anomaly: state.anomaly };
    // The suspect kept serving the rest of the traffic during the canary: its rows up to this
    // final switch are untrusted too (the first mark_untrusted only reached the first step).
    const mark: BreakerEffect = { kind: 'mark_untrusted', version: state.suspect, onset: state.anomaly.onset, anomalyId: state.anomaly.id };
    return { state: next, events: [{ type: 'rolled_back', model: state.model, suspect: state.suspect, lkg: state.lkg, at: now }], effects: [...effects, mark, { kind: 'quarantine', version: state.suspect }] };
  }
  if (state.kind === 'rolling_forward') {
    const stepIndex = state.stepIndex + 1;
    const percent = state.steps[stepIndex];
    if (percent === undefined) return { state, events: [], effects: [] };
    const effects: BreakerEffect[] = [{ kind: 'switch_route', from: state.lkg, to: state.target, percent }];
    if (percent < 100) return { state: { ...state, stepIndex }, events: [{ type: 'roll_forward_step', model: state.model, targetPercent: percent, at: now }], effects };
    const next: Steady = { kind: 'steady', model: state.model, active: state.target, lkg: state.lkg, rollbacks: state.rollbacks, since: now };
    return { state: next, events: [{ type: 'rolled_forward', model: state.model, active: state.target, at: now }], effects };
  }
  return { state, events: [], effects: [] }; // a stale step result: nothing is stepping
}

function onStepFailed(state: BreakerState, detail: string, now: number): Decision {
  if (state.kind === 'rolling_back') return freeze(state, 'lkg_unhealthy', state.steps[state.stepIndex] ?? 0, state.suspect, state.anomaly, now);
  if (state.kind === 'rolling_forward') {
    const anomaly: AnomalyRef = { id: `forward-${now}`, rule: 'roll-forward-analysis', version: state.target, severity: 'ticket', action: 'rollback', onset: state.since };
    const next: RolledBack = { kind: 'rolled_back', model: state.model, lkg: state.lkg, rollbacks: state.rollbacks, since: now, suspect: state.target, anomaly };
    return {
      state: next,
      events: [{ type: 'roll_forward_aborted', model: state.model, target: state.target, detail, at: now }],
      effects: [{ kind: 'switch_route', from: state.target, to: state.lkg, percent: 100 }, { kind: 'alert', severity: 'ticket', summary: `${state.model}: roll-forward to ${state.target} aborted: ${detail}` }],
    };
  }
  return { state, events: [], effects: [] };
}

function onApprove(settings: BreakerSettings, state: BreakerState, cmd: Extract<BreakerCommand, { type: 'approve' }>, now: number): Decision {
  requireWho(cmd.actor, cmd.reason);
  if (state.kind !== 'rolled_back') {
    throw breakerErrors.error('BRK_ERR_NOT_ALLOWED', `${state.model}: an approval applies to a rolled-back model; the breaker is ${state.kind}`, { model: state.model, state: state.kind });
  }
  if (cmd.version === state.lkg) throw breakerErrors.error('BRK_ERR_BAD_COMMAND', `${state.model}: ${cmd.version} is already the last-known-good version serving all traffic`, { version: cmd.version });
  const steps = settings.forwardSteps;
  const first = steps[0] ?? 100;
  const next: RollingForward = { kind: 'rolling_forward', model: state.model, lkg: state.lkg, rollbacks: state.rollbacks, since: now, target: cmd.version, approval: { actor: cmd.actor, reason: cmd.reason, at: now }, steps, stepIndex: 0 };
  return {
    state: next,
    events: [{ type: 'roll_forward_started', model: state.model, target: cmd.version, actor: cmd.actor, at: now }, { type: 'roll_forward_step', model: state.model, targetPercent: first, at: now }],
    effects: [{ kind: 'switch_route', from: state.lkg, to: cmd.version, percent: first }],
  };
}

function onUnfreeze(settings: BreakerSettings, state: BreakerState, cmd: Extract<BreakerCommand, { type: 'unfreeze' }>, now: number): Decision {
  requireWho(cmd.actor, cmd.reason);
  if (state.kind !== 'frozen') throw breakerErrors.error('BRK_ERR_NOT_ALLOWED', `${state.model}: not frozen (the breaker is ${state.kind})`, { model: state.model, state: state.kind });
  const events: Decision['events'] = [{ type: 'unfrozen', model: state.model, actor: cmd.actor, at: now }];
  // Resume from where the routes are pinned, without moving them. The loop-guard history is
  // cleared: a human has taken responsibility, and every further rollback still needs an
  // anomaly while every roll-forward still needs an approval, so nothing can cycle.
  const base = { model: state.model, lkg: state.lkg, rollbacks: [], since: now };
  const anomaly: AnomalyRef = state.anomaly ?? { id: `unfreeze-${now}`, rule: 'unfreeze', version: state.other, severity: 'ticket', action: 'rollback', onset: state.since };
  if (state.lkgPercent >= 100 && state.other !== state.lkg) return { state: { kind: 'rolled_back', ...base, suspect: state.other, anomaly }, events, effects: [] };
  if (state.lkgPercent <= 0 || state.other === state.lkg) return { state: { kind: 'steady', ...base, active: state.lkgPercent <= 0 ? state.other : state.lkg }, events, effects: [] };
  // Split traffic: carry on rolling back toward the LKG from the current step.
  const steps = [state.lkgPercent, ...settings.canarySteps.filter((p) => p > state.lkgPercent)];
  return { state: { kind: 'rolling_back', ...base, suspect: state.other, anomaly, steps, stepIndex: 0 }, events, effects: [] };
}

function requireWho(actor: string, reason: string): void {
  if (actor.trim() === '') throw breakerErrors.error('BRK_ERR_BAD_COMMAND', 'an actor is required', { field: 'actor' });
  if (reason.trim() === '') throw breakerErrors.error('BRK_ERR_BAD_COMMAND', 'a reason is required', { field: 'reason' });
}
