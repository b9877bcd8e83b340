/**
 * @module control/sse/sse-stream
 * One client of GET /api/v1/events: writes frames to its response, filtered by type and
 * model. Backpressure is per connection and bounded: the only buffer is the socket's, and
 * when more than `maxBufferedBytes` wait in it (the client reads too slowly), the client is
 * dropped (its socket destroyed), never buffered further. EventSource clients reconnect
 * with Last-Event-ID and get what they missed from the replay ring.
 */
import type { ServerResponse } from 'node:http';
import type { StreamEvent } from './event-hub.js';
import type { StreamEventType } from './event-types.js';

/** Which events a client asked for. */
export interface StreamFilter {
  /** Undefined: every type. */
  readonly types: ReadonlySet<StreamEventType> | undefined;
  readonly model: string | undefined;
}

/** Options of one stream. */
export interface SseStreamOptions {
  readonly maxBufferedBytes: number;
  readonly filter: StreamFilter;
  /** Called once when the stream ends: `dropped` when it was cut for being too slow. */
  readonly onClose: (stream: SseStream, why: 'dropped' | 'closed') => void;
}

/**
 * @example
 * const stream = new SseStream(res, { maxBufferedBytes: 1 << 20, filter, onClose });
 * stream.open(headers, 3_000);
 * stream.send(event);
 */
export class SseStream {
  readonly #res: ServerResponse;
  readonly #options: SseStreamOptions;
  #closed = false;

  constructor(res: ServerResponse, options: SseStreamOptions) {
    this.#res = res;
    this.#options = options;
    res.on('close', () => this.#end('closed'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sends the headers and the reconnection delay. */
  open(headers: Readonly<Record<string, string>>, retryMs: number): void {
    this.#res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.#res.flushHeaders();
    this.#write(`retry: ${retryMs}\n: connected\n\n`);
  }

  /** Writes `event` when the filter takes it. */
  send(event: StreamEvent): void {
    const { types, model } = this.#options.filter;
    if (types !== undefined && !types.has(event.type)) return;
    if (model !== undefined && event.model !== undefined && event.model !== model) return;
    this.#write(event.frame);
  }

  /** Writes a frame as is (the gap notice). */
  raw(frame: string): void {
    this.#write(frame);
  }

  /** A comment line: keeps proxies and the client's idle timers quiet. */
  heartbeat(at: number): void {
    this.#write(`: heartbeat ${at}\n\n`);
  }

  /** Ends the response (shutdown). */
  close(): void {
    if (this.#closed) return;
    this.#res.end();
    this.#end('closed');
  }

  #write(chunk: string): void {
    if (this.#closed) return;
    this.#res.write(chunk);
    // writableLength: bytes Node holds because the socket did not take them; the kernel's
    // own buffers are bounded, so this is what a slow client makes grow.
    if (this.#res.writableLength > this.#options.maxBufferedBytes) {
      this.#end('dropped');
      this.#res.destroy();
    }
  }

  #end(why: 'dropped' | 'closed'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.onClose(this, why);
  }
}
