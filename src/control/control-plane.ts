/**
 * @module control/control-plane
 * The ControlPlane: a node:http server on its own port serving the REST routes of the
 * route table under /api/v1, the event stream, /openapi.json and /healthz, and the
 * dashboard's static files (`/`, `/ui/…`, routes/dashboard.ts). Per request:
 * route match (404/405), CORS, bearer-token auth and role (401/403), path and query
 * validation, a bounded JSON body validated by the route's schema (400/413/415), the
 * handler, and a JSON answer; anything thrown becomes a JSON error, never a crash. It also
 * feeds the event hub (anomalies, route changes, breaker decisions, alerts), the recent
 * anomalies ring and the SLI metrics. start() listens; shutdown() is idempotent.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import type { BulwarkConfig } from '../config/index.js';
import { clientErrorHandler, closeServer, listen } from '../gateway/index.js';
import { DashboardDir, defaultDashboardDir } from './adapters/dashboard-dir.js';
import { AnomalyRing } from './anomaly-ring.js';
import { TokenIndex, authorize, presentedToken } from './auth.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { CONTROL_DEFAULTS } from './defaults.js';
import { controlErrors } from './errors.js';
import { controlStatusForCode } from './http-status.js';
import { answerBeforeBody, asControlError, readJsonBody, sendBytes, sendError, sendJson, validate } from './http-io.js';
import { openApiDocument } from './openapi.js';
import type { AlertFeed, AnomalyFeed, QueryFeed } from './ports.js';
import { matchRoute } from './router.js';
import type { AnyRoute } from './router.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { controlRoutes } from './routes/table.js';
import type { ControlServices } from './services.js';
import { SLI_METRIC_NAMES, SliMetrics } from './sli/sli-metrics.js';
import { EventHub } from './sse/event-hub.js';
import { isStreamEventType } from './sse/event-types.js';
import type { StreamEventType } from './sse/event-types.js';
import { StreamSet } from './sse/stream-set.js';
import { breakerTransitionData, routeChangeData } from './views.js';

/**
 * Where the SLI metrics go: the given registry, unless another control plane already
 * registered them there (a second control plane on one gateway keeps its own, reported).
 */
function sliRegistry(options: ControlPlaneOptions): Registry {
  const given = options.metrics;
  if (given === undefined) return new Registry();
  if (given.getSingleMetric(SLI_METRIC_NAMES[0]) === undefined) return given;
  options.onError(new Error('the SLI metrics are already registered by another control plane: this one keeps them on a private registry'));
  return new Registry();
}

/** Limits of the event stream (CONTROL_DEFAULTS by default). */
export interface StreamLimits {
  readonly heartbeatMs: number;
  readonly replayEvents: number;
  readonly maxStreams: number;
  readonly maxBufferedBytes: number;
  readonly retryMs: number;
}

/** Everything a ControlPlane needs: the handlers' services, the feeds, and where to listen. */
export interface ControlPlaneOptions extends Omit<ControlServices, 'anomalies' | 'incidentsChanged'> {
  /** `host:port`; port 0 picks a free one. */
  readonly listen: string;
  readonly anomalyFeed?: AnomalyFeed | undefined;
  readonly alertFeed?: AlertFeed | undefined;
  readonly queryFeed?: QueryFeed | undefined;
  /** Where the SLI metrics are registered (the gateway's registry); a private one when absent. */
  readonly metrics?: Registry | undefined;
  readonly stream?: Partial<StreamLimits>;
  /** Names this process's event ids (default: the start time and randomness, base 36). */
  readonly boot?: string;
}

/**
 * @example
 * const control = new ControlPlane({ listen: '127.0.0.1:9091', clock, timers, config: () => watcher.current(), routes: gateway.routes, … });
 * const address = await control.start();
 * await control.shutdown();
 */
export class ControlPlane {
  readonly hub: EventHub;
  readonly streams: StreamSet;
  readonly sli: SliMetrics;
  readonly #options: ControlPlaneOptions;
  readonly #services: ControlServices;
  readonly #table: readonly AnyRoute[];
  readonly #tokens = new WeakMap<object, TokenIndex>();
  readonly #off: (() => void)[] = [];
  #server: Server | undefined;
  #address: string | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: ControlPlaneOptions) {
    this.#options = options;
    const limits: StreamLimits = { heartbeatMs: CONTROL_DEFAULTS.heartbeatMs, replayEvents: CONTROL_DEFAULTS.replayEvents, maxStreams: CONTROL_DEFAULTS.maxStreams, maxBufferedBytes: CONTROL_DEFAULTS.streamMaxBufferedBytes, retryMs: CONTROL_DEFAULTS.streamRetryMs, ...options.stream };
    this.sli = new SliMetrics({ registry: sliRegistry(options), incidents: options.rollback.incidents, clock: options.clock, onError: options.onError });
    this.#services = { ...options, dashboard: options.dashboard ?? new DashboardDir(defaultDashboardDir()), anomalies: new AnomalyRing(CONTROL_DEFAULTS.anomalyRing), incidentsChanged: () => this.sli.invalidate() };
    const boot = options.boot ?? `${options.clock.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
    this.hub = new EventHub({ boot, capacity: limits.replayEvents, clock: options.clock, onError: options.onError });
    this.streams = new StreamSet({ hub: this.hub, clock: options.clock, timers: options.timers, ...limits });
    let document: unknown;
    // The OpenAPI document describes the API only; the dashboard's static files follow it in the table.
    const api = controlRoutes(() => (document ??= openApiDocument(api)));
    this.#table = [...api, ...dashboardRoutes];
  }

  /** The URL the control plane listens on (after start()). */
  get address(): string | undefined {
    return this.#address;
  }

  /** Subscribes to the feeds and listens; resolves to the URL. */
  async start(): Promise<string> {
    if (this.#address !== undefined) return this.#address;
    await this.sli.start();
    this.#subscribe();
    const server = createServer({ noDelay: true }, (req, res) => void this.#serve(req, res));
    const { headersTimeoutMs, bodyTimeoutMs } = this.#options.config().server;
    server.headersTimeout = headersTimeoutMs;
    server.requestTimeout = headersTimeoutMs + bodyTimeoutMs + 1_000;
    server.on('clientError', clientErrorHandler);
    this.#server = server;
    try {
      this.#address = await listen(server, this.#options.listen, 'control plane');
    } catch (err) {
      this.#unsubscribe();
      this.sli.shutdown();
      throw err;
    }
    return this.#address;
  }

  /** Ends the event streams, stops listening, unsubscribes, removes the metrics; idempotent. */
  shutdown(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.streams.shutdown();
    this.#unsubscribe();
    this.sli.shutdown();
    const server = this.#server;
    if (server === undefined) return;
    const closed = closeServer(server);
    server.closeAllConnections();
    await closed;
  }

  #subscribe(): void {
    const { anomalyFeed, alertFeed, queryFeed, routes, breakers } = this.#options;
    if (anomalyFeed !== undefined) {
      this.#off.push(
        anomalyFeed.onAnomaly((anomaly) => {
          this.#services.anomalies.push(anomaly);
          this.sli.observeAnomaly(anomaly);
          this.hub.publish('anomaly', anomaly.model, anomaly);
        }),
      );
    }
    this.#off.push(routes.subscribe((change) => void this.hub.publish('route_change', change.model, routeChangeData(change))));
    if (breakers !== undefined) this.#off.push(breakers.onDecision((record) => void this.hub.publish('breaker_transition', record.model, breakerTransitionData(record))));
    if (alertFeed !== undefined) this.#off.push(alertFeed.subscribe((alert) => void this.hub.publish('alert', alert.model, alert)));
    if (queryFeed !== undefined) this.#off.push(queryFeed.subscribe((event) => this.sli.observeQuery(event), { name: 'control-sli', queue: CONTROL_DEFAULTS.queryQueue }));
  }

  #unsubscribe(): void {
    for (const off of this.#off.splice(0)) off();
  }

  #tokenIndex(config: BulwarkConfig): TokenIndex {
    let index = this.#tokens.get(config.control);
    if (index === undefined) this.#tokens.set(config.control, (index = new TokenIndex(config.control.tokens)));
    return index;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let headers: Record<string, string> = {};
    try {
      const config = this.#options.config();
      headers = corsHeaders(req.headers.origin, config.control.cors.origins);
      await this.#dispatch(req, res, config, headers);
    } catch (err) {
      const { error, bug } = asControlError(err);
      if (bug !== undefined) this.#options.onError(bug);
      const allow = error.details['allow'];
      const status = controlStatusForCode(error.code);
      const extra: Record<string, string> = typeof allow === 'string' ? { allow } : {};
      if ((status === 413 || status === 408) && !req.complete) {
        extra['connection'] = 'close';
        answerBeforeBody(req, this.#options.timers);
      }
      try {
        sendError(res, error, { ...headers, ...extra });
      } catch (writeError) {
        this.#options.onError(writeError instanceof Error ? writeError : new Error(String(writeError)));
        res.destroy();
      }
    }
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse, config: BulwarkConfig, headers: Record<string, string>): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://control.invalid');
    const method = req.method ?? 'GET';
    const match = matchRoute(this.#table, method, url.pathname);
    if (match.kind === 'none') throw controlErrors.error('API_ERR_NOT_FOUND', `no route ${method} ${url.pathname} (see /openapi.json)`, { path: url.pathname });
    if (method === 'OPTIONS') {
      const methods = match.kind === 'found' ? [match.route.method] : match.allow;
      res.writeHead(204, preflightHeaders(req.headers.origin, config.control.cors.origins, methods));
      res.end();
      return;
    }
    if (match.kind === 'method') throw controlErrors.error('API_ERR_METHOD_NOT_ALLOWED', `${url.pathname} takes ${match.allow.join(', ')}, not ${method}`, { allow: match.allow.join(', ') });
    const route = match.route;
    const query = Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.get(k) as string]));
    const auth = authorize(this.#tokenIndex(config), route.access, presentedToken(req.headers.authorization, route.stream === true ? query['access_token'] : undefined));
    if (!auth.ok) return sendError(res, auth.error, { ...headers, 'www-authenticate': auth.challenge });
    const params = route.params === undefined ? {} : validate(route.params, match.params, 'params');
    const q = route.query === undefined ? {} : validate(route.query, query, 'query');
    if (route.stream === true) return this.#stream(req, res, q as { types?: string; model?: string; lastEventId?: string }, headers);
    const body = route.body === undefined ? undefined : validate(route.body, await readJsonBody(req, config.control.maxBodyBytes, config.server.bodyTimeoutMs, this.#options.timers), 'body');
    if (route.handle === undefined) throw new Error(`route ${route.operationId} has no handler`);
    const reply = await route.handle({ params, query: q, body, principal: auth.principal, services: this.#services });
    if (reply.raw !== undefined) return sendBytes(res, reply.status, reply.raw.bytes, { ...headers, ...reply.raw.headers });
    sendJson(res, reply.status, reply.body, headers);
  }

  #stream(req: IncomingMessage, res: ServerResponse, query: { types?: string; model?: string; lastEventId?: string }, headers: Record<string, string>): void {
    let types: Set<StreamEventType> | undefined;
    if (query.types !== undefined) {
      const names = query.types.split(',');
      const unknown = names.filter((t) => !isStreamEventType(t));
      if (unknown.length > 0) throw controlErrors.error('API_ERR_INVALID_REQUEST', `query.types: unknown event type "${unknown[0]}"`, { problems: [{ path: 'query.types', message: `unknown event type "${unknown[0]}"` }] });
      types = new Set(names as StreamEventType[]);
    }
    if (this.streams.full) throw controlErrors.error('API_ERR_TOO_MANY_STREAMS', 'too many event streams are open; retry later');
    const header = req.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) ?? query.lastEventId;
    req.socket.setNoDelay(true);
    this.streams.open(res, headers, { types, model: query.model }, lastEventId);
  }
}

