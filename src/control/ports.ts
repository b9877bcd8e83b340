/**
 * @module control/ports
 * What the control plane needs from the running gateway, declared here by the consumer
 * (STYLE.md §2): the routes in force, the breakers, the registry, the knobs, red-team
 * reports, the alert outbox (recent notifications), and the feeds its event stream and SLI metrics listen to. `app/control-app.ts`
 * satisfies each port from the running gateway's objects; tests satisfy them directly.
 */
import type { AlertOutbox } from '../alerts/index.js';
import type { BreakerState } from '../breaker/index.js';
import type { Knobs } from '../config/index.js';
import type { Anomaly } from '../detect/index.js';
import type { RequestEvent, RouteChange, RouteTable } from '../gateway/index.js';
import type { VersionView } from '../registry/index.js';
import type { ForensicBundle, ForensicIndexEntry, WalRecord } from '../rollback/index.js';

/** Timers of the control plane (heartbeats, body timeouts, redaction slices). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(callback: () => void): void;
}

/** Receives failures of background work; never throws. */
export type ErrorHandler = (error: Error) => void;

/**
 * The routes in force and their changes (the gateway's RouteSwitch).
 *
 * @example
 * routes.current('fraud')?.epoch; // 3
 */
export interface RouteView {
  current(model: string): RouteTable | undefined;
  subscribe(listener: (change: RouteChange) => void): () => void;
}

/**
 * The breakers (the rollback orchestrator). Absent when no model has a rollback rule.
 *
 * @example
 * breakers.state('fraud')?.kind; // 'rolled_back'
 */
export interface BreakerView {
  state(model: string): BreakerState | undefined;
  onDecision(listener: (record: WalRecord) => void): () => void;
  /** Applies queued operator commands now instead of at the next poll. */
  pollCommands?(): Promise<void>;
}

/**
 * Registry versions and documents (the Registry).
 *
 * @example
 * (await versions.list('fraud')).map((v) => v.record.version);
 */
export interface VersionCatalog {
  list(model?: string): Promise<VersionView[]>;
  readDocument(digest: string): Promise<{ readonly content: Uint8Array; readonly mediaType: string } | undefined>;
}

/**
 * Forensic bundles by digest, unique prefix or incident id (the ForensicArchive).
 *
 * @example
 * const bundle = await archive.read(await archive.resolve('inc-3f1c…'));
 */
export interface BundleArchive {
  resolve(id: string): Promise<ForensicIndexEntry>;
  read(entry: ForensicIndexEntry): Promise<ForensicBundle>;
}

/** Where knobs come from; only a file can be written by the control plane. */
export type KnobsSourceInfo = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'redis' | 'etcd' };

/** One changed knob (`rules.fraud/extraction.threshold` from 0.9 to 0.8). */
export interface KnobChangeLike {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * The knobs document: read, and replaced as a whole (validated by the caller; the
 * implementation writes the file atomically and audit-logs the changes under `actor`).
 *
 * @example
 * await knobs.replace(next, 'token:alice'); // { changes: [{ path: 'rules.extraction.threshold', before: null, after: 0.8 }] }
 */
export interface KnobsPort {
  source(): KnobsSourceInfo;
  read(): Promise<Knobs>;
  replace(next: Knobs, actor: string): Promise<{ readonly changes: readonly KnobChangeLike[] }>;
}

/** A red-team report as the registry holds it: a document attached to a version. */
export interface RedteamReportRef {
  readonly model: string;
  readonly version: string;
  readonly digest: string;
  readonly attachedAt: number;
  readonly actor: string;
}

/**
 * Red-team reports (the red-team suite attaches them to versions; see redteam-reports.ts
 * for the registry-backed source).
 *
 * @example
 * await reports.list({ model: 'fraud' }); // [] until a suite has run
 */
export interface RedteamReportSource {
  list(filter?: { readonly model?: string; readonly version?: string }): Promise<RedteamReportRef[]>;
  read(digest: string): Promise<{ readonly ref: RedteamReportRef; readonly mediaType: string; readonly report: unknown } | undefined>;
}

/** Anomalies as the detection engine raises them (DetectionEngine.onAnomaly). */
export interface AnomalyFeed {
  onAnomaly(listener: (anomaly: Anomaly) => void): () => void;
}

/** What the event stream needs of an alert; the whole object is sent as the event's data. */
export interface AlertLike {
  readonly id: string;
  readonly severity: string;
  readonly summary: string;
  readonly model?: string;
}

/**
 * Alerts as the alerting context emits them (it satisfies this port).
 *
 * @example
 * alerts.subscribe((alert) => hub.publish('alert', alert.model, alert));
 */
export interface AlertFeed {
  subscribe(listener: (alert: AlertLike) => void): () => void;
}

/**
 * Recent alert notifications and their deliveries: the alerting context's durable outbox
 * (one row per notification and sink; `order: 'newest'` lists recent ones first).
 *
 * @example
 * await history.list({ order: 'newest', status: 'dead', limit: 100 });
 */
export type AlertHistory = Pick<AlertOutbox, 'list'>;

/** The gateway's request events (EventBus), for the query anomaly rate. */
export interface QueryFeed {
  subscribe(listener: (event: RequestEvent) => void, options?: { readonly name?: string; readonly queue?: number }): () => void;
}

/**
 * The dashboard's built files (`dist/dashboard`, made by `npm run build`), by path relative
 * to that folder (`index.html`, `assets/index-3f1c.js`); paths are checked by the caller.
 *
 * @example
 * if (!(await files.built())) answer503();
 * const bytes = await files.read('assets/index-3f1c.js'); // undefined: no such file
 */
export interface DashboardFiles {
  /** False when the dashboard was never built (no index.html): a dev checkout without `npm run build`. */
  built(): Promise<boolean>;
  read(path: string): Promise<Uint8Array | undefined>;
}
