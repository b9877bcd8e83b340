/**
 * @module rollback/ports
 * Ports of the rollback context, declared by the consumer (STYLE.md §2.2). The orchestrator
 * applies breaker effects through them; adapters live in store/ (WAL, incidents, forensic
 * index, command queue, bundle files), adapters/ (webhooks, the user's PostgreSQL) and
 * app/ (wiring the gateway's RouteSwitch, the registry and the audit log).
 */
import type { LedgerEntry, LedgerQuery, RouteSpec } from '../gateway/index.js';
import type { ForensicIndexEntry, Incident, IncidentPatch, QueuedCommand, RollbackAlert, WalRecord } from './types.js';

/** Receives every error a background path hits; those paths never throw. */
export type ErrorHandler = (error: Error) => void;

/** Timer functions (the gateway's Timers port has the same shape). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(callback: () => void): void;
}

/** Who switches a route and why; `epoch` (the WAL seq) keys idempotent external switches. */
export interface RouteSwitchMeta {
  readonly actor: string;
  readonly reason: string;
  readonly epoch?: number;
}

/**
 * Switches a model's traffic. The gateway's in-process `RouteSwitch` implements it; so does
 * the webhook adapter (adapters/http). Switching to the route already in force must be a
 * no-op or idempotent.
 *
 * @example
 * await routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'rollback', reason: 'entropy-collapse', epoch: 4 });
 */
export interface RouteSwitchPort {
  /** The route in force, when the switch can tell (undefined: unknown, always switch). */
  current(model: string): RouteSpec | undefined;
  switch(model: string, next: RouteSpec, meta: RouteSwitchMeta): Promise<unknown>;
}

/**
 * The breaker write-ahead log: one record per decision, per model, in seq order, with
 * per-step completion marks. Adapters pass `rollback-store.contract.ts`.
 *
 * @example
 * await wal.append(record); // STO_ERR_CONFLICT when (model, seq) exists
 * await wal.mark('fraud', 3, '1', { at: 1_700_000_000_000 });
 */
export interface BreakerWal {
  /** Appends a record (completedAt null). Rejects with STO_ERR_CONFLICT when (model, seq) exists. */
  append(record: Omit<WalRecord, 'completedAt'>): Promise<void>;
  latest(model: string): Promise<WalRecord | undefined>;
  /** Records of a model in seq order (after `afterSeq`, at most `limit`). */
  list(model: string, options?: { readonly afterSeq?: number; readonly limit?: number }): Promise<WalRecord[]>;
  /** Every model with at least one record. */
  models(): Promise<string[]>;
  /** Records whose effects are not all complete, by model then seq. */
  incomplete(): Promise<WalRecord[]>;
  /** Upserts the completion mark of one step (`"<effect index>"` or `"<index>:<sub-step>"`). */
  mark(model: string, seq: number, step: string, result: unknown): Promise<void>;
  /** Marks of one record, by step. */
  marks(model: string, seq: number): Promise<Map<string, unknown>>;
  /** Sets completedAt (idempotent). */
  complete(model: string, seq: number, at: number): Promise<void>;
}

/**
 * Incidents, keyed by id (one per anomaly that moved a breaker).
 *
 * @example
 * const { created } = await incidents.open(incident); // false when it exists (resume)
 */
export interface IncidentStore {
  /** Inserts unless the id exists; returns the stored incident either way. */
  open(incident: Incident): Promise<{ readonly created: boolean; readonly incident: Incident }>;
  get(id: string): Promise<Incident | undefined>;
  /** Newest first. */
  list(filter?: { readonly model?: string; readonly limit?: number }): Promise<Incident[]>;
  /** Applies `patch`; undefined when there is no such incident. */
  update(id: string, patch: IncidentPatch): Promise<Incident | undefined>;
}

/**
 * Index of forensic bundles (the bundles are files, see {@link BundleFiles}).
 *
 * @example
 * await index.add(entry); // idempotent on digest
 */
export interface ForensicIndexStore {
  add(entry: ForensicIndexEntry): Promise<{ readonly created: boolean }>;
  get(digest: string): Promise<ForensicIndexEntry | undefined>;
  /** Newest first; `createdBefore` selects entries older than a time (retention). */
  list(filter?: { readonly model?: string; readonly incidentId?: string; readonly createdBefore?: number; readonly limit?: number }): Promise<ForensicIndexEntry[]>;
  remove(digest: string): Promise<void>;
}

/**
 * Content-addressed bundle bytes: `.bulwark/forensics/<sha256>.json` for the file adapter.
 *
 * @example
 * const { location } = await files.write(digest, bytes); // a no-op when the file exists
 */
export interface BundleFiles {
  /** Writes atomically (temp file + rename); writing an existing digest is a no-op. */
  write(digest: string, bytes: Uint8Array): Promise<{ readonly location: string }>;
  read(digest: string): Promise<Uint8Array | undefined>;
  exists(digest: string): Promise<boolean>;
  remove(digest: string): Promise<void>;
}

/**
 * Operator commands (approve, unfreeze) queued by the CLI and applied by the gateway's
 * orchestrator, which polls the queue.
 *
 * @example
 * const queued = await commands.enqueue({ model: 'fraud', command: { type: 'unfreeze' }, actor: 'alice', reason: 'keys revoked', createdAt: now });
 */
export interface CommandQueue {
  enqueue(command: Pick<QueuedCommand, 'model' | 'command' | 'actor' | 'reason' | 'createdAt'>): Promise<QueuedCommand>;
  /** Pending commands, oldest first. */
  pending(): Promise<QueuedCommand[]>;
  get(id: number): Promise<QueuedCommand | undefined>;
  /** Settles a pending command; a settled one stays as it is. */
  settle(id: number, outcome: { readonly status: 'applied' | 'rejected'; readonly detail: string; readonly at: number }): Promise<void>;
  /** Newest first. */
  list(filter?: { readonly model?: string; readonly limit?: number }): Promise<QueuedCommand[]>;
}

/** Every store port of the rollback context; each storage adapter provides one. */
export interface RollbackStores {
  readonly wal: BreakerWal;
  readonly incidents: IncidentStore;
  readonly forensics: ForensicIndexStore;
  readonly commands: CommandQueue;
}

/** The decision ledger as the untrusted marker uses it (the gateway's LedgerStore has it). */
export interface LedgerPort {
  query(query: LedgerQuery): Promise<LedgerEntry[]>;
  markUntrusted(query: Omit<LedgerQuery, 'afterSeq' | 'limit'> & { readonly incidentId: string; readonly at: number }): Promise<{ readonly marked: number }>;
}

/** One HTTP POST attempt's outcome; network failures are `status: 0` with `error`. */
export interface PostResult {
  readonly status: number;
  readonly error?: string;
}

/**
 * Sends one JSON POST (one attempt; the caller retries). Implemented over undici in adapters/http.
 *
 * @example
 * const { status } = await http.post(url, JSON.stringify(payload), { 'idempotency-key': key });
 */
export interface HttpPoster {
  post(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<PostResult>;
}

/**
 * Runs the user's parameterised SQL statement with `$1` = the untrusted request ids, on the
 * user's PostgreSQL. Implemented over `pg` in adapters/sql.
 *
 * @example
 * await sql.run(url, 'UPDATE orders SET untrusted = true WHERE request_id = ANY($1)', [ids]);
 */
export interface SqlRunner {
  run(url: string, statement: string, params: readonly unknown[]): Promise<{ readonly rowCount: number }>;
}

/** Outcome of quarantining a version in the registry. */
export type QuarantineResult = 'quarantined' | 'already' | 'not_registered' | 'not_allowed';

/**
 * Quarantines the suspect version and describes versions for the bundle (the registry).
 *
 * @example
 * await registry.quarantine('fraud', 'v2', { actor: 'rollback', reason: 'entropy-collapse (incident inc-…)' });
 */
export interface RegistryPort {
  quarantine(model: string, version: string, by: { readonly actor: string; readonly reason: string }): Promise<QuarantineResult>;
  describe(model: string, version: string): Promise<{ readonly artifactDigest: string | null; readonly status: string | null; readonly baselines: readonly string[] }>;
}

/**
 * Throttles or blocks API keys on one model (the gateway's containment interceptor reads it).
 *
 * @example
 * containment.contain('fraud', ['shop'], { reason: 'loop guard', incidentId: 'inc-…' });
 */
export interface ContainmentPort {
  contain(model: string, apiKeys: readonly string[], why: { readonly reason: string; readonly incidentId?: string }): void;
  release(model: string): void;
}

/** Receives alert events; never throws (STYLE.md §3). */
export interface AlertSink {
  emit(alert: RollbackAlert): Promise<void>;
}

/** Where operator actions and automatic decisions are recorded (the AuditLog implements it). */
export interface AuditPort {
  record(entry: { readonly actor: string; readonly action: string; readonly target: string; readonly details: Readonly<Record<string, unknown>> }): Promise<unknown>;
}
