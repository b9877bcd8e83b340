/**
 * @module gateway/server/data-plane
 * The edge of the data plane: turns a Node request into an Exchange, runs the composed
 * interceptor chain, answers every failure with a JSON error (one status table), records
 * the outcome, and counts requests in flight so that shutdown can drain them. Nothing a
 * client sends can throw out of here.
 */
import type { Clock } from '../../shared/clock.js';
import { gatewayErrors } from '../errors.js';
import { Exchange } from '../exchange.js';
import type { GatewayState } from '../gateway-state.js';
import type { Handler } from '../interceptors/compose.js';
import type { ErrorHandler, MonotonicClock, Timers } from '../ports.js';
import { matchEndpoint } from '../protocols/endpoints.js';
import type { EndpointMatch } from '../protocols/endpoints.js';
import type { Recorder } from '../recorder.js';
import type { RequestIds } from '../request-id.js';
import type { EdgeRequest, EdgeResponse } from './edge.js';
import { asGatewayError, sendError } from './error-response.js';

/** Dependencies of the data plane. */
export interface DataPlaneDeps {
  readonly handler: Handler;
  readonly state: () => GatewayState;
  readonly ids: RequestIds;
  readonly clock: Clock;
  readonly monotonic: MonotonicClock;
  readonly recorder: Recorder;
  readonly timers: Timers;
  readonly onError: ErrorHandler;
}

/**
 * @example
 * const plane = new DataPlane(deps);
 * createDataServer(plane.handle, config);
 * await plane.drain(10_000); // during shutdown
 */
export class DataPlane {
  readonly #deps: DataPlaneDeps;
  #inFlight = 0;
  #draining = false;
  #idle: (() => void) | undefined;

  constructor(deps: DataPlaneDeps) {
    this.#deps = deps;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** The request listener. */
  readonly handle = (req: EdgeRequest, res: EdgeResponse): void => {
    const deps = this.#deps;
    const url = req.url;
    const match = matchEndpoint(url);
    const ex = new Exchange({
      id: deps.ids.fromHeader(req.headers['x-request-id']),
      receivedAt: deps.clock.now(),
      startMono: deps.monotonic(),
      req,
      res,
      endpoint: match?.endpoint ?? 'other',
      protocol: match?.protocol ?? 'oip-v2',
      pathModel: match?.model,
      state: deps.state(),
    });
    if (this.#draining) ex.closeConnection = true;
    this.#inFlight++;
    let pending: Promise<void>;
    try {
      pending = match !== undefined && req.method === match.method ? deps.handler(ex) : Promise.reject(refusal(url, match));
    } catch (err) {
      pending = Promise.reject(err);
    }
    pending.then(
      () => this.#finish(ex),
      (err: unknown) => {
        this.#fail(ex, err);
        this.#finish(ex);
      },
    );
  };

  /**
   * Stops keeping connections alive and resolves once no request is in flight, or after
   * `timeoutMs` (resolving `false`).
   */
  drain(timeoutMs: number): Promise<boolean> {
    this.#draining = true;
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = this.#deps.timers.setTimeout(() => {
        this.#idle = undefined;
        resolve(false);
      }, timeoutMs);
      this.#idle = () => {
        this.#deps.timers.clearTimeout(timer);
        resolve(true);
      };
    });
  }

  #fail(ex: Exchange, err: unknown): void {
    const { error, bug } = asGatewayError(err, ex.id);
    if (bug !== undefined) this.#report(bug);
    ex.errorCode = error.code;
    if (this.#draining) ex.closeConnection = true;
    const res = ex.res;
    if (error.code === 'GW_ERR_CLIENT_CLOSED' || res.destroyed) {
      ex.status = 499;
      return;
    }
    if (res.headersSent) {
      // Mid-stream: the status is already out; cut the connection so the client sees a truncated body.
      if (!res.writableEnded) res.destroy();
      return;
    }
    try {
      // An answer before the whole body arrived (413, 408) closes the connection; the server
      // lets the client read it before cutting the socket.
      const sent = sendError(res, ex, error, ex.protocol === 'openai');
      ex.status = sent.status;
      ex.responseBytes = sent.bytes;
      ex.outputDigest = sent.digest;
    } catch (writeError) {
      this.#report(writeError instanceof Error ? writeError : new Error(String(writeError)));
      res.destroy();
    }
  }

  #finish(ex: Exchange): void {
    this.#inFlight--;
    try {
      this.#deps.recorder.record(ex);
    } catch (err) {
      this.#report(err instanceof Error ? err : new Error(String(err)));
    }
    if (this.#inFlight === 0 && this.#idle !== undefined) {
      const idle = this.#idle;
      this.#idle = undefined;
      idle();
    }
  }

  #report(error: Error): void {
    try {
      this.#deps.onError(error);
    } catch {
      // a failing error handler must not take the data plane down
    }
  }
}

function refusal(url: string, match: EndpointMatch | undefined): Error {
  if (match === undefined) {
    const path = url.split('?')[0] ?? url;
    return gatewayErrors.error('GW_ERR_NOT_FOUND', `no endpoint ${JSON.stringify(path.slice(0, 200))}`, {});
  }
  return gatewayErrors.error('GW_ERR_METHOD_NOT_ALLOWED', `${match.endpoint === 'chat' ? '/v1/chat/completions' : 'this endpoint'} takes ${match.method}`, { allow: match.method });
}
