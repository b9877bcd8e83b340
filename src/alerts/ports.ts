/**
 * @module alerts/ports
 * Ports of the alerting context, declared by the consumer (STYLE.md §2.2): the durable
 * outbox (memory and SQLite adapters in store/, contract in outbox.contract.ts), the sinks
 * (webhook, Slack, PagerDuty, log in adapters/alerts/), the HTTP poster they use, the
 * source of alert events, and timers.
 */
import type { AlertCandidate, AlertClass, AlertNotification } from './types.js';

/** Receives every error a background path hits; those paths never throw. */
export type ErrorHandler = (error: Error) => void;

/** Timer functions (a subset of the gateway's and the rollback context's Timers). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Status of a queued delivery. */
export type OutboxStatus = 'pending' | 'delivered' | 'dead';

/** A delivery to enqueue: one notification for one sink. */
export interface OutboxEntry {
  readonly sink: string;
  /** Unique per sink: enqueuing the same (sink, key) again is a no-op. */
  readonly key: string;
  readonly dedupeKey: string;
  readonly severity: AlertClass;
  /** The notification (JSON-serialisable). */
  readonly payload: AlertNotification;
  /** Clock ms; also when the first attempt is due. */
  readonly createdAt: number;
}

/** A queued delivery as stored. */
export interface OutboxItem extends OutboxEntry {
  readonly status: OutboxStatus;
  /** Attempts started (a claim counts as one, so a crash loop still reaches dead-letter). */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  /** Who holds the claim, until when (null when unclaimed). */
  readonly leaseOwner: string | null;
  readonly leaseUntil: number | null;
  readonly lastError: string | null;
  /** HTTP status of the last attempt (0: network error; null: none yet). */
  readonly lastStatus: number | null;
  readonly updatedAt: number;
  readonly deliveredAt: number | null;
}

/** What {@link AlertOutbox.list} selects, and in which order. */
export interface OutboxListFilter {
  readonly status?: OutboxStatus;
  readonly sink?: string;
  readonly limit?: number;
  /** `oldest` (default): by creation time, then sink, then key; `newest`: exactly the reverse (recent deliveries first). */
  readonly order?: 'oldest' | 'newest';
}

/** Identifies one claimed delivery, and who claimed it. */
export interface OutboxRef {
  readonly sink: string;
  readonly key: string;
  readonly owner: string;
}

/** Counts of queued deliveries by status. */
export interface OutboxDepth {
  readonly pending: number;
  readonly delivered: number;
  readonly dead: number;
}

/**
 * The durable alert outbox: at-least-once delivery with a stable idempotency key per
 * (sink, key), claims with a lease (several dispatchers may share one store), retries
 * scheduled by the dispatcher, and dead letters kept (never deleted silently). Adapters
 * pass `outbox.contract.ts`.
 *
 * @example
 * await outbox.enqueue([{ sink: 'webhook-3fa9c2d1', key, dedupeKey, severity: 'page', payload, createdAt: now }]);
 * const due = await outbox.claim({ owner: 'dispatcher-1', now, leaseMs: 60_000, limit: 32 });
 */
export interface AlertOutbox {
  /** Inserts every entry whose (sink, key) is new, atomically; returns how many were new. */
  enqueue(entries: readonly OutboxEntry[]): Promise<{ readonly inserted: number }>;
  /**
   * Claims up to `limit` pending deliveries due at `now` whose lease is free or expired,
   * oldest due first: sets the lease and counts one attempt.
   */
  claim(request: { readonly owner: string; readonly now: number; readonly leaseMs: number; readonly limit: number }): Promise<OutboxItem[]>;
  /** Marks a pending delivery delivered (whoever holds the lease: the receiver has it). False when not pending. */
  markDelivered(ref: OutboxRef, outcome: { readonly at: number; readonly status?: number }): Promise<boolean>;
  /** Releases the claim and schedules the next attempt. False unless `ref.owner` holds the lease. */
  scheduleRetry(ref: OutboxRef, outcome: { readonly at: number; readonly nextAttemptAt: number; readonly error: string; readonly status?: number }): Promise<boolean>;
  /** Gives up on a delivery (kept, status `dead`). False unless `ref.owner` holds the lease. */
  deadLetter(ref: OutboxRef, outcome: { readonly at: number; readonly error: string; readonly status?: number }): Promise<boolean>;
  /** Drops every lease `owner` holds (graceful shutdown); returns how many. */
  release(owner: string, at: number): Promise<number>;
  /** Makes dead letters pending again, due at `now`, attempts reset; returns how many. */
  requeueDead(filter: { readonly sink?: string; readonly now: number }): Promise<number>;
  get(sink: string, key: string): Promise<OutboxItem | undefined>;
  /** Oldest first, or newest first with `order: 'newest'`; `limit` applies after the order. */
  list(filter?: OutboxListFilter): Promise<OutboxItem[]>;
  depth(): Promise<OutboxDepth>;
  /** Deletes delivered rows delivered before `before` (retention); returns how many. */
  purgeDelivered(before: number): Promise<number>;
}

/** One HTTP POST attempt's outcome; network failures are `status: 0` with `error`. */
export interface PostResult {
  readonly status: number;
  readonly error?: string;
}

/**
 * Sends one POST (one attempt; the dispatcher retries). The undici poster of
 * adapters/http implements it, with a timeout.
 *
 * @example
 * const { status } = await http.post(url, body, { 'content-type': 'application/json' });
 */
export interface HttpPoster {
  post(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<PostResult>;
}

/** The outcome of one delivery attempt: 2xx delivered; 429, 5xx and network errors retried; other 4xx failed for good. */
export type DeliveryResult =
  | { readonly outcome: 'delivered'; readonly status?: number }
  | { readonly outcome: 'retry' | 'failed'; readonly error: string; readonly status?: number };

/**
 * A sink: formats a notification for its service and delivers it once. Never throws.
 *
 * @example
 * const result = await sink.deliver(notification, { key: notification.key, attempt: 1 });
 */
export interface AlertSinkPort {
  /** Stable id (`<kind>-<8 hex of its target>`), stored with each queued delivery. */
  readonly id: string;
  readonly kind: string;
  /** Which classes the sink receives (`info` only ever goes to log sinks). */
  readonly accepts: readonly AlertClass[];
  deliver(notification: AlertNotification, attempt: { readonly key: string; readonly attempt: number }): Promise<DeliveryResult>;
}

/** SLI signals an SLO can be set on. */
export type SloSignal = 'untrusted_requests' | 'adversarial_success';

/**
 * Events counted by an SLI: `total` events, `bad` of them bad. `bad` may arrive after the
 * events themselves (rows marked untrusted at rollback time), with `at` in the past.
 */
export interface SliObservation {
  readonly signal: SloSignal;
  readonly model?: string;
  readonly total: number;
  readonly bad: number;
  /** Clock ms the events belong to. */
  readonly at: number;
}

/** What an alert source emits. */
export type AlertSourceEvent = { readonly type: 'candidate'; readonly candidate: AlertCandidate } | { readonly type: 'sli'; readonly observation: SliObservation };

/**
 * Where alert events come from (the app wires the detection engine's anomalies, the
 * orchestrator's alerts and incidents, and SLI counts into one).
 *
 * @example
 * const off = source.subscribe((event) => void dispatcher.handle(event));
 */
export interface AlertEventSource {
  subscribe(listener: (event: AlertSourceEvent) => void): () => void;
}
