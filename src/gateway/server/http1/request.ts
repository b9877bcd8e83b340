/**
 * @module gateway/server/http1/request
 * A request of the data plane's HTTP/1.1 server as the gateway sees it: method, target,
 * headers, and the body, which the connection pushes in as it arrives (views of the socket's
 * reads, at most `maxBodyBytes` kept) and `readBody` hands over whole, within a size and a
 * time limit. A body that arrived with its head is there before anyone asks.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gatewayErrors } from '../../errors.js';
import type { Timers } from '../../ports.js';
import type { EdgeRequest } from '../edge.js';
import type { RequestHead } from './request-head.js';

const EMPTY = Buffer.alloc(0);

/** A body waiter of readBody. */
interface BodyWait {
  readonly resolve: (body: Buffer) => void;
  readonly reject: (error: Error) => void;
  readonly maxBytes: number;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly timer: unknown;
}

/**
 * One request as the gateway sees it.
 *
 * @example
 * const body = await req.readBody(1_048_576, 30_000, timers);
 */
export class Http1Request implements EdgeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  complete = false;
  readonly #cap: number;
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;
  #received = 0;
  #overflow = false;
  #discarding = false;
  #failure: Error | undefined;
  #wait: BodyWait | undefined;

  constructor(head: RequestHead, cap: number) {
    this.method = head.method;
    this.url = head.url;
    this.headers = head.headers;
    this.#cap = cap;
  }

  get receivedBytes(): number {
    return this.#received;
  }

  readBody(maxBytes: number, timeoutMs: number, timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>): Promise<Buffer> {
    const declared = this.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(Number(declared), maxBytes, true));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#overflow || this.#received > maxBytes) return Promise.reject(tooLarge(this.#received, maxBytes, false));
    if (this.complete) return Promise.resolve(this.#body());
    return new Promise<Buffer>((resolve, reject) => {
      const timer = timers.setTimeout(
        () => this.#settle(gatewayErrors.error('GW_ERR_REQUEST_TIMEOUT', `the request body did not arrive within ${timeoutMs} ms (received ${this.#received} bytes)`, { timeoutMs, receivedBytes: this.#received })),
        timeoutMs,
      );
      this.#wait = { resolve, reject, maxBytes, timers, timer };
    });
  }

  /** Body bytes from the connection (views of the socket's reads). */
  pushBody(data: Buffer): void {
    this.#received += data.length;
    if (this.#discarding || this.#overflow) return;
    if (this.#received > this.#cap || (this.#wait !== undefined && this.#received > this.#wait.maxBytes)) {
      this.#overflow = true;
      this.#first = undefined;
      this.#more = undefined;
      if (this.#wait !== undefined) this.#settle(tooLarge(this.#received, this.#wait.maxBytes, false));
      return;
    }
    if (this.#first === undefined) this.#first = data;
    else (this.#more ??= []).push(data);
  }

  finish(): void {
    this.complete = true;
    if (this.#wait !== undefined && !this.#overflow) this.#settle(undefined);
  }

  fail(error: Error): void {
    this.#failure ??= error;
    if (this.#wait !== undefined) this.#settle(error);
  }

  /** The response ended before the body: the rest is dropped as it arrives. */
  discard(): void {
    this.#discarding = true;
    this.#first = undefined;
    this.#more = undefined;
  }

  #body(): Buffer {
    const first = this.#first;
    if (first === undefined) return EMPTY;
    const more = this.#more;
    if (more === undefined) return first;
    return Buffer.concat([first, ...more], this.#received);
  }

  #settle(error: Error | undefined): void {
    const wait = this.#wait;
    if (wait === undefined) return;
    this.#wait = undefined;
    wait.timers.clearTimeout(wait.timer);
    if (error === undefined) wait.resolve(this.#body());
    else {
      this.#first = undefined;
      this.#more = undefined;
      wait.reject(error);
    }
  }
}

function tooLarge(bytes: number, maxBytes: number, declared: boolean): Error {
  const what = declared ? `declares ${bytes} bytes` : `exceeds ${maxBytes} bytes`;
  return gatewayErrors.error('GW_ERR_BODY_TOO_LARGE', `the request body ${what}; the limit is ${maxBytes} bytes (server.maxBodyBytes)`, { maxBytes, ...(declared ? { declaredBytes: bytes } : {}) });
}
