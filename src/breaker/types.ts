/**
 * @module breaker/types
 * The per-model breaker's state (one discriminated `kind`), the commands it accepts, the
 * typed events each transition emits and the effects it asks its shell to apply. All plain
 * data: JSON-serialisable, so state is persisted write-ahead and restored after a crash.
 */

export type BreakerKind = 'steady' | 'rolling_back' | 'rolled_back' | 'rolling_forward' | 'frozen';
export type Strategy = 'immediate' | 'canary';
export type Severity = 'page' | 'ticket' | 'soft';
export type FreezeReason = 'loop_guard' | 'lkg_anomalous' | 'lkg_unhealthy';

/** The anomaly that caused a rollback, as much of it as the breaker needs. */
export interface AnomalyRef {
  readonly id: string;
  readonly rule: string;
  /** The version the anomaly was observed on. */
  readonly version: string;
  readonly severity: Severity;
  /** Only `rollback` anomalies move the breaker; others are recorded and ignored. */
  readonly action: 'rollback' | 'alert' | 'contain';
  /** Time of the first event of the offending window (ms). */
  readonly onset: number;
  /** Overrides the configured strategy for this anomaly's rule. */
  readonly strategy?: Strategy;
  /** API keys seen in the offending window, for containment when frozen. */
  readonly apiKeys?: readonly string[];
}

export interface Approval {
  readonly actor: string;
  readonly reason: string;
  readonly at: number;
}

interface Base {
  readonly model: string;
  /** The version that should serve when nothing is wrong. */
  readonly lkg: string;
  /** Start times (ms) of recent rollbacks, pruned to the loop-guard window. */
  readonly rollbacks: readonly number[];
  /** When this state was entered (ms). */
  readonly since: number;
}

/** Traffic on `active`; LKG known. */
export interface Steady extends Base {
  readonly kind: 'steady';
  readonly active: string;
}

/** Moving traffic from `suspect` to `lkg` in canary steps (percent on the LKG). */
export interface RollingBack extends Base {
  readonly kind: 'rolling_back';
  readonly suspect: string;
  readonly anomaly: AnomalyRef;
  readonly steps: readonly number[];
  readonly stepIndex: number;
}

/** All traffic on the LKG; `suspect` quarantined until a human approves. */
export interface RolledBack extends Base {
  readonly kind: 'rolled_back';
  readonly suspect: string;
  readonly anomaly: AnomalyRef;
}

/** After an approval: moving traffic from the LKG to `target` in canary steps (percent on the target). */
export interface RollingForward extends Base {
  readonly kind: 'rolling_forward';
  readonly target: string;
  readonly approval: Approval;
  readonly steps: readonly number[];
  readonly stepIndex: number;
}

/** Automation stopped; routes pinned as they were; only an explicit unfreeze resumes. */
export interface Frozen extends Base {
  readonly kind: 'frozen';
  readonly reason: FreezeReason;
  /** Percent of traffic on the LKG when frozen (routes stay exactly so). */
  readonly lkgPercent: number;
  /** The other version carrying the rest of the traffic, if any. */
  readonly other: string;
  readonly anomaly?: AnomalyRef;
}

export type BreakerState = Steady | RollingBack | RolledBack | RollingForward | Frozen;

/** What the breaker is told. */
export type BreakerCommand =
  | { readonly type: 'anomaly'; readonly anomaly: AnomalyRef }
  /** The current canary step held for verifySeconds with healthy signals. */
  | { readonly type: 'step_passed' }
  /** The version receiving traffic in the current step is unhealthy. */
  | { readonly type: 'step_failed'; readonly detail: string }
  | { readonly type: 'approve'; readonly version: string; readonly actor: string; readonly reason: string }
  | { readonly type: 'unfreeze'; readonly actor: string; readonly reason: string };

/** Typed events, one per transition (persisted and streamed). */
export type BreakerEvent =
  | { readonly type: 'rollback_started'; readonly model: string; readonly from: string; readonly to: string; readonly strategy: Strategy; readonly anomalyId: string; readonly at: number }
  | { readonly type: 'rollback_step'; readonly model: string; readonly lkgPercent: number; readonly at: number }
  | { readonly type: 'rolled_back'; readonly model: string; readonly suspect: string; readonly lkg: string; readonly at: number }
  | { readonly type: 'roll_forward_started'; readonly model: string; readonly target: string; readonly actor: string; readonly at: number }
  | { readonly type: 'roll_forward_step'; readonly model: string; readonly targetPercent: number; readonly at: number }
  | { readonly type: 'rolled_forward'; readonly model: string; readonly active: string; readonly at: number }
  | { readonly type: 'roll_forward_aborted'; readonly model: string; readonly target: string; readonly detail: string; readonly at: number }
  | { readonly type: 'frozen'; readonly model: string; readonly reason: FreezeReason; readonly at: number }
  | { readonly type: 'unfrozen'; readonly model: string; readonly actor: string; readonly at: number }
  | { readonly type: 'anomaly_ignored'; readonly model: string; readonly anomalyId: string; readonly why: string; readonly at: number };

/** What the shell must do, in this order. The breaker never does I/O itself. */
export type BreakerEffect =
  /** Copy the forensic ring's reference (microseconds); before any route change. */
  | { readonly kind: 'freeze_forensics'; readonly anomalyId: string }
  /** Set the route: `percent` of traffic on `to`, the rest on `from` (100 = all on `to`). */
  | { readonly kind: 'switch_route'; readonly from: string; readonly to: string; readonly percent: number }
  | { readonly kind: 'persist_forensics'; readonly anomalyId: string }
  /** Mark ledger rows served by `version` from `onset` (minus the configured look-back) until now. */
  | { readonly kind: 'mark_untrusted'; readonly version: string; readonly onset: number; readonly anomalyId: string }
  | { readonly kind: 'quarantine'; readonly version: string }
  | { readonly kind: 'open_incident'; readonly anomalyId: string }
  | { readonly kind: 'contain'; readonly apiKeys: readonly string[] }
  | { readonly kind: 'alert'; readonly severity: Severity | 'page'; readonly summary: string };

/** The result of one decision: the next state, its events and the effects to apply. */
export interface Decision {
  readonly state: BreakerState;
  readonly events: readonly BreakerEvent[];
  readonly effects: readonly BreakerEffect[];
}
