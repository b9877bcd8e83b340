/**
 * @module control/sse/stream-set
 * The open event streams: admission (at most `maxStreams`), fan-out from the hub, replay
 * on connect, one shared heartbeat timer for all of them, counters, and closing them all
 * at shutdown.
 */
import type { ServerResponse } from 'node:http';
import type { Clock } from '../../shared/clock.js';
import type { Timers } from '../ports.js';
import type { EventHub } from './event-hub.js';
import { sseFrame } from './event-hub.js';
import { SseStream } from './sse-stream.js';
import type { StreamFilter } from './sse-stream.js';

/** Limits and timing of the streams. */
export interface StreamSetOptions {
  readonly hub: EventHub;
  readonly clock: Clock;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly maxStreams: number;
  readonly maxBufferedBytes: number;
}

/** Counters of the streams. */
export interface StreamStats {
  readonly open: number;
  readonly opened: number;
  /** Cut for reading too slowly. */
  readonly dropped: number;
}

/**
 * @example
 * const streams = new StreamSet({ hub, clock, timers, heartbeatMs: 15_000, retryMs: 3_000, maxStreams: 100, maxBufferedBytes: 1 << 20 });
 * if (!streams.full) streams.open(res, headers, filter, req.headers['last-event-id']);
 */
export class StreamSet {
  readonly #options: StreamSetOptions;
  readonly #streams = new Set<SseStream>();
  readonly #off: () => void;
  #timer: unknown;
  #opened = 0;
  #dropped = 0;
  #stopped = false;

  constructor(options: StreamSetOptions) {
    this.#options = options;
    this.#off = options.hub.subscribe((event) => {
      for (const stream of this.#streams) stream.send(event);
    });
  }

  get full(): boolean {
    return this.#streams.size >= this.#options.maxStreams;
  }

  stats(): StreamStats {
    return { open: this.#streams.size, opened: this.#opened, dropped: this.#dropped };
  }

  /** Opens a stream on `res`, replays what a resuming client missed, then follows the hub. */
  open(res: ServerResponse, headers: Readonly<Record<string, string>>, filter: StreamFilter, lastEventId: string | undefined): SseStream {
    const stream = new SseStream(res, {
      maxBufferedBytes: this.#options.maxBufferedBytes,
      filter,
      onClose: (s, why) => {
        this.#streams.delete(s);
        if (why === 'dropped') this.#dropped++;
        if (this.#streams.size === 0) this.#stopHeartbeat();
      },
    });
    this.#opened++;
    stream.open(headers, this.#options.retryMs);
    const replay = this.#options.hub.replay(lastEventId);
    if (replay.gap !== undefined) stream.raw(sseFrame(undefined, 'replay_gap', { lastEventId: lastEventId ?? null, reason: replay.gap, oldestId: replay.oldestId ?? null }));
    for (const event of replay.events) stream.send(event);
    if (stream.closed) return stream;
    this.#streams.add(stream);
    this.#startHeartbeat();
    return stream;
  }

  /** Ends every stream and stops the heartbeat; idempotent. */
  shutdown(): void {
    this.#stopped = true;
    this.#off();
    this.#stopHeartbeat();
    for (const stream of [...this.#streams]) stream.close();
  }

  #startHeartbeat(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    const beat = (): void => {
      this.#timer = undefined;
      const at = this.#options.clock.now();
      for (const stream of [...this.#streams]) stream.heartbeat(at);
      if (this.#streams.size > 0 && !this.#stopped) this.#timer = this.#options.timers.setTimeout(beat, this.#options.heartbeatMs);
    };
    this.#timer = this.#options.timers.setTimeout(beat, this.#options.heartbeatMs);
  }

  #stopHeartbeat(): void {
    if (this.#timer === undefined) return;
    this.#options.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
