/**
 * @module gateway/server/http1/server
 * The data plane's HTTP/1.1 server: a `net.Server` whose connections parse requests
 * themselves (./connection) instead of going through node:http. node:http's request and
 * response streams cost the gateway ≈ 12–18 µs of CPU per request (bench/RESULTS.md,
 * "Gateway"), a third of what the whole gateway may spend to keep up with half of nginx.
 * Timeouts are enforced by one sweep over the connections (as node:http does with its
 * connections-checking interval), not by a timer per request. Closing stops accepting,
 * lets requests in progress finish (their connections close after the response), and
 * offers Node's `closeIdleConnections` / `closeAllConnections`.
 */
import { Server } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { EdgeRequest, EdgeResponse } from '../edge.js';
import { Http1Connection } from './connection.js';
import type { ConnectionHost, Http1Limits } from './connection.js';
import type { Http1Request } from './request.js';
import type { Http1Response } from './response.js';

/** Called for every request; must not throw (the gateway's data plane never does). */
export type EdgeHandler = (req: EdgeRequest, res: EdgeResponse) => void;

/**
 * @example
 * const server = new Http1Server(plane.handle, limits, 1_000, () => ids.next());
 * server.listen(8080, '127.0.0.1');
 * server.setLimits({ ...limits, headersTimeoutMs: 5_000 }); // on reload
 */
export class Http1Server extends Server implements ConnectionHost {
  #limits: Http1Limits;
  #closing = false;
  readonly #handler: EdgeHandler;
  readonly #connections = new Set<Http1Connection>();
  readonly #checkEveryMs: number;
  readonly #requestId: () => string;
  #sweep: NodeJS.Timeout | undefined;

  constructor(handler: EdgeHandler, limits: Http1Limits, checkEveryMs: number, requestId: () => string) {
    super({ allowHalfOpen: true, noDelay: true });
    this.#handler = handler;
    this.#requestId = requestId;
    this.#limits = limits;
    this.#checkEveryMs = checkEveryMs;
    this.on('connection', (socket: Socket) => this.#accept(socket));
    this.on('listening', () => {
      this.#closing = false;
      this.#sweep ??= setInterval(() => this.#check(), this.#checkEveryMs).unref();
    });
  }

  get limits(): Http1Limits {
    return this.#limits;
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** New limits apply to the next check and the next request of every connection. */
  setLimits(limits: Http1Limits): void {
    this.#limits = limits;
  }

  /** A fresh request id for an answer the server gives itself (a refused head). */
  requestId(): string {
    return this.#requestId();
  }

  onRequest(req: Http1Request, res: Http1Response): void {
    this.#handler(req, res);
  }

  forget(connection: Http1Connection): void {
    this.#connections.delete(connection);
  }

  /** Stops accepting; `callback` runs once every connection has closed. Idle keep-alive connections close now. */
  override close(callback?: (err?: Error) => void): this {
    this.#closing = true;
    if (this.#sweep !== undefined) {
      clearInterval(this.#sweep);
      this.#sweep = undefined;
      // Requests still in progress keep their timeouts until they finish.
      if (this.#connections.size > 0) this.#sweep = setInterval(() => this.#check(), this.#checkEveryMs).unref();
    }
    super.close((err) => {
      if (this.#sweep !== undefined) clearInterval(this.#sweep);
      this.#sweep = undefined;
      callback?.(err);
    });
    this.closeIdleConnections();
    return this;
  }

  closeIdleConnections(): void {
    for (const connection of this.#connections) if (connection.idle) connection.destroy();
  }

  closeAllConnections(): void {
    for (const connection of this.#connections) connection.destroy();
  }

  #accept(socket: Socket): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#connections.add(new Http1Connection(socket, this));
  }

  #check(): void {
    const now = performance.now();
    for (const connection of this.#connections) connection.check(now);
  }
}
