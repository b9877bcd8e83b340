/**
 * @module test/integration/control/sse-client
 * A minimal EventSource-compatible reader for tests: connects with headers (a token,
 * Last-Event-ID), parses `id:`/`event:`/`data:` frames and comments as the EventSource
 * spec does, and lets a test wait for events by predicate. No timing: waits resolve on
 * arrival, and vitest's test timeout bounds them.
 */
import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** One received event. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  // Tests read arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly data: any;
}

/** An open stream. */
export interface SseClient {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly events: SseEvent[];
  readonly comments: string[];
  /** `retry:` as received. */
  retry: number | undefined;
  /** Resolves with the first event (already received or later) that matches. */
  waitFor(predicate: (event: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolves once a comment matching `pattern` arrived. */
  waitForComment(pattern: RegExp): Promise<string>;
  /** Resolves when the server ends or cuts the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/**
 * @example
 * const sse = await openSse(`${control}/api/v1/events`, { authorization: 'Bearer …' });
 * await sse.waitFor((e) => e.event === 'anomaly');
 */
export function openSse(url: string, headers: Readonly<Record<string, string>>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined = undefined;
    req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const comments: string[] = [];
      const waiters: { match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }[] = [];
      const commentWaiters: { pattern: RegExp; done: (c: string) => void }[] = [];
      let buffer = '';
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endedResolve = r));
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        retry: undefined,
        waitFor: (match) => {
          const found = events.find(match);
          return found !== undefined ? Promise.resolve(found) : new Promise((done) => waiters.push({ match, done }));
        },
        waitForComment: (pattern) => {
          const found = comments.find((c) => pattern.test(c));
          return found !== undefined ? Promise.resolve(found) : new Promise((done) => commentWaiters.push({ pattern, done }));
        },
        ended,
        close: () => req?.destroy(),
      };
      const dispatch = (block: string): void => {
        let id: string | undefined;
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            const comment = line.slice(1).trim();
            comments.push(comment);
            for (const w of commentWaiters.splice(0)) {
              if (w.pattern.test(comment)) w.done(comment);
              else commentWaiters.push(w);
            }
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') id = value;
          else if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'retry') client.retry = Number(value);
        }
        if (data.length === 0) return;
        const parsed: SseEvent = { id, event, data: JSON.parse(data.join('\n')) };
        events.push(parsed);
        for (const w of waiters.splice(0)) {
          if (w.match(parsed)) w.done(parsed);
          else waiters.push(w);
        }
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      });
      res.on('close', () => endedResolve());
      res.on('error', () => endedResolve());
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}
