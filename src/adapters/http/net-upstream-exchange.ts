/**
 * @module adapters/http/net-upstream-exchange
 * One request of the `node:net` upstream client (./net-upstream) from queueing to its end:
 * the caller's sink, the bytes to write, the connection serving it, and the UpstreamFlow
 * handed back to the caller (pause, resume, abort). Also the failure values every part of
 * the client reports with.
 *
 * Invariant: an exchange ends exactly once (`end` or `fail`, state DONE), and only then
 * tells the pool it is no longer in flight.
 */
import type { UpstreamFailure, UpstreamFailureKind, UpstreamFlow, UpstreamSink } from '../../gateway/index.js';
import type { Connection } from './net-upstream-connection.js';

// Exchange states
const QUEUED = 0;
export const WAITING = 1; // written, waiting for the response head
export const STREAMING = 2; // onStart called
export const DONE = 3;

/** A failure of the client's own making (no underlying Error: one is made up, with the code). */
export function failure(kind: UpstreamFailureKind, code: string, message: string, cause?: Error): UpstreamFailure {
  return { kind, message, code, cause: cause ?? Object.assign(new Error(message), { code }) };
}

/** What an exchange needs of its pool (NetUpstreamPool in ./net-upstream). */
export interface ExchangeOwner {
  /** Takes a queued exchange out of the queue (no-op when it is not queued). */
  dequeue(ex: Exchange): void;
  /** An exchange that counted as in flight ended. */
  exchangeDone(): void;
}

/** One request: the sink, the bytes to write, and the flow handed back to the caller. */
export class Exchange implements UpstreamFlow {
  state = QUEUED;
  paused = false;
  conn: Connection | undefined = undefined;
  payload: Buffer | string = '';

  constructor(
    readonly pool: ExchangeOwner,
    readonly sink: UpstreamSink,
    readonly timeoutMs: number,
    readonly noBody: boolean,
  ) {}

  pause(): void {
    if (this.state === DONE || this.paused) return;
    this.paused = true;
    this.conn?.socket.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const conn = this.conn;
    if (conn === undefined) return;
    conn.touched = true;
    conn.socket.resume();
  }

  abort(): void {
    if (this.state === DONE) return;
    if (this.conn !== undefined) this.conn.drop(this);
    else this.pool.dequeue(this);
    this.fail(failure('aborted', 'ABORTED', 'the gateway aborted the upstream exchange'));
  }

  end(): void {
    this.state = DONE;
    this.pool.exchangeDone();
    this.sink.onEnd();
  }

  fail(f: UpstreamFailure): void {
    if (this.state === DONE) return;
    this.state = DONE;
    this.pool.exchangeDone();
    this.sink.onError(f);
  }
}
