/**
 * @module detect/rules/hysteresis
 * The per-rule state machine between verdicts and anomalies, pure:
 * `idle → holding → firing → idle`. A rule fires once the condition has been anomalous in
 * at least `holdEvaluations` consecutive evaluations spanning at least `holdForMs`; while
 * firing it does not fire again, and it clears after `clearEvaluations` consecutive `ok`
 * verdicts. `ok` breaks a hold; `inconclusive` neither extends nor breaks it (could not
 * measure). `error` counts consecutive errors, and reaching `consecutiveErrorLimit` fires
 * once (an anomaly caused by errors) until a non-error verdict resets the count.
 */
import type { Verdict } from './evaluate.js';

export type RulePhase = 'idle' | 'holding' | 'firing';

/** Plain data, serialisable (engine toJSON()). */
export interface RuleState {
  readonly phase: RulePhase;
  /** Time of the first anomalous evaluation of the current hold (ms). */
  readonly holdSince: number | undefined;
  /** Consecutive anomalous evaluations. */
  readonly streak: number;
  /** Consecutive `ok` evaluations while firing. */
  readonly clearStreak: number;
  /** Consecutive `error` verdicts. */
  readonly errors: number;
  /** True once the current run of errors has fired. */
  readonly errorsFired: boolean;
}

export interface HysteresisSettings {
  readonly holdForMs: number;
  readonly holdEvaluations: number;
  readonly clearEvaluations: number;
  readonly consecutiveErrorLimit: number;
}

/** What a step decided. */
export interface Step {
  readonly state: RuleState;
  /** `anomalous`: the condition held long enough; `errors`: the error limit was reached. */
  readonly fire: 'anomalous' | 'errors' | undefined;
  /** The rule stopped firing on this step. */
  readonly cleared: boolean;
}

/**
 * The state of a rule that has never been evaluated.
 *
 * @example
 * INITIAL_RULE_STATE.phase; // 'idle'
 */
export const INITIAL_RULE_STATE: RuleState = Object.freeze({ phase: 'idle', holdSince: undefined, streak: 0, clearStreak: 0, errors: 0, errorsFired: false });

function onAnomalous(state: RuleState, now: number, s: HysteresisSettings): Step {
  const holdSince = state.holdSince ?? now;
  const streak = state.streak + 1;
  const base = { ...state, holdSince, streak, clearStreak: 0, errors: 0, errorsFired: false };
  if (state.phase === 'firing') return { state: base, fire: undefined, cleared: false };
  if (streak >= s.holdEvaluations && now - holdSince >= s.holdForMs) return { state: { ...base, phase: 'firing' }, fire: 'anomalous', cleared: false };
  return { state: { ...base, phase: 'holding' }, fire: undefined, cleared: false };
}

/** The step of an `ok` verdict on a rule at rest: shared, so the commonest evaluation allocates nothing. */
const AT_REST: Step = Object.freeze({ state: INITIAL_RULE_STATE, fire: undefined, cleared: false });

function atRest(state: RuleState): boolean {
  return state === INITIAL_RULE_STATE || (state.phase === 'idle' && state.holdSince === undefined && state.streak === 0 && state.clearStreak === 0 && state.errors === 0 && !state.errorsFired);
}

function onOk(state: RuleState, s: HysteresisSettings): Step {
  if (atRest(state)) return AT_REST;
  const reset = { ...state, holdSince: undefined, streak: 0, errors: 0, errorsFired: false };
  if (state.phase !== 'firing') return { state: { ...reset, phase: 'idle', clearStreak: 0 }, fire: undefined, cleared: false };
  const clearStreak = state.clearStreak + 1;
  if (clearStreak >= s.clearEvaluations) return { state: { ...reset, phase: 'idle', clearStreak: 0 }, fire: undefined, cleared: true };
  return { state: { ...reset, clearStreak }, fire: undefined, cleared: false };
}

function onError(state: RuleState, s: HysteresisSettings): Step {
  const errors = state.errors + 1;
  if (errors >= s.consecutiveErrorLimit && !state.errorsFired) return { state: { ...state, errors, errorsFired: true }, fire: 'errors', cleared: false };
  return { state: { ...state, errors }, fire: undefined, cleared: false };
}

/**
 * The next state after a verdict at `now`.
 *
 * @example
 * const s = { holdForMs: 0, holdEvaluations: 2, clearEvaluations: 3, consecutiveErrorLimit: 3 };
 * stepRule(INITIAL_RULE_STATE, 'anomalous', 0, s).fire; // undefined (1 of 2)
 */
export function stepRule(state: RuleState, verdict: Verdict, now: number, s: HysteresisSettings): Step {
  switch (verdict) {
    case 'anomalous':
      return onAnomalous(state, now, s);
    case 'ok':
      return onOk(state, s);
    case 'error':
      return onError(state, s);
    case 'inconclusive':
      return { state: state.errors === 0 ? state : { ...state, errors: 0, errorsFired: false }, fire: undefined, cleared: false };
  }
}
