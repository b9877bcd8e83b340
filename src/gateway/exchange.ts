/**
 * @module gateway/exchange
 * The per-request context every interceptor receives: what the edge parsed (id, endpoint,
 * path model), what the stages add (API key, body, JSON, model, route, version, signals),
 * and how the response went. Also the three capabilities extensions use: capture the
 * upstream response body, transform it before it is sent, and read it once complete.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKey } from './auth/key-index.js';
import { GATEWAY_DEFAULTS } from './defaults.js';
import type { Endpoint, Protocol, Signals } from './events/request-event.js';
import type { GatewayState, ModelEntry, UpstreamTarget } from './gateway-state.js';
import type { RouteTable, UpstreamFailureKind, UpstreamHeaders } from './ports.js';
import { firstRowFeatures } from './protocols/oip-features.js';
import type { EdgeRequest, EdgeResponse } from './server/edge.js';

/** The upstream response as the gateway saw it (after the terminal handler returned). */
export interface CapturedResponse {
  readonly status: number;
  readonly headers: UpstreamHeaders;
  /** The body bytes as sent, when someone called `captureResponse()` or set a transform. */
  readonly body: Buffer | undefined;
  /** The body as the upstream sent it (differs from `body` only when a transform rewrote it, e.g. output hardening). */
  readonly upstreamBody?: Buffer | undefined;
  /** Chat completions: the assembled assistant text (streamed or not), capped. */
  readonly text: string | undefined;
}

/** The response handed to a transform; return new body bytes, or undefined to keep them. */
export type ResponseTransform = (response: { readonly status: number; readonly headers: UpstreamHeaders; readonly body: Buffer }, exchange: Exchange) => Buffer | undefined;

const EMPTY = Buffer.alloc(0);

/**
 * One request in flight.
 *
 * @example
 * const audit: Interceptor = { id: 'my-hook', after: ['route'], wrap: (next) => async (ex) => {
 *   ex.captureResponse(); await next(ex); if (ex.response?.body) queue.push({ body: ex.body, version: ex.version, primary: ex.response });
 * } };
 */
export class Exchange {
  readonly id: string;
  /** Clock ms at arrival. */
  readonly receivedAt: number;
  /** Monotonic ms at arrival (durations only). */
  readonly startMono: number;
  readonly req: EdgeRequest;
  /** Written only by the terminal handler and the edge; interceptors throw GW errors instead. */
  readonly res: EdgeResponse;
  readonly endpoint: Endpoint;
  readonly protocol: Protocol;
  /** The model named in an OIP path (chat requests name it in the body). */
  readonly pathModel: string | undefined;
  /** The config snapshot this request runs under (a reload does not change it mid-request). */
  readonly state: GatewayState;

  apiKey: ApiKey | undefined = undefined;
  /** The request body as received (empty for GET). */
  body: Buffer = EMPTY;
  /** The parsed body (POST endpoints), undefined otherwise. */
  json: unknown = undefined;
  /** Chat: the request asked for `stream: true`. */
  stream = false;
  model: ModelEntry | undefined = undefined;
  route: RouteTable | undefined = undefined;
  version: string | undefined = undefined;
  target: UpstreamTarget | undefined = undefined;
  /** Computed on first read (null: not yet): most requests never need it. */
  #features: number[] | undefined | null = null;
  /** Signals for the RequestEvent; inspectors add theirs. */
  readonly signals: Signals = {};

  status = 0;
  errorCode: string | undefined = undefined;
  responseBytes = 0;
  /** Monotonic ms at upstream dispatch and at its end (-1 when not reached). */
  upstreamStart = -1;
  upstreamEnd = -1;
  /** How the upstream exchange failed, when it did. */
  upstreamFailure: UpstreamFailureKind | undefined = undefined;
  /** sha256 of the response body sent. */
  outputDigest: string | undefined = undefined;
  response: CapturedResponse | undefined = undefined;
  /** Set when the connection must close after this response (413, 408, draining). */
  closeConnection = false;

  #capture = false;
  #transform: ResponseTransform | undefined = undefined;

  constructor(init: {
    id: string;
    receivedAt: number;
    startMono: number;
    req: EdgeRequest;
    res: EdgeResponse;
    endpoint: Endpoint;
    protocol: Protocol;
    pathModel: string | undefined;
    state: GatewayState;
  }) {
    this.id = init.id;
    this.receivedAt = init.receivedAt;
    this.startMono = init.startMono;
    this.req = init.req;
    this.res = init.res;
    this.endpoint = init.endpoint;
    this.protocol = init.protocol;
    this.pathModel = init.pathModel;
    this.state = init.state;
  }

  /** First row of an OIP FP32/FP64 input, capped (GATEWAY_DEFAULTS.featureSummaryValues); computed from `json` on first read. */
  get features(): number[] | undefined {
    if (this.#features === null) this.#features = this.endpoint === 'oip-infer' && this.json !== undefined ? firstRowFeatures(this.json, GATEWAY_DEFAULTS.featureSummaryValues) : undefined;
    return this.#features;
  }

  set features(value: number[] | undefined) {
    this.#features = value;
  }

  get headers(): IncomingHttpHeaders {
    return this.req.headers;
  }

  /** The API key id, or undefined (anonymous). */
  get apiKeyId(): string | undefined {
    return this.apiKey?.id;
  }

  /** Asks the terminal handler to keep a copy of the response body in `response.body`. */
  captureResponse(): void {
    this.#capture = true;
  }

  get capturing(): boolean {
    return this.#capture || this.#transform !== undefined;
  }

  /**
   * Buffers the upstream response and sends `transform(response)` instead (output hardening).
   * Transforms compose like interceptors: one set later (by an inner interceptor) sees the
   * upstream bytes first, and the outermost has the last word on what is sent (so an
   * extension cannot undo the built-in `harden`).
   */
  setResponseTransform(transform: ResponseTransform): void {
    const outer = this.#transform;
    this.#transform =
      outer === undefined
        ? transform
        : (response, ex) => {
            const inner = transform(response, ex) ?? response.body;
            return outer({ ...response, body: inner }, ex) ?? inner;
          };
  }

  get transform(): ResponseTransform | undefined {
    return this.#transform;
  }
}
