/**
 * @module rollback/types
 * Plain-data shapes of the rollback context: the anomaly as the orchestrator receives it,
 * the write-ahead log record of one breaker decision, incidents, forensic bundles, queued
 * operator commands and alerts. All JSON-serialisable (they are persisted).
 */
import type { AnomalyRef, BreakerCommand, BreakerEffect, BreakerEvent, BreakerState } from '../breaker/index.js';
import type { RouteSpec } from '../gateway/index.js';

/**
 * An anomaly handed to the orchestrator: the breaker's `AnomalyRef` plus the model it is
 * about and what the detection engine knows (kept in the forensic bundle).
 *
 * @example
 * const anomaly: AnomalyInput = { model: 'fraud', id: 'a-1', rule: 'entropy-collapse', version: 'v2',
 *   severity: 'page', action: 'rollback', onset: Date.now() - 2_000, apiKeys: ['shop'] };
 */
export interface AnomalyInput extends AnomalyRef {
  readonly model: string;
  /** When the detection engine raised it (ms); default: when the orchestrator received it. */
  readonly detectedAt?: number;
  /** The rule's evidence (observed value, baseline, threshold, window counts…). */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** Request ids of the events that made the rule fire (the bundle keeps them in full). */
  readonly sampleRequestIds?: readonly string[];
  /** The detector's own state at firing time, if it can give it (plain JSON). */
  readonly detectorState?: unknown;
}

/** What the detection engine gave beyond the AnomalyRef, persisted with the decision. */
export interface AnomalyContext {
  readonly detectedAt: number;
  readonly evidence?: Readonly<Record<string, unknown>>;
  readonly sampleRequestIds?: readonly string[];
  readonly detectorState?: unknown;
}

/** A command recorded in the WAL: a breaker command, or the shell adopting a new config route. */
export type WalCommand = BreakerCommand | { readonly type: 'init'; readonly reason: string } | { readonly type: 'adopt'; readonly reason: string };

/** Shell context of one decision, decided before any effect runs (so a resume reuses it). */
export interface WalContext {
  /** Incident the decision's anomaly belongs to (deterministic from model and anomaly id). */
  readonly incidentId?: string;
  /** The queued operator command this decision applied. */
  readonly commandId?: number;
  readonly anomaly?: AnomalyContext;
}

/**
 * One breaker decision, persisted before its effects run (write-ahead). Effects are
 * completed one by one (`marks`), so a crash resumes exactly where it stopped.
 */
export interface WalRecord {
  readonly model: string;
  /** 1, 2, 3… per model; also the route epoch the webhook route switch is keyed by. */
  readonly seq: number;
  /** Clock ms of the decision. */
  readonly at: number;
  readonly command: WalCommand;
  /** The state before; null for the first record of a model. */
  readonly prev: BreakerState | null;
  readonly state: BreakerState;
  readonly events: readonly BreakerEvent[];
  readonly effects: readonly BreakerEffect[];
  readonly context: WalContext;
  /** Clock ms when every effect completed; null while some are pending. */
  readonly completedAt: number | null;
}

/** Lifecycle of an incident. */
export type IncidentState = 'rolling_back' | 'mitigated' | 'frozen' | 'resolved';

/** A human's verdict on an incident (filled later, by the alerting and control-plane issues). */
export interface IncidentFeedback {
  readonly verdict: 'true_positive' | 'false_positive' | 'inconclusive';
  readonly note?: string;
  readonly actor: string;
  readonly at: number;
}

/** An incident: one per anomaly that moved a breaker. */
export interface Incident {
  readonly id: string;
  readonly model: string;
  readonly anomaly: AnomalyRef;
  readonly state: IncidentState;
  /** The version the anomaly was on, and the LKG traffic went (or stayed) on. */
  readonly suspect: string;
  readonly lkg: string;
  /** `frozen` incidents: why the loop guard stopped automation. */
  readonly frozenReason?: string;
  /** Clock ms: anomaly onset, detection, incident opened, traffic fully off the suspect (or frozen). */
  readonly onsetAt: number;
  readonly detectedAt: number;
  readonly openedAt: number;
  readonly mitigatedAt?: number;
  /** detectedAt − onsetAt. */
  readonly timeToDetectMs: number;
  /** mitigatedAt − detectedAt. */
  readonly timeToMitigateMs?: number;
  /** sha256 of the forensic bundle. */
  readonly bundleDigest?: string;
  /** Ledger rows marked untrusted for this incident, and their window. */
  readonly untrusted: { readonly version: string; readonly fromMs: number; readonly toMs: number; readonly count: number } | null;
  readonly resolution?: { readonly actor: string; readonly reason: string; readonly at: number; readonly how: 'approved' | 'unfrozen' };
  readonly feedback?: IncidentFeedback;
  readonly updatedAt: number;
}

/** A patch applied to a stored incident. */
export type IncidentPatch = Partial<Pick<Incident, 'state' | 'mitigatedAt' | 'timeToMitigateMs' | 'bundleDigest' | 'untrusted' | 'resolution' | 'feedback' | 'frozenReason'>> & {
  readonly updatedAt: number;
};

/** One forensic bundle in the index (the bundle itself is a content-addressed file). */
export interface ForensicIndexEntry {
  /** sha256 (hex) of the bundle's canonical JSON; also its file name. */
  readonly digest: string;
  readonly model: string;
  readonly anomalyId: string;
  readonly incidentId: string;
  readonly createdAt: number;
  readonly bytes: number;
  /** Where the bundle file is (absolute path, or `memory:` for the memory store). */
  readonly location: string;
}

/** One event of the forensic ring as written into a bundle. */
export interface BundleEvent {
  readonly requestId: string;
  readonly at: number;
  readonly model: string;
  readonly version: string;
  readonly apiKeyId: string | null;
  readonly status: number;
  /** The request body as text, PII redacted by policy. */
  readonly input: string;
  /** Original size when the ring kept only a prefix of the body. */
  readonly truncatedFromBytes?: number;
  readonly signals: Readonly<Record<string, number | boolean>>;
}

/** The forensic bundle (version 1). Its sha256 over canonical JSON is its address. */
export interface ForensicBundle {
  readonly format: 'bulwark.forensics/v1';
  readonly model: string;
  readonly incidentId: string;
  readonly anomaly: AnomalyRef & { readonly context: AnomalyContext | null };
  /** Clock ms of the decision, and when the ring was frozen (null: lost in a crash). */
  readonly decidedAt: number;
  readonly frozenAt: number | null;
  /** The ring was lost (the process restarted between freeze and persist). */
  readonly ringLost: boolean;
  readonly redactedPii: boolean;
  readonly events: readonly BundleEvent[];
  /** The events among `events` whose request ids the detection engine named. */
  readonly triggering: readonly BundleEvent[];
  readonly detectorState: unknown;
  readonly route: { readonly before: RouteSpec | null; readonly after: RouteSpec | null; readonly liveBefore: (RouteSpec & { readonly epoch: number }) | null };
  readonly versions: readonly VersionFacts[];
  /** The model's config, secrets redacted. */
  readonly config: unknown;
}

/** What the registry knows about a version, for the bundle. */
export interface VersionFacts {
  readonly version: string;
  /** sha256 of the artifact; null when the version is not registered. */
  readonly artifactDigest: string | null;
  readonly status: string | null;
  /** Attached baselines (kind `baseline`), by digest. */
  readonly baselines: readonly string[];
}

/** An operator command waiting for (or applied by) the orchestrator. */
export interface QueuedCommand {
  readonly id: number;
  readonly model: string;
  readonly command: { readonly type: 'approve'; readonly version: string } | { readonly type: 'unfreeze' };
  readonly actor: string;
  readonly reason: string;
  readonly createdAt: number;
  readonly status: 'pending' | 'applied' | 'rejected';
  readonly settledAt: number | null;
  /** Why it was rejected (the error code and message), or what it did. */
  readonly detail: string | null;
}

/** An alert event (the alerting issue routes them to real sinks). */
export interface RollbackAlert {
  /** Stable across a crash-resume: `<model>:<seq>:<effect index>`. */
  readonly id: string;
  readonly model: string;
  readonly severity: 'page' | 'ticket' | 'soft';
  readonly summary: string;
  readonly incidentId?: string;
  readonly at: number;
}
