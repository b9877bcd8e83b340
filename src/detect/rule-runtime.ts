/**
 * @module detect/rule-runtime
 * The mutable bookkeeping of one rule on one series (or one API key): its hysteresis state
 * and when it was last evaluated, for the "at most once per interval" schedule.
 */
import type { Verdict } from './rules/evaluate.js';
import { INITIAL_RULE_STATE } from './rules/hysteresis.js';
import type { RuleState } from './rules/hysteresis.js';

export interface RuleRuntime {
  state: RuleState;
  lastEvalMs: number;
  eventsSince: number;
  lastVerdict: Verdict | undefined;
}

/**
 * A fresh runtime (never evaluated: the first event makes it due).
 *
 * @example
 * const r = newRuntime(); r.state.phase; // 'idle'
 */
export function newRuntime(): RuleRuntime {
  return { state: INITIAL_RULE_STATE, lastEvalMs: Number.NEGATIVE_INFINITY, eventsSince: 0, lastVerdict: undefined };
}

/**
 * True when the rule is due: `everyEvents` events since, or `everyMs` elapsed.
 *
 * @example
 * isDue(runtime, now, 20, 256); // true after 20 ms or 256 events
 */
export function isDue(r: RuleRuntime, now: number, everyMs: number, everyEvents: number): boolean {
  return r.eventsSince >= everyEvents || now - r.lastEvalMs >= everyMs;
}
