/**
 * @module detect/anomaly
 * The anomaly the engine emits when a rule fires: what was observed against what was
 * expected, over which window, since when (onset: the first event of the offending
 * window), detected when (and so the time to detect), a bounded sample of request ids, the
 * API keys seen (for containment), the rule's severity and action, whether it is a dry run,
 * and the evidence. `toAnomalyRef` reduces it to what the breaker needs.
 */
import type { RollbackStrategy, RuleAction, Severity } from './ports.js';
import type { Evidence } from './rules/evaluate.js';

/** `rule`: a per-version rule's condition held; `extraction_suspected`: a per-key rule flagged a key; `evaluation_errors`: `consecutiveErrorLimit` errors in a row. */
export type AnomalyKind = 'rule' | 'extraction_suspected' | 'evaluation_errors';

/**
 * @example
 * engine.onAnomaly((a: Anomaly) => a.action === 'rollback' && !a.dryRun && breaker.send(toAnomalyRef(a)));
 */
export interface Anomaly {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly model: string;
  readonly version: string;
  readonly rule: string;
  /** The rule's `when` text. */
  readonly condition: string;
  /** The measured side of the deciding comparison (undefined for evaluation errors). */
  readonly observed: number | undefined;
  /** What it was compared with. */
  readonly expected: number | undefined;
  readonly window: { readonly fromMs: number; readonly toMs: number };
  /** Time of the first event of the offending window (ms). */
  readonly onset: number;
  readonly detectedAt: number;
  /** detectedAt − onset. */
  readonly timeToDetectMs: number;
  /** A bounded sample: flagged events first when the rule follows a boolean signal. */
  readonly sampleRequestIds: readonly string[];
  /**
   * The suspect API keys, bounded: those behind the flagged events (a boolean signal) or the
   * most repeated inputs (entropy); every key seen in the window when the statistic singles
   * out none (psi, zscore, …); the key itself for extraction. Containment acts on these.
   */
  readonly apiKeys: readonly string[];
  readonly severity: Severity;
  readonly action: RuleAction;
  readonly strategy: RollbackStrategy;
  /** Evaluated and recorded, never acted on. */
  readonly dryRun: boolean;
  readonly evidence: Evidence & { readonly reason?: string };
}

/**
 * The breaker's view of an anomaly (structurally `AnomalyRef` of src/breaker). A dry-run
 * anomaly becomes `action: 'alert'`, which the breaker records and never acts on.
 *
 * @example
 * decide(state, { type: 'anomaly', anomaly: toAnomalyRef(anomaly) }, settings, now);
 */
export interface AnomalyRefView {
  readonly id: string;
  readonly rule: string;
  readonly version: string;
  readonly severity: Severity;
  readonly action: RuleAction;
  readonly onset: number;
  readonly strategy?: RollbackStrategy;
  readonly apiKeys?: readonly string[];
}

/**
 * Reduces an anomaly to the breaker's `AnomalyRef`.
 *
 * @example
 * toAnomalyRef(anomaly); // { id, rule, version, severity, action, onset, strategy, apiKeys }
 */
export function toAnomalyRef(anomaly: Anomaly): AnomalyRefView {
  return {
    id: anomaly.id,
    rule: anomaly.rule,
    version: anomaly.version,
    severity: anomaly.severity,
    action: anomaly.dryRun ? 'alert' : anomaly.action,
    onset: anomaly.onset,
    strategy: anomaly.strategy,
    apiKeys: anomaly.apiKeys,
  };
}
