/**
 * @module gateway/events/request-event
 * The RequestEvent: one per inference request (OIP infer, chat completion), accepted or
 * not, published on the gateway's event bus after the response is complete. The detection
 * engine subscribes to it; inspectors add `signals`.
 */

/** The endpoint a request addressed. */
export type Endpoint = 'oip-infer' | 'oip-ready' | 'oip-metadata' | 'chat' | 'other';

/** Wire protocol of the endpoint. */
export type Protocol = 'oip-v2' | 'openai';

/** Signal values: numbers (rates, sizes, scores) or flags. */
export type Signals = Record<string, number | boolean>;

/** Timings of one request, milliseconds. */
export interface RequestTimings {
  /** Clock ms (since the epoch) when the request arrived. */
  readonly receivedAt: number;
  /** From dispatch to the end of the upstream response; absent when no upstream was called. */
  readonly upstreamMs?: number;
  /** From arrival to the last byte sent (or the failure). */
  readonly totalMs: number;
}

/**
 * One request, as the detection engine sees it.
 *
 * Signals the gateway sets on every event: `latency_ms`, `status`, `request_bytes`,
 * `response_bytes`, `error` (status ≥ 500), `rejected` (status 4xx), and `upstream_ms` when
 * an upstream answered. Chat requests add `completion_chars` when the answer was assembled.
 *
 * @example
 * bus.subscribe((e: RequestEvent) => { if (e.signals['error'] === true) errors++; });
 */
export interface RequestEvent {
  readonly requestId: string;
  readonly endpoint: Endpoint;
  readonly protocol: Protocol;
  /** Declared model name; absent when the request never named a declared model. */
  readonly model?: string;
  /** The version that served (or was chosen to serve) it. */
  readonly version?: string;
  /** The route epoch the version was chosen under. */
  readonly routeEpoch?: number;
  /** Absent for anonymous or unauthenticated requests. */
  readonly apiKeyId?: string;
  readonly status: number;
  /** The GW error code when the gateway refused or failed the request. */
  readonly errorCode?: string;
  readonly timings: RequestTimings;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly signals: Readonly<Signals>;
  /** A compact input summary: the first row of an OIP FP32/FP64 input, capped (GATEWAY_DEFAULTS.featureSummaryValues). */
  readonly features?: readonly number[];
}
