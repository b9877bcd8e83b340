/**
 * @module models/server/oip-handler
 * The request listener of the model server: routes Open Inference Protocol v2 requests,
 * answers health and metadata from JSON built once at start, and runs inference. The hot
 * path (POST to the exact infer path) skips the router: body → one JSON.parse → one
 * Float32Array → `predict` → one JSON.stringify. Errors become `{ "error": "…" }` with the
 * status of the edge table (http-status.ts); 5xx causes go to the logger, not the client.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../shared/clock.js';
import { isBulwarkError } from '../../shared/errors.js';
import type { TensorSpec } from '../../shared/signature.js';
import type { HostTensor, Model } from '../model.js';
import { show } from './decode-tensor.js';
import { serverErrors } from './errors.js';
import { toHttpError } from './http-status.js';
import { readInferRequest } from './infer-request.js';
import type { InferCall, InferPlan } from './infer-request.js';
import { locateJsonError } from './json-position.js';
import { checkJsonContentType, readBody } from './read-body.js';
import { inferTargets, matchRoute, ROUTE_METHOD } from './routes.js';
import type { Route } from './routes.js';

/** Where the server reports what the client is not told (model failures, 5xx). Never throws. */
export interface ServerLogger {
  error(message: string, fields: Readonly<Record<string, unknown>>): void;
}

/** Everything the handler needs, resolved (defaults applied) by `startModelServer`. */
export interface HandlerConfig {
  readonly model: Model;
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  readonly serverName: string;
  readonly serverVersion: string;
  readonly maxBodyBytes: number;
  readonly clock: Clock;
  readonly logger: ServerLogger;
}

const LIVE = JSON.stringify({ live: true });
const READY = JSON.stringify({ ready: true });
const NOT_READY = JSON.stringify({ ready: false });

const tensorMeta = (t: TensorSpec) => ({ name: t.name, datatype: t.datatype, shape: [...t.shape] });

/**
 * Handles every request of one served model.
 *
 * @example
 * const handler = new OipHandler(config);
 * createServer(handler.listener).listen(8080);
 */
export class OipHandler {
  /** The `request` listener to give `http.createServer`. */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  readonly #c: HandlerConfig;
  readonly #plan: InferPlan;
  readonly #fastTargets: ReadonlySet<string>;
  readonly #metadata: string;
  readonly #serverMetadata: string;
  readonly #idPrefix = randomBytes(4).toString('hex');
  #seq = 0;
  #inFlight = 0;
  #draining = false;
  #onIdle: (() => void) | undefined;

  constructor(config: HandlerConfig) {
    this.#c = config;
    const { inputs, outputs } = config.model.signature;
    this.#plan = { input: inputs[0] as TensorSpec, output: outputs[0] as TensorSpec, allOutputs: outputs.map((o) => o.name) };
    this.#fastTargets = new Set(inferTargets(config.name, config.version));
    this.#metadata = JSON.stringify({ name: config.name, versions: [config.version], platform: config.platform, inputs: inputs.map(tensorMeta), outputs: outputs.map(tensorMeta) });
    this.#serverMetadata = JSON.stringify({ name: config.serverName, version: config.serverVersion, extensions: [] });
    this.listener = (req, res) => void this.#serve(req, res);
  }

  /** Requests being handled right now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Stops keeping connections alive and reports not-ready; `onIdle` runs when nothing is in flight. */
  drain(onIdle: () => void): void {
    this.#draining = true;
    this.#onIdle = onIdle;
    if (this.#inFlight === 0) onIdle();
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = this.#c.clock.now();
    this.#inFlight++;
    try {
      const target = req.url ?? '/';
      if (req.method === 'POST' && this.#fastTargets.has(target)) await this.#infer(req, res);
      else await this.#route(req, res, target);
    } catch (err) {
      this.#fail(req, res, err, startedAt);
    } finally {
      this.#inFlight--;
      if (this.#draining && this.#inFlight === 0) this.#onIdle?.();
    }
  }

  async #route(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
    const route = matchRoute(target);
    const path = show(target.split('?')[0]);
    if (route === undefined) throw serverErrors.error('MDL_ERR_SERVER_NOT_FOUND', `no Open Inference Protocol v2 endpoint at ${path}`, { path: target });
    const method = ROUTE_METHOD[route.kind];
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      res.setHeader('allow', method === 'GET' ? 'GET, HEAD' : 'POST');
      throw serverErrors.error('MDL_ERR_SERVER_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path} (use ${method})`, { method: req.method, allow: method });
    }
    if (!('model' in route)) {
      if (route.kind === 'server-metadata') return this.#send(res, 200, this.#serverMetadata);
      if (route.kind === 'live') return this.#send(res, 200, LIVE);
      return this.#send(res, this.#draining ? 503 : 200, this.#draining ? NOT_READY : READY);
    }
    this.#checkModel(route);
    if (route.kind === 'model-metadata') return this.#send(res, 200, this.#metadata);
    if (route.kind === 'model-ready') return this.#send(res, this.#draining ? 503 : 200, JSON.stringify({ name: this.#c.name, ready: !this.#draining }));
    return this.#infer(req, res);
  }

  #checkModel(route: Extract<Route, { model: string }>): void {
    const { name, version } = this.#c;
    if (route.model !== name) {
      throw serverErrors.error('MDL_ERR_SERVER_UNKNOWN_MODEL', `unknown model "${route.model}" (this server serves "${name}")`, { model: route.model, served: name });
    }
    if (route.version !== undefined && route.version !== version) {
      throw serverErrors.error('MDL_ERR_SERVER_UNKNOWN_MODEL', `model "${name}" has no version "${route.version}" (this server serves "${version}")`, { model: name, version: route.version, served: version });
    }
  }

  async #infer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkJsonContentType(req.headers['content-type']);
    const body = await readBody(req, this.#c.maxBodyBytes);
    // Each value takes at least two bytes ("0,"), which bounds the allocation a shape can ask for.
    const call = readInferRequest(parseJson(body.toString('utf8')), this.#plan, (body.length >>> 1) + 1);
    const result = await this.#predict(call);
    const id = call.id ?? `${this.#idPrefix}-${(++this.#seq).toString(36)}`;
    this.#send(res, 200, renderInferResponse(this.#c.name, this.#c.version, id, this.#plan.output.name, result));
  }

  async #predict(call: InferCall): Promise<HostTensor> {
    try {
      return await this.#c.model.predict(call.batch, call.shape);
    } catch (err) {
      if (isBulwarkError(err) && err.kind === 'user') throw err; // the runtime's own input check: a 400 (http-status.ts)
      throw serverErrors.error('MDL_ERR_INFER_MODEL_FAILED', `the model failed: ${err instanceof Error ? err.message : String(err)}`, { shape: call.shape }, err);
    }
  }

  #fail(req: IncomingMessage, res: ServerResponse, err: unknown, startedAt: number): void {
    const answer = toHttpError(err);
    if (answer.status >= 500) {
      this.#c.logger.error('request failed', {
        code: isBulwarkError(err) ? err.code : answer.code,
        error: err instanceof Error ? err.message : String(err),
        method: req.method, path: req.url, status: answer.status, durationMs: this.#c.clock.now() - startedAt,
      });
    }
    if (res.headersSent || res.destroyed) return void res.destroy();
    // A body left unread (413, 415, 404 on a POST) is discarded by Node after the answer. Closing
    // the socket instead would reset it under unread data, and the client could lose the answer.
    this.#send(res, answer.status, JSON.stringify({ error: answer.message }));
  }

  #send(res: ServerResponse, status: number, body: string): void {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (this.#draining) headers['connection'] = 'close';
    res.writeHead(status, headers);
    res.end(body);
  }
}

/** JSON.parse, or MDL_ERR_INFER_MALFORMED_JSON naming where the text goes wrong. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (text.trim() === '') throw serverErrors.error('MDL_ERR_INFER_MALFORMED_JSON', 'malformed JSON: the request body is empty', { position: 0 });
    const at = locateJsonError(text);
    const where = at === undefined ? (err as Error).message : `at line ${at.line}, column ${at.column} (position ${at.position}): unexpected ${at.found}`;
    throw serverErrors.error('MDL_ERR_INFER_MALFORMED_JSON', `malformed JSON ${where}`, at === undefined ? {} : { position: at.position, line: at.line, column: at.column });
  }
}

/**
 * The inference response body: one FP32 output (NaN and ±Infinity become null, as JSON has no such numbers).
 *
 * @example
 * renderInferResponse('fraud', 'v1', '42', 'probs', { data: Float32Array.of(0.25, 0.75), shape: [1, 2] });
 */
export function renderInferResponse(modelName: string, version: string, id: string, output: string, result: HostTensor): string {
  return JSON.stringify({
    model_name: modelName,
    model_version: version,
    id,
    outputs: [{ name: output, datatype: 'FP32', shape: result.shape, data: Array.from(result.data) }],
  });
}
