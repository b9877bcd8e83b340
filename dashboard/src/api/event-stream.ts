/**
 * @module dashboard/api/event-stream
 * The control plane's Server-Sent Events (`GET /api/v1/events`) read with EventSource. The
 * payloads are those docs/control-plane.md lists (the stream is not in the OpenAPI
 * document's schemas, so they are declared here). EventSource reconnects by itself with
 * Last-Event-ID; when the server closes the stream for good (an error answer), this module
 * opens a new one after a pause.
 */
import type { Anomaly, BreakerState, RouteTable } from './openapi-types';
import type { ApiClient } from './client';

/** An alert as the alerting context emits it (at least these fields). */
export interface AlertEvent {
  readonly id: string;
  readonly severity: string;
  readonly summary: string;
  readonly model?: string;
  readonly at?: number;
  readonly runbook?: { readonly id?: string; readonly title?: string; readonly url?: string };
  readonly [key: string]: unknown;
}

/** `route_change`: the route table before and after a switch. */
export interface RouteChangeEvent {
  readonly model: string;
  readonly actor: string;
  readonly reason: string;
  readonly at: number;
  readonly prev: Omit<RouteTable, never>;
  readonly next: Omit<RouteTable, never>;
}

/** `breaker_transition`: one persisted breaker decision. */
export interface BreakerTransitionEvent {
  readonly model: string;
  readonly seq: number;
  readonly at: number;
  readonly command: string;
  readonly from: string | null;
  readonly to: string;
  readonly state: BreakerState;
  readonly events: readonly { readonly type: string; readonly [key: string]: unknown }[];
  readonly incidentId?: string;
}

/** `replay_gap`: events after `lastEventId` were lost. */
export interface ReplayGapEvent {
  readonly lastEventId: string;
  readonly reason: string;
  readonly oldestId: string | null;
}

export type StreamEvent =
  | { readonly type: 'anomaly'; readonly id: string; readonly data: Anomaly }
  | { readonly type: 'alert'; readonly id: string; readonly data: AlertEvent }
  | { readonly type: 'route_change'; readonly id: string; readonly data: RouteChangeEvent }
  | { readonly type: 'breaker_transition'; readonly id: string; readonly data: BreakerTransitionEvent }
  | { readonly type: 'replay_gap'; readonly id: string; readonly data: ReplayGapEvent };

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

const TYPES: readonly StreamEvent['type'][] = ['anomaly', 'alert', 'route_change', 'breaker_transition', 'replay_gap'];

/** Pause before a new stream after the server closed one for good, ms. */
const REOPEN_MS = 5_000;

/**
 * Opens the stream; returns the function that closes it.
 *
 * @example
 * const close = openEventStream(api, (e) => console.log(e.type), (s) => setStatus(s));
 */
export function openEventStream(api: ApiClient, onEvent: (event: StreamEvent) => void, onStatus: (status: StreamStatus) => void): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const open = (): void => {
    const s = new EventSource(api.eventsUrl());
    source = s;
    onStatus('connecting');
    s.onopen = () => onStatus('live');
    s.onerror = () => {
      if (s.readyState !== EventSource.CLOSED) return onStatus('reconnecting');
      onStatus('closed');
      if (!closed) timer = setTimeout(open, REOPEN_MS);
    };
    for (const type of TYPES) {
      s.addEventListener(type, (message: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          return; // not ours
        }
        onEvent({ type, id: message.lastEventId, data } as StreamEvent);
      });
    }
  };
  open();
  return () => {
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    source?.close();
  };
}
