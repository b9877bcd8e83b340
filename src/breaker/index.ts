/**
 * @module breaker
 * Public surface of the per-model circuit breaker: a pure state machine with a loop guard.
 */
export { decide, initialState } from './machine.js';
export { restoreState } from './restore.js';
export { BREAKER_DEFAULTS, breakerSettings } from './settings.js';
export type { BreakerSettings } from './settings.js';
export { breakerErrors } from './errors.js';
export type {
  AnomalyRef,
  Approval,
  BreakerCommand,
  BreakerEffect,
  BreakerEvent,
  BreakerKind,
  BreakerState,
  Decision,
  FreezeReason,
  Frozen,
  RolledBack,
  RollingBack,
  RollingForward,
  Severity,
  Steady,
  Strategy,
} from './types.js';
