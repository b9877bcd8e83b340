/**
 * @module control/sse/event-types
 * The event types of GET /api/v1/events, in one place: the stream, the OpenAPI document and
 * docs/control-plane.md name the same ones.
 */

/** Every `event:` name the stream sends. */
export const STREAM_EVENT_TYPES = ['anomaly', 'route_change', 'breaker_transition', 'alert', 'replay_gap'] as const;
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number];

/**
 * True for a known event type.
 *
 * @example
 * isStreamEventType('anomaly'); // true
 */
export function isStreamEventType(value: string): value is StreamEventType {
  return (STREAM_EVENT_TYPES as readonly string[]).includes(value);
}
