/**
 * @module alerts/types
 * Plain-data shapes of the alerting context: the alert candidate (what an anomaly, an
 * incident event or an SLO burn becomes), its class (page, ticket, info), the notification
 * the policy emits (one content, delivered to one or more sinks) and the routed delivery
 * the outbox stores. All JSON-serialisable: notifications are persisted in the outbox.
 */

/** Where a candidate comes from. */
export type CandidateSource = 'anomaly' | 'incident' | 'slo';

/**
 * How loud an alert is. `page`: wake someone (high confidence, high impact, or bulwark acted
 * on its own); `ticket`: look at it during the day; `info`: log only (soft signals).
 */
export type AlertClass = 'page' | 'ticket' | 'info';

/** Severity as rules and the breaker state it (`soft` = a weak signal). */
export type CandidateSeverity = 'page' | 'ticket' | 'soft';

/**
 * What bulwark did (or was told to do) on its own. `rollback`, `freeze` and `contain` make
 * an alert a page; `revert` (a roll-forward aborted back to the LKG) does not: the human
 * who approved the roll-forward is already watching.
 */
export type AutomatedAction = 'rollback' | 'freeze' | 'contain' | 'revert';

/** Stage of an incident as alerting sees it. */
export type IncidentStage = 'opened' | 'frozen' | 'aborted' | 'resolved';

/**
 * Every anomaly, incident event and SLO burn becomes one candidate. Adapters in `app/`
 * build them from the detection engine's anomalies and the orchestrator's alerts.
 *
 * @example
 * const candidate: AlertCandidate = { id: 'a-17', source: 'anomaly', kind: 'rule', model: 'fraud', rule: 'entropy-collapse',
 *   version: 'v2', apiKeys: ['shop'], severity: 'page', action: 'rollback', summary: 'entropy collapsed', at: Date.now() };
 */
export interface AlertCandidate {
  /** Stable id of the event (anomaly id; `<model>:<seq>:<index>` for an orchestrator alert). */
  readonly id: string;
  readonly source: CandidateSource;
  /**
   * anomaly: `rule`, `extraction_suspected` or `evaluation_errors`; incident: an
   * {@link IncidentStage}; slo: `burn_page` or `burn_ticket`.
   */
  readonly kind: string;
  readonly model: string;
  /** The rule id, the SLO name, or `breaker` for incident events with no rule. */
  readonly rule: string;
  readonly version?: string;
  /** API keys involved (flagged first). */
  readonly apiKeys?: readonly string[];
  readonly severity: CandidateSeverity;
  /** The automated action taken (or about to be taken: an anomaly with action rollback). */
  readonly action?: AutomatedAction;
  /** A rule on trial: evaluated, never acted on. Never pages. */
  readonly dryRun?: boolean;
  /** The incident this is about; all of an incident's alerts share one dedupe key. */
  readonly incidentId?: string;
  /** Resolves the alert with the same dedupe key (an incident resolved, a burn that stopped). */
  readonly resolve?: boolean;
  /** Explicit dedupe key (SLO alerts give one per firing episode). */
  readonly dedupeKey?: string;
  /** The rule's condition text, the freeze reason…: what the runbook lookup reads. */
  readonly condition?: string;
  readonly summary: string;
  /** Clock ms of the event. */
  readonly at: number;
  /** Evidence and context, copied into the notification (plain JSON). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** One alert listed in a group notification. */
export interface GroupMember {
  readonly dedupeKey: string;
  readonly summary: string;
  readonly severity: AlertClass;
  readonly version?: string;
  readonly at: number;
  /** Occurrences folded into this alert by dedupe so far. */
  readonly count: number;
}

/** What a rate-capped sink did not receive during one cap window (in a summary). */
export interface HeldBack {
  readonly count: number;
  readonly bySeverity: Readonly<Partial<Record<AlertClass, number>>>;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** The first few held-back alerts. */
  readonly samples: readonly { readonly dedupeKey: string; readonly summary: string; readonly severity: AlertClass }[];
}

/** The runbook an alert links to. */
export interface RunbookLink {
  readonly id: string;
  readonly title: string;
  /** A URL when `runbookBaseUrl` is set, else the path in the repository (`docs/runbooks/…`). */
  readonly url: string;
}

/**
 * One notification: the same content goes to every sink it is routed to. `key` is unique
 * per notification (the outbox's idempotency key); `dedupeKey` names the alert, and is
 * shared by its trigger and its resolve (PagerDuty's `dedup_key`).
 */
export interface AlertNotification {
  readonly type: 'alert' | 'group' | 'summary';
  readonly action: 'trigger' | 'resolve';
  readonly key: string;
  readonly dedupeKey: string;
  readonly severity: AlertClass;
  readonly summary: string;
  readonly source: CandidateSource | 'policy';
  readonly kind: string;
  readonly model: string;
  readonly rule: string;
  readonly version?: string;
  readonly apiKeys: readonly string[];
  readonly incidentId?: string;
  readonly automatedAction?: AutomatedAction;
  /** Occurrences this notification stands for (dedupe folded the rest in). */
  readonly count: number;
  /** Repeats folded into the previous alert with this fingerprint (0 when none). */
  readonly repeatsBefore: number;
  readonly firstSeenAt: number;
  /** Clock ms the notification was made. */
  readonly at: number;
  readonly runbook: RunbookLink;
  /** Other runbooks that apply (the untrusted-window follow-up after a rollback). */
  readonly related: readonly RunbookLink[];
  /** `group` only: the alerts collected during the group window. */
  readonly members?: readonly GroupMember[];
  /** `group` only: members beyond those listed. */
  readonly moreMembers?: number;
  /** `summary` only: what the sink's rate cap held back. */
  readonly heldBack?: HeldBack;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A notification addressed to one sink (what the outbox stores). */
export interface RoutedNotification {
  readonly sink: string;
  readonly notification: AlertNotification;
}

/** What the policy decided about one candidate (metrics read it). */
export type CandidateDecision = 'notified' | 'resolved' | 'deduplicated' | 'grouped' | 'suppressed' | 'unrouted';
