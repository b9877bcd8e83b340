/**
 * @module gateway/ports
 * Ports of the gateway context, declared by the consumer (STYLE.md §2.2):
 * - `RouteSwitch`: the in-process route table the rollback orchestrator switches;
 * - `LedgerStore`: where decision-ledger rows go (memory and SQLite adapters in store/);
 * - `UpstreamPool` / `UpstreamPoolFactory`: how requests reach model servers (adapters/http/:
 *   the node:net client for http origins, undici for https; the gateway never imports a driver);
 * - `RouteAuditSink`, `Timers`, `ErrorHandler`: injected effects.
 */

/** Receives every error a background path hits (ledger, events, hooks); those paths never throw. */
export type ErrorHandler = (error: Error) => void;

/** Timer functions, injected so that domain code never calls them directly (STYLE.md §2.4). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `callback` after pending I/O (Node's setImmediate). */
  setImmediate(callback: () => void): void;
}

/** A monotonic clock in milliseconds (fractional), for durations only. */
export type MonotonicClock = () => number;

/** Where route switches are recorded; the hash-chained AuditLog satisfies it. */
export interface RouteAuditSink {
  record(entry: {
    readonly actor: string;
    readonly action: string;
    readonly target: string;
    readonly details: Readonly<Record<string, unknown>>;
  }): Promise<unknown>;
}

// ---------------------------------------------------------------- routes

/** What a caller asks a model's route to become. Versions must be declared in the config. */
export interface RouteSpec {
  /** The version serving traffic (100% unless `weights` says otherwise). */
  readonly active: string;
  /** The last-known-good version rollbacks return to. */
  readonly lkg?: string;
  /** Traffic split in percent by version, summing to 100 (a canary). */
  readonly weights?: Readonly<Record<string, number>>;
  /** Mirror `percent` of requests to `version` (the shadow engineer's hook reads it). */
  readonly shadow?: { readonly version: string; readonly percent: number };
}

/** An immutable route table of one model. A switch replaces it with a higher `epoch`. */
export interface RouteTable extends RouteSpec {
  readonly model: string;
  /** 1 at start, +1 at every switch (config reloads included); never decreases. */
  readonly epoch: number;
}

/** Who asks for a switch and why; both go to the audit log. */
export interface SwitchMeta {
  readonly actor: string;
  readonly reason: string;
}

/** A route change, emitted to RouteSwitch subscribers after the swap. */
export interface RouteChange {
  readonly model: string;
  readonly prev: RouteTable;
  readonly next: RouteTable;
  readonly actor: string;
  readonly reason: string;
  /** Clock ms of the swap. */
  readonly at: number;
}

/**
 * Switches a model's route atomically. The rollback orchestrator depends on this port.
 *
 * @example
 * const next = await routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'rollback', reason: 'entropy-collapse' });
 * next.epoch; // previous epoch + 1
 */
export interface RouteSwitch {
  /** The table in force for `model`, or undefined for an undeclared model. */
  current(model: string): RouteTable | undefined;
  /**
   * Validates `next`, swaps it in synchronously (the next request already sees it), bumps the
   * epoch, emits a RouteChange, then writes one `route.switch` audit entry. Rejects with
   * GW_ERR_INVALID_ROUTE before swapping when `next` is invalid, and with GW_ERR_AUDIT_FAILED
   * (the switch staying in force) when the audit entry cannot be written.
   */
  switch(model: string, next: RouteSpec, meta: SwitchMeta): Promise<RouteTable>;
  /** Registers a listener for route changes; returns a function that unregisters it. */
  subscribe(listener: (change: RouteChange) => void): () => void;
}

// ---------------------------------------------------------------- ledger

/** One decision-ledger row: which version answered which request, and digests of both bodies. */
export interface LedgerRow {
  readonly requestId: string;
  /** Clock ms when the request was received. */
  readonly at: number;
  readonly model: string;
  readonly version: string;
  /** Absent for anonymous requests. */
  readonly apiKeyId?: string;
  /** sha256 (hex) of the request body as received. */
  readonly inputDigest: string;
  /** sha256 (hex) of the response body as sent to the client. */
  readonly outputDigest: string;
  /** HTTP status sent (499 when the client went away first). */
  readonly status: number;
}

/** A stored row: the store adds `seq` (insertion order) and the untrusted marking. */
export interface LedgerEntry extends LedgerRow {
  readonly seq: number;
  /** Clock ms when a rollback marked the row untrusted. */
  readonly untrustedAt?: number;
  readonly incidentId?: string;
}

/** Rows of one model (optionally one version) received in [fromMs, toMs). */
export interface LedgerQuery {
  readonly model: string;
  readonly version?: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Only rows with a greater seq (a cursor); default 0. */
  readonly afterSeq?: number;
  /** At most this many rows; default: all. */
  readonly limit?: number;
}

/**
 * Storage of the decision ledger. Adapters pass `ledger-store.contract.ts`.
 *
 * @example
 * await ledger.append([row]);
 * (await ledger.byRequestId(row.requestId))[0]?.version; // 'v2'
 */
export interface LedgerStore {
  /** Appends rows atomically (all or none), in order. Request ids need not be unique (clients may reuse them). */
  append(rows: readonly LedgerRow[]): Promise<void>;
  /** Every row with this request id, in seq order. */
  byRequestId(requestId: string): Promise<LedgerEntry[]>;
  /** Rows matching the query, in seq order. */
  query(query: LedgerQuery): Promise<LedgerEntry[]>;
  /** Marks the rows of the query window that are not marked yet; returns how many it marked. */
  markUntrusted(query: Omit<LedgerQuery, 'afterSeq' | 'limit'> & { readonly incidentId: string; readonly at: number }): Promise<{ readonly marked: number }>;
}

// ---------------------------------------------------------------- upstreams

/** Why an upstream exchange failed. timeout → 504; connect, reset, protocol → 502. */
export type UpstreamFailureKind = 'timeout' | 'connect' | 'reset' | 'protocol' | 'aborted';

/** An upstream failure as the adapter classified it. */
export interface UpstreamFailure {
  readonly kind: UpstreamFailureKind;
  readonly message: string;
  /** The driver's error code (e.g. `UND_ERR_HEADERS_TIMEOUT`, `ECONNREFUSED`). */
  readonly code?: string;
  readonly cause?: unknown;
}

/** One request to an upstream. Headers are a flat `[name, value, name, value…]` list. */
export interface UpstreamRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, starting with `/`. */
  readonly path: string;
  readonly headers: readonly string[];
  readonly body: Buffer | null;
  /** Time to the response headers, and the longest pause between body chunks, ms. */
  readonly timeoutMs: number;
}

/** Back-pressure and cancellation handed to the sink with the response headers. */
export interface UpstreamFlow {
  pause(): void;
  resume(): void;
  /** Cancels the exchange; the sink then gets `onError({ kind: 'aborted' })`. */
  abort(): void;
}

/** Response headers as the adapter parsed them (lower-case names). */
export type UpstreamHeaders = Record<string, string | string[] | undefined>;

/**
 * Receives one upstream response as it streams. Exactly one of `onEnd` / `onError` is called
 * last; `onError` may come before `onStart` (no response at all) or after it (mid-body).
 */
export interface UpstreamSink {
  onStart(status: number, headers: UpstreamHeaders, flow: UpstreamFlow): void;
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(failure: UpstreamFailure): void;
}

/** Keep-alive connections to one upstream origin. */
export interface UpstreamPool {
  /**
   * Dispatches `request`; never throws (failures go to `sink.onError`). The returned flow
   * may be aborted before the response starts (the client went away while waiting): the
   * sink then gets `onError` with kind `aborted`.
   */
  send(request: UpstreamRequest, sink: UpstreamSink): UpstreamFlow;
  /** Stops new requests and resolves once in-flight ones finish; idempotent. */
  close(): Promise<void>;
}

/** Options of one upstream pool. */
export interface UpstreamPoolOptions {
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
  readonly connections: number;
}

/**
 * Creates the pool of one origin (`http://host:port`).
 *
 * @example
 * const pool = factory('http://127.0.0.1:9001', { connectTimeoutMs: 5000, keepAliveMs: 4000, connections: 256 });
 */
export type UpstreamPoolFactory = (origin: string, options: UpstreamPoolOptions) => UpstreamPool;
