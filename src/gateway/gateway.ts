/**
 * @module gateway/gateway
 * The Gateway: owns the data-plane and admin servers, the state snapshot, the route switch,
 * the interceptor chain, the event buses (requests, shadow comparisons), the ledger writer,
 * the shadow mirror, run-time output hardening, the upstream pools and the metrics.
 * `start()` opens both ports; `applyConfig()` swaps a new config in atomically; `shutdown()`
 * stops accepting, drains in-flight requests (bounded), flushes the ledger and closes everything. Every effect (clock, timers, randomness, upstreams, storage) is injected.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Clock } from '../shared/clock.js';
import { EventBus } from './events/event-bus.js';
import type { RequestEvent } from './events/request-event.js';
import type { ShadowEvent } from './events/shadow-event.js';
import { buildGatewayState, routeDecls } from './gateway-state.js';
import type { GatewayConfig, GatewayState } from './gateway-state.js';
import { buildHandler } from './chain.js';
import { gatewayErrors } from './errors.js';
import { HardeningOverrides } from './hardening/overrides.js';
import type { HardeningEntry } from './hardening/overrides.js';
import type { OutputHardening } from './hardening/settings.js';
import type { Interceptor } from './interceptors/compose.js';
import type { InspectorDefinition } from './inspection.js';
import { LedgerWriter } from './ledger/ledger-writer.js';
import type { FlushResult } from './ledger/ledger-writer.js';
import { KeyLimiter } from './limits/key-limiter.js';
import { GatewayMetrics } from './metrics.js';
import type { ErrorHandler, LedgerStore, MonotonicClock, RouteAuditSink, Timers, UpstreamPoolFactory } from './ports.js';
import { Recorder } from './recorder.js';
import { RequestIds } from './request-id.js';
import { InProcessRouteSwitch } from './routing/route-switch.js';
import { adminHandler } from './server/admin.js';
import { ShadowMirror } from './shadow/shadow-mirror.js';
import type { ShadowMirrorDeps } from './shadow/shadow-mirror.js';
import { DataPlane } from './server/data-plane.js';
import { createDataServer, tuneDataServer } from './server/data-server.js';
import type { Http1Server } from './server/http1/server.js';
import { closeServer, listen } from './server/listen.js';
import { UpstreamPools } from './upstream/upstream-pools.js';

/** Everything a Gateway needs. */
export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly upstreams: UpstreamPoolFactory;
  readonly ledgerStore: LedgerStore;
  /** Where route switches are audited (the AuditLog). */
  readonly audit?: RouteAuditSink;
  readonly clock: Clock;
  readonly monotonic: MonotonicClock;
  readonly timers: Timers;
  /** Uniform in [0, 1), for weighted routing. */
  readonly random: () => number;
  readonly onError: ErrorHandler;
  /** Inspectors by id; models switch them on with `inspectors: [...]`. */
  readonly inspectors?: readonly InspectorDefinition[];
  /** Extension interceptors, appended after the built-in ones (auth, rate-limit, body, model, route, inspect). */
  readonly interceptors?: readonly Interceptor[];
  /** A full declared order of interceptor ids (built-in and extensions), validated at start. */
  readonly order?: readonly string[];
  /** Shadow-mirroring limits (default GATEWAY_DEFAULTS.shadow*). */
  readonly shadow?: Pick<ShadowMirrorDeps, 'queue' | 'queueBytes' | 'concurrency' | 'timeoutMs' | 'maxResponseBytes'>;
  /** Data-plane address; default `server.listen`. */
  readonly listen?: string;
  /** Admin address; default `server.admin`; `null` for no admin server. */
  readonly admin?: string | null;
}

/** The URLs the gateway listens on. */
export interface GatewayAddresses {
  readonly dataPlane: string;
  readonly admin: string | undefined;
}

type Phase = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * @example
 * const gateway = new Gateway({ config, upstreams: netPoolFactory, ledgerStore: store.ledger, audit, clock, monotonic, timers, random, onError });
 * const { dataPlane, admin } = await gateway.start();
 * gateway.events.subscribe((event) => detector.push(event));
 * await gateway.routes.switch('fraud', { active: 'v1' }, { actor: 'rollback', reason: 'entropy-collapse' });
 * await gateway.shutdown();
 */
export class Gateway {
  readonly routes: InProcessRouteSwitch;
  readonly events: EventBus<RequestEvent>;
  /** Follow-ups of mirrored requests: one ShadowEvent per shadow comparison (docs/gateway.md). */
  readonly shadowEvents: EventBus<ShadowEvent>;
  readonly shadow: ShadowMirror;
  readonly metrics: GatewayMetrics;
  readonly ledger: LedgerWriter;
  readonly pools: UpstreamPools;
  readonly #options: GatewayOptions;
  readonly #limiter: KeyLimiter;
  readonly #hardening: HardeningOverrides;
  readonly #plane: DataPlane;
  #state: GatewayState | undefined;
  #config: GatewayConfig;
  #phase: Phase = 'new';
  #data: Http1Server | undefined;
  readonly #ids: RequestIds;
  #admin: Server | undefined;
  #addresses: GatewayAddresses | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: GatewayOptions) {
    this.#options = options;
    this.#config = options.config;
    const { clock, timers, onError, monotonic } = options;
    this.routes = new InProcessRouteSwitch({ clock, onError, ...(options.audit === undefined ? {} : { audit: options.audit }) });
    this.metrics = new GatewayMetrics({
      ledgerLag: () => this.ledger.lag,
      routeEpochs: () => this.routes.tables().map((t) => ({ model: t.model, epoch: t.epoch })),
      inFlight: () => this.#plane.inFlight,
      ready: () => this.notReadyReasons().length === 0,
      shadowQueued: () => this.shadow.queued,
    });
    this.events = new EventBus<RequestEvent>({ timers, onError, onDrop: (subscriber) => this.metrics.eventsDropped.inc({ subscriber }) });
    this.shadowEvents = new EventBus<ShadowEvent>({ timers, onError, onDrop: (subscriber) => this.metrics.eventsDropped.inc({ subscriber: `shadow:${subscriber}` }) });
    this.shadow = new ShadowMirror({ ...options.shadow, clock, monotonic, timers, onError, metrics: this.metrics, events: this.shadowEvents });
    this.#hardening = new HardeningOverrides(clock);
    const { batchSize, flushIntervalMs, maxQueued } = options.config.ledger;
    this.ledger = new LedgerWriter({ store: options.ledgerStore, batchSize, flushIntervalMs, maxQueued, timers, onError: (err) => this.#onLedgerError(err) });
    this.pools = new UpstreamPools(options.upstreams, onError, timers);
    this.#limiter = new KeyLimiter(clock);
    const handler = buildHandler({
      limiter: this.#limiter,
      routes: this.routes,
      timers,
      monotonic,
      random: options.random,
      onError,
      currentState: () => this.state,
      isDraining: () => this.#plane.draining,
      shadow: this.shadow,
      hardening: this.#hardening,
      interceptors: options.interceptors ?? [],
      ...(options.order === undefined ? {} : { order: options.order }),
    });
    const recorder = new Recorder({ metrics: this.metrics, ledger: this.ledger, events: this.events, monotonic });
    this.#ids = new RequestIds(clock);
    this.#plane = new DataPlane({ handler, state: () => this.state, ids: this.#ids, clock, monotonic, recorder, timers, onError });
  }

  /** The snapshot in force. Throws before start(). */
  get state(): GatewayState {
    if (this.#state === undefined) throw new Error('Gateway.state read before start()');
    return this.#state;
  }

  /** Where the gateway listens (after start()). */
  get addresses(): GatewayAddresses | undefined {
    return this.#addresses;
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.#plane.inFlight;
  }

  /** Empty when ready; otherwise why not (for /readyz). */
  notReadyReasons(): string[] {
    if (this.#phase === 'new' || this.#phase === 'starting') return ['starting'];
    if (this.#phase !== 'running') return ['draining for shutdown'];
    const reasons: string[] = [];
    for (const model of this.state.models.values()) {
      if (this.routes.current(model.name) === undefined) reasons.push(`model ${model.name}: no route loaded`);
      if (model.targets.size === 0) reasons.push(`model ${model.name}: no upstream pool`);
    }
    return reasons;
  }

  /** Builds the state, loads the routes, opens the data-plane and admin ports. */
  async start(): Promise<GatewayAddresses> {
    if (this.#addresses !== undefined) return this.#addresses;
    if (this.#phase !== 'new') throw new Error(`Gateway.start() called while ${this.#phase}`);
    this.#phase = 'starting';
    this.#install(this.#config, 'start');
    const server = this.#options.config.server;
    this.#data = createDataServer(this.#plane.handle, this.#config, () => this.#ids.next());
    try {
      const dataPlane = await listen(this.#data, this.#options.listen ?? server.listen, 'data plane');
      const adminAddress = this.#options.admin === undefined ? server.admin : this.#options.admin;
      let admin: string | undefined;
      if (adminAddress !== null) {
        this.#admin = createServer(adminHandler({ scrape: () => this.metrics.scrape(), notReadyReasons: () => this.notReadyReasons(), onError: this.#options.onError }));
        admin = await listen(this.#admin, adminAddress, 'admin');
      }
      this.#addresses = { dataPlane, admin };
    } catch (err) {
      await this.#closeServers();
      await this.pools.shutdown();
      this.#phase = 'stopped';
      throw err;
    }
    this.#phase = 'running';
    return this.#addresses;
  }

  /**
   * Swaps in a new config: keys, limits, models, upstreams and routes change together,
   * between two requests. Throws GW_ERR_INVALID_ROUTE (and keeps the old config) when a
   * declared route is invalid. The returned promise settles once the route switches it
   * caused are audited. Address changes need a restart (reported, not applied).
   */
  applyConfig(next: GatewayConfig): Promise<void> {
    if (this.#phase !== 'running') throw new Error(`Gateway.applyConfig() called while ${this.#phase}`);
    const prev = this.#config;
    const audited = this.#install(next, 'config reload');
    if (next.server.listen !== prev.server.listen || next.server.admin !== prev.server.admin) {
      this.#options.onError(new Error('server.listen / server.admin changed: restart the gateway to apply the new addresses'));
    }
    if (this.#data !== undefined) tuneDataServer(this.#data, next);
    this.metrics.configReloads.inc({ result: 'applied' });
    return audited;
  }

  /**
   * Hardens the outputs of `model` for `apiKeyId` (every caller when undefined) until clock
   * ms `untilMs`: the containment action of the detection engine calls this. Combined with
   * the configured `output` by the strictest of each field, so it only tightens; applies
   * from the next request. Throws GW_ERR_INVALID_HARDENING (undeclared model, bad setting).
   */
  harden(model: string, apiKeyId: string | undefined, settings: OutputHardening, untilMs: number): void {
    if (!this.state.models.has(model)) throw gatewayErrors.error('GW_ERR_INVALID_HARDENING', `output hardening: no model "${model}" is declared`, { model });
    this.#hardening.set(model, apiKeyId, settings, untilMs);
  }

  /** Ends a run-time hardening early; true when there was one. */
  unharden(model: string, apiKeyId: string | undefined): boolean {
    return this.#hardening.clear(model, apiKeyId);
  }

  /** Run-time hardenings in force. */
  hardenings(): HardeningEntry[] {
    return this.#hardening.list();
  }

  /** Writes queued ledger rows and delivers queued events. */
  async forceFlush(): Promise<FlushResult> {
    const result = await this.ledger.forceFlush();
    await this.events.forceFlush();
    return result;
  }

  /**
   * Stops accepting, drains in-flight requests for up to `server.drainTimeoutMs` (then cuts
   * the rest), flushes the ledger and events, closes pools and servers. Idempotent; resolves
   * with the ledger's last flush result.
   */
  shutdown(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const wasRunning = this.#phase === 'running';
    this.#phase = 'stopping';
    if (wasRunning && this.#data !== undefined) {
      const closed = closeServer(this.#data);
      const drained = await this.#plane.drain(this.#config.server.drainTimeoutMs);
      if (drained) this.#data.closeIdleConnections();
      else this.#data.closeAllConnections();
      await closed;
    }
    await this.shadow.shutdown();
    const result = await this.ledger.shutdown();
    if (result.code !== 'ok') this.#options.onError(result.error ?? new Error(`ledger: ${result.remaining} rows not written at shutdown`));
    await this.events.shutdown();
    await this.shadowEvents.shutdown();
    await this.pools.shutdown();
    await this.#closeServers();
    this.#phase = 'stopped';
  }

  /** Builds and swaps state and routes synchronously; returns the audit promise. */
  #install(config: GatewayConfig, reason: string): Promise<void> {
    const decls = routeDecls(config);
    this.routes.validate(decls);
    const previous = this.#state;
    const state = buildGatewayState(config, this.pools, this.#options.inspectors ?? [], this.#options.onError);
    this.#state = state;
    this.#config = config;
    const { audited } = this.routes.reconcile(decls, { actor: 'config', reason });
    this.#limiter.retain(new Map(config.keys.map((k) => [k.id, k.rateLimit])));
    if (previous !== undefined) {
      // Requests that started under the previous state may still dispatch to its pools.
      this.#options.timers.setTimeout(() => this.pools.retain([this.#state ?? state]), config.server.drainTimeoutMs);
    }
    return audited;
  }

  async #closeServers(): Promise<void> {
    for (const server of [this.#data, this.#admin]) {
      if (server === undefined) continue;
      const closed = closeServer(server);
      server.closeAllConnections();
      await closed;
    }
  }

  #onLedgerError(error: Error): void {
    if ((error as { code?: string }).code === 'GW_ERR_LEDGER_DROPPED') this.metrics.ledgerDropped.inc(Number((error as { details?: { dropped?: number } }).details?.dropped ?? 1));
    this.#options.onError(error);
  }
}
