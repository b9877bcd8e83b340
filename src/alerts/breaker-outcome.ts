/**
 * @module alerts/breaker-outcome
 * What the breaker actually did about an anomaly whose rule asked for a rollback, and how
 * an alert says it. The detection engine raises the anomaly before the breaker decides, and
 * the breaker may roll back, freeze instead (the loop guard tripped, or the LKG is anomalous
 * too: the anomaly's API keys are contained, traffic stays where it is), or ignore it
 * (already rolled back, or frozen: the alert is all there is). Pure; the app reads the
 * breaker's decision (a WAL record) or, failing that, its state.
 */
import type { AutomatedAction } from './types.js';

/** What happened to an anomaly of action `rollback`. */
export type BreakerOutcome =
  | { readonly kind: 'rollback'; readonly from: string; readonly to: string }
  | { readonly kind: 'freeze'; readonly reason: string; readonly contained: readonly string[] }
  | { readonly kind: 'alert_only'; readonly why: string }
  /** No decision seen yet: the rollback is requested, not done. */
  | { readonly kind: 'pending' };

/** The parts of a breaker decision the outcome is read from (a rollback WAL record fits). */
export interface DecisionLike {
  readonly events: readonly { readonly type: string; readonly [field: string]: unknown }[];
  readonly effects: readonly { readonly kind: string; readonly apiKeys?: readonly string[] }[];
}

/** The parts of a breaker state {@link outcomeFromState} reads. */
export interface BreakerStateLike {
  readonly kind: string;
  readonly lkg: string;
  readonly active?: string;
  readonly suspect?: string;
  readonly reason?: string;
  readonly anomaly?: { readonly id: string; readonly apiKeys?: readonly string[] };
}

/**
 * The outcome a decision records: its `rollback_started`, `frozen` (with the keys of its
 * `contain` effect) or `anomaly_ignored` event; undefined when it has none of them.
 *
 * @example
 * outcomeOfDecision({ events: [{ type: 'frozen', reason: 'loop_guard' }], effects: [{ kind: 'contain', apiKeys: ['mallory'] }] });
 * // { kind: 'freeze', reason: 'loop_guard', contained: ['mallory'] }
 */
export function outcomeOfDecision(decision: DecisionLike): BreakerOutcome | undefined {
  for (const event of decision.events) {
    if (event.type === 'frozen') {
      const contained = decision.effects.find((e) => e.kind === 'contain')?.apiKeys ?? [];
      return { kind: 'freeze', reason: String(event['reason']), contained };
    }
    if (event.type === 'rollback_started') return { kind: 'rollback', from: String(event['from']), to: String(event['to']) };
    if (event.type === 'anomaly_ignored') return { kind: 'alert_only', why: String(event['why']) };
  }
  return undefined;
}

/**
 * The outcome read off the breaker's state when no decision about the anomaly was seen in
 * time: a breaker that is frozen, or already rolled back from another version, ignores
 * anomalies (alert only); otherwise the decision is still to come (pending).
 *
 * @example
 * outcomeFromState({ kind: 'frozen', lkg: 'v1', reason: 'loop_guard' }, { id: 'a-18', version: 'v2' });
 * // { kind: 'alert_only', why: 'breaker frozen (loop guard): automation stopped until unfreeze' }
 */
export function outcomeFromState(state: BreakerStateLike | undefined, anomaly: { readonly id: string; readonly version: string }): BreakerOutcome {
  if (state === undefined) return { kind: 'alert_only', why: 'the model has no breaker' };
  const own = state.anomaly?.id === anomaly.id;
  if (state.kind === 'frozen') {
    const reason = state.reason ?? 'unknown';
    return own ? { kind: 'freeze', reason, contained: state.anomaly?.apiKeys ?? [] } : { kind: 'alert_only', why: `breaker frozen (${spaced(reason)}): automation stopped until unfreeze` };
  }
  if (state.kind === 'rolling_back' || state.kind === 'rolled_back') {
    if (own) return { kind: 'rollback', from: state.suspect ?? anomaly.version, to: state.lkg };
    if (anomaly.version !== state.lkg) return { kind: 'alert_only', why: `already ${spaced(state.kind)} from ${state.suspect ?? '?'}` };
  }
  if (state.kind === 'steady' && state.active !== undefined && anomaly.version !== state.active) return { kind: 'alert_only', why: `observed on ${anomaly.version}, not the active ${state.active}` };
  return { kind: 'pending' };
}

/**
 * The automated action an alert reports for an outcome (none for alert only).
 *
 * @example
 * outcomeAction({ kind: 'freeze', reason: 'loop_guard', contained: [] }); // 'freeze'
 */
export function outcomeAction(outcome: BreakerOutcome): AutomatedAction | undefined {
  switch (outcome.kind) {
    case 'rollback':
    case 'pending':
      return 'rollback';
    case 'freeze':
      return 'freeze';
    case 'alert_only':
      return undefined;
  }
}

/**
 * How an alert's summary states the outcome (its last clause).
 *
 * @example
 * outcomeText({ kind: 'rollback', from: 'v2', to: 'v1' }); // 'automated action: rollback v2 → v1'
 * outcomeText({ kind: 'freeze', reason: 'loop_guard', contained: ['mallory'] });
 * // 'automated action: breaker frozen (loop guard) instead of a rollback, API key mallory contained; automation stopped until unfreeze'
 * outcomeText({ kind: 'alert_only', why: 'already rolled back from v2' }); // 'no automated action (alert only): already rolled back from v2'
 */
export function outcomeText(outcome: BreakerOutcome): string {
  switch (outcome.kind) {
    case 'rollback':
      return `automated action: rollback ${outcome.from} → ${outcome.to}`;
    case 'freeze': {
      const keys = outcome.contained.length === 0 ? 'no API key to contain' : `API key${outcome.contained.length === 1 ? '' : 's'} ${outcome.contained.join(', ')} contained`;
      return `automated action: breaker frozen (${spaced(outcome.reason)}) instead of a rollback, ${keys}; automation stopped until unfreeze`;
    }
    case 'alert_only':
      return `no automated action (alert only): ${outcome.why}`;
    case 'pending':
      return 'automated action: rollback requested (the breaker had not decided yet)';
  }
}

function spaced(text: string): string {
  return text.replace(/_/g, ' ');
}
