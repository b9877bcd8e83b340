/**
 * @module gateway/events/shadow-event
 * The ShadowEvent: the follow-up of a mirrored request, published on `gateway.shadowEvents`
 * once the shadow version answered (or failed), well after the request's RequestEvent went
 * out. It names the same request id, model and (primary) version, and has the shape the
 * detection engine ingests (`requestId`, `model`, `version`, `apiKeyId`,
 * `timings.receivedAt`, `signals`), so `gateway.shadowEvents.subscribe((e) => engine.ingest(e))`
 * makes `rate(shadow_disagree)` count per model and version. It carries only shadow signals,
 * so it never counts toward request statistics (`rate(error)`, `latency_ms`, …), which only
 * count events that carry their signal.
 */
import type { Protocol, Signals } from './request-event.js';

/** What was compared of one side: labels (classifier) or the refusal flag (chat). */
export interface OutputSummary {
  /** Predicted label per row, first GATEWAY_DEFAULTS.shadowSummaryLabels rows. */
  readonly labels?: readonly (number | string | boolean)[];
  /** Chat: the answer opens with a refusal. */
  readonly refusal?: boolean;
  /** Chat: characters of the normalised answer. */
  readonly chars?: number;
}

/**
 * Why a comparison could not be made: the shadow call failed (`timeout`, `connect`, `reset`,
 * `protocol`: as upstream failures), answered a non-2xx `status`, or one side was
 * `unreadable` (not a readable OIP output or chat answer, or over the size limit).
 */
export type ShadowFailureKind = 'timeout' | 'connect' | 'reset' | 'protocol' | 'status' | 'unreadable';

/**
 * One shadow comparison.
 *
 * Signals: `shadow_disagree` (boolean; present only when both answers could be compared),
 * `shadow_error: true` when they could not (the shadow failed, timed out, answered non-2xx,
 * or an answer was unreadable: "could not measure", never "disagree"), `shadow_ms` (the
 * shadow call's duration) and, for chat, `shadow_refusal_disagree`.
 *
 * @example
 * gateway.shadowEvents.subscribe((e: ShadowEvent) => { if (e.signals['shadow_disagree'] === true) disagreements++; });
 */
export interface ShadowEvent {
  readonly kind: 'shadow';
  readonly requestId: string;
  readonly endpoint: 'oip-infer' | 'chat';
  readonly protocol: Protocol;
  readonly model: string;
  /** The version that served the request (the one judged). */
  readonly version: string;
  /** The version the request was mirrored to. */
  readonly shadowVersion: string;
  readonly routeEpoch: number;
  readonly apiKeyId?: string;
  /**
   * `receivedAt`: clock ms when the primary request arrived (the detection engine buckets
   * events by it, so the comparison counts in the window of the request it judges);
   * `shadowMs`: the shadow call's duration.
   */
  readonly timings: { readonly receivedAt: number; readonly shadowMs: number };
  /** Clock ms when the comparison finished. */
  readonly comparedAt: number;
  /** The shadow's HTTP status, when it answered. */
  readonly shadowStatus?: number;
  /** Why it could not be compared (with `shadow_error: true`). */
  readonly failure?: ShadowFailureKind;
  /** The GW_ERR_UPSTREAM_* code when the shadow call itself failed. */
  readonly errorCode?: string;
  readonly signals: Readonly<Signals>;
  readonly primary?: OutputSummary;
  readonly shadow?: OutputSummary;
}
