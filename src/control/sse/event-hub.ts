/**
 * @module control/sse/event-hub
 * The event stream's source of truth: numbers each published event (`<boot>-<seq>`),
 * renders its SSE frame once (shared by every client), keeps the last N in a replay ring
 * for `Last-Event-ID`, and hands each one to the subscribed streams synchronously. It never
 * buffers per client: a stream that cannot keep up is dropped by its own backpressure check.
 */
import type { Clock } from '../../shared/clock.js';
import type { StreamEventType } from './event-types.js';
import { eventId, planResume } from './resume.js';
import type { GapReason } from './resume.js';

/** One published event. */
export interface StreamEvent {
  readonly id: string;
  readonly seq: number;
  readonly type: StreamEventType;
  /** The model it is about, for `?model=` filters. */
  readonly model: string | undefined;
  readonly at: number;
  /** The whole SSE frame: `id:`, `event:`, `data:` lines and the blank line. */
  readonly frame: string;
}

/** What to replay to a (re)connecting client. */
export interface Replay {
  readonly events: readonly StreamEvent[];
  readonly gap: GapReason | undefined;
  /** Id of the oldest event still buffered (for the gap notice). */
  readonly oldestId: string | undefined;
}

/**
 * Renders one SSE frame. `data` is JSON on one line (JSON.stringify escapes newlines).
 *
 * @example
 * sseFrame('b-1', 'anomaly', { id: 'a-1' }); // 'id: b-1\nevent: anomaly\ndata: {"id":"a-1"}\n\n'
 */
export function sseFrame(id: string | undefined, type: string, data: unknown): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * @example
 * const hub = new EventHub({ boot: 'lq2w3e', capacity: 1_000, clock });
 * const off = hub.subscribe((event) => stream.send(event));
 * hub.publish('anomaly', 'fraud', anomaly);
 */
export class EventHub {
  readonly boot: string;
  readonly #clock: Clock;
  readonly #ring: (StreamEvent | undefined)[];
  readonly #listeners = new Set<(event: StreamEvent) => void>();
  readonly #onError: (error: Error) => void;
  #seq = 0;

  constructor(deps: { readonly boot: string; readonly capacity: number; readonly clock: Clock; readonly onError: (error: Error) => void }) {
    this.boot = deps.boot;
    this.#clock = deps.clock;
    this.#onError = deps.onError;
    this.#ring = new Array<StreamEvent | undefined>(Math.max(1, Math.floor(deps.capacity)));
  }

  /** Seq of the last published event (0: none yet). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Numbers, renders, buffers and delivers an event; returns it. Never throws. */
  publish(type: StreamEventType, model: string | undefined, data: unknown): StreamEvent {
    const seq = ++this.#seq;
    const id = eventId(this.boot, seq);
    const event: StreamEvent = Object.freeze({ id, seq, type, model, at: this.#clock.now(), frame: sseFrame(id, type, data) });
    this.#ring[(seq - 1) % this.#ring.length] = event;
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.#onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return event;
  }

  subscribe(listener: (event: StreamEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** The events a client that last saw `lastEventId` missed, oldest first. */
  replay(lastEventId: string | undefined): Replay {
    const oldestSeq = Math.max(1, this.#seq - this.#ring.length + 1);
    const plan = planResume(lastEventId, this.boot, oldestSeq, this.#seq);
    const events: StreamEvent[] = [];
    for (let seq = Math.max(oldestSeq, plan.afterSeq + 1); seq <= this.#seq; seq++) events.push(this.#ring[(seq - 1) % this.#ring.length] as StreamEvent);
    return { events, gap: plan.gap, oldestId: this.#seq === 0 ? undefined : eventId(this.boot, oldestSeq) };
  }
}
