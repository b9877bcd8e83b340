/**
 * @module alerts
 * Public surface of the alerting context: the pure policy (classify, dedupe, group,
 * suppress, rate caps), multi-window burn-rate SLO alerts, runbook links, the dispatcher
 * (policy → durable outbox → sinks), its metrics, the ports adapters implement (outbox,
 * sinks, HTTP) and the error catalog. See docs/alerting.md.
 */
export { AlertDispatcher } from './dispatcher.js';
export type { AlertDispatcherOptions, DeliverySettings } from './dispatcher.js';
export { AlertEventBus } from './event-bus.js';
export { AlertMetrics } from './metrics.js';
export type { AlertMetricsSources } from './metrics.js';
export { ALERT_DEFAULTS, BURN_RATE_RULES } from './defaults.js';
export { alertErrors } from './errors.js';
export type { AlertErrorCode } from './errors.js';
export { CLASS_RANK, PAGING_ACTIONS, classify, louder } from './classify.js';
export { dedupeKeyFor, deliveryKey, fingerprint, groupKeyOf, stageOf } from './fingerprint.js';
export { decide, flushAll, initialPolicyState, tick } from './policy.js';
export type { AlertRecord, Decision, GroupRecord, PolicyResult, PolicyState } from './policy.js';
export { checkPolicySettings, sinkAccepts } from './settings.js';
export type { AlertPolicySettings, RateCap, SinkRoute } from './settings.js';
export { suppressedBy } from './suppression.js';
export type { SuppressRule } from './suppression.js';
export { BucketWindows } from './burn-rate.js';
export type { BucketWindowsState, WindowCounts } from './burn-rate.js';
export { SloEvaluator } from './slo.js';
export type { BurnRule, RuleReading, SloEvaluatorState, SloSettings } from './slo.js';
export { RUNBOOKS, RUNBOOK_DIR, incidentRunbooks, relatedRunbooks, runbookFor, runbookLink, runbookPath } from './runbooks.js';
export type { IncidentRunbookSubject, RunbookId, RunbookSubject } from './runbooks.js';
export { outcomeAction, outcomeFromState, outcomeOfDecision, outcomeText } from './breaker-outcome.js';
export type { BreakerOutcome, BreakerStateLike, DecisionLike } from './breaker-outcome.js';
export { httpOutcome, retryDelayMs } from './retry.js';
export type { RetrySettings } from './retry.js';
export { checkCandidate } from './candidate-check.js';
export { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export type { SignedDelivery } from './webhook-signature.js';
export type {
  AlertEventSource,
  AlertOutbox,
  AlertSinkPort,
  AlertSourceEvent,
  DeliveryResult,
  ErrorHandler,
  HttpPoster,
  OutboxDepth,
  OutboxEntry,
  OutboxItem,
  OutboxListFilter,
  OutboxRef,
  OutboxStatus,
  PostResult,
  SliObservation,
  SloSignal,
  Timers,
} from './ports.js';
export type {
  AlertCandidate,
  AlertClass,
  AlertNotification,
  AutomatedAction,
  CandidateDecision,
  CandidateSeverity,
  CandidateSource,
  GroupMember,
  HeldBack,
  IncidentStage,
  RoutedNotification,
  RunbookLink,
} from './types.js';
