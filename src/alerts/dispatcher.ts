/**
 * @module alerts/dispatcher
 * The async shell around the pure policy: candidates and SLI counts go in, in order; the
 * policy's notifications are enqueued in the durable outbox (one row per sink); a
 * background loop on injected timers closes group and cap windows, evaluates SLOs and
 * delivers what is due, with retries, backoff and dead letters (delivery.ts). Nothing is
 * sent before it is in the outbox, so a restart or a sink outage loses nothing. Never
 * throws from background paths; `start()`, `forceFlush()`, idempotent `shutdown()`.
 */
import type { Registry } from 'prom-client';
import type { Clock } from '../shared/clock.js';
import { ALERT_DEFAULTS } from './defaults.js';
import { deliverItem } from './delivery.js';
import type { DeliveryDeps } from './delivery.js';
import { alertErrors } from './errors.js';
import { AlertMetrics } from './metrics.js';
import { decide, flushAll, initialPolicyState, tick } from './policy.js';
import type { Decision, PolicyResult, PolicyState } from './policy.js';
import type { AlertOutbox, AlertSinkPort, AlertSourceEvent, ErrorHandler, OutboxEntry, SliObservation, Timers } from './ports.js';
import type { RetrySettings } from './retry.js';
import { checkPolicySettings } from './settings.js';
import type { AlertPolicySettings } from './settings.js';
import { SloEvaluator, checkSloSettings } from './slo.js';
import type { SloSettings } from './slo.js';
import type { AlertCandidate, AlertNotification } from './types.js';
import { checkCandidate } from './candidate-check.js';

/** Delivery knobs (defaults: ALERT_DEFAULTS). */
export interface DeliverySettings {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly drainTimeoutMs: number;
  readonly maxBatchesPerPass: number;
  readonly retry: RetrySettings;
}

/** What the dispatcher needs. */
export interface AlertDispatcherOptions {
  readonly policy: AlertPolicySettings;
  readonly slos?: readonly SloSettings[];
  readonly outbox: AlertOutbox;
  readonly sinks: readonly AlertSinkPort[];
  readonly clock: Clock;
  readonly timers: Timers;
  /** [0, 1): retry jitter and the owner id. */
  readonly random: () => number;
  readonly onError: ErrorHandler;
  /** Metrics are registered here when given. */
  readonly registry?: Registry;
  /** Claims are made under this name (default: random). */
  readonly owner?: string;
  readonly delivery?: Partial<DeliverySettings>;
}

/**
 * @example
 * const dispatcher = new AlertDispatcher({ policy, slos, outbox: store.alerts, sinks, clock, timers, random: Math.random, onError, registry });
 * await dispatcher.start();
 * const off = source.subscribe((event) => void dispatcher.handle(event));
 * await dispatcher.shutdown();
 */
export class AlertDispatcher {
  readonly #listeners = new Set<(notification: AlertNotification) => void>();
  readonly owner: string;
  readonly metrics: AlertMetrics | undefined;
  readonly #options: AlertDispatcherOptions;
  readonly #policy: AlertPolicySettings;
  readonly #delivery: DeliverySettings;
  readonly #deliveryDeps: DeliveryDeps;
  readonly #slos: readonly SloEvaluator[];
  #state: PolicyState = initialPolicyState();
  /** Policy steps run one after another. */
  #serial: Promise<unknown> = Promise.resolve();
  /** Entries the outbox refused (a failing store), retried every tick. */
  #unsaved: OutboxEntry[] = [];
  #pass: Promise<void> | undefined;
  #again = false;
  #timer: unknown;
  #started = false;
  #stopped = false;
  #shutdown: Promise<void> | undefined;

  constructor(options: AlertDispatcherOptions) {
    this.#options = options;
    this.#policy = checkPolicySettings(options.policy);
    const d = options.delivery ?? {};
    this.#delivery = {
      pollIntervalMs: d.pollIntervalMs ?? ALERT_DEFAULTS.pollIntervalMs,
      batchSize: d.batchSize ?? ALERT_DEFAULTS.batchSize,
      leaseMs: d.leaseMs ?? ALERT_DEFAULTS.leaseMs,
      drainTimeoutMs: d.drainTimeoutMs ?? ALERT_DEFAULTS.drainTimeoutMs,
      maxBatchesPerPass: d.maxBatchesPerPass ?? ALERT_DEFAULTS.maxBatchesPerPass,
      retry: { ...ALERT_DEFAULTS.retry, ...d.retry },
    };
    this.#slos = checkSloSettings(options.slos ?? []).map((slo) => new SloEvaluator(slo, { bucketMs: ALERT_DEFAULTS.sloBucketMs }));
    this.owner = options.owner ?? `alerts-${options.clock.now().toString(36)}-${Math.floor(options.random() * 2 ** 32).toString(36)}`;
    this.metrics = options.registry === undefined ? undefined : new AlertMetrics(options.registry, { depth: () => options.outbox.depth(), burnRates: () => this.burnRates() });
    this.#deliveryDeps = {
      outbox: options.outbox,
      sinks: new Map(options.sinks.map((sink) => [sink.id, sink])),
      owner: this.owner,
      now: () => options.clock.now(),
      random: options.random,
      retry: this.#delivery.retry,
      onError: options.onError,
      ...(this.metrics === undefined ? {} : { metrics: this.metrics }),
    };
  }

  /** Starts the background loop and a first delivery pass (what a previous process left). */
  async start(): Promise<void> {
    if (this.#stopped) throw alertErrors.error('ALR_ERR_DISPATCHER_STOPPED', 'the alert dispatcher was shut down; create a new one', {});
    if (this.#started) return;
    this.#started = true;
    this.#schedule();
    this.#kick();
  }

  /** Routes one source event. Never rejects. */
  handle(event: AlertSourceEvent): Promise<unknown> {
    return event.type === 'candidate' ? this.submit(event.candidate) : this.observe(event.observation);
  }

  /**
   * Runs the policy on one candidate and enqueues what it decided; resolves with the
   * decision (undefined when the candidate was refused: reported to the error handler).
   */
  submit(candidate: AlertCandidate): Promise<Decision | undefined> {
    const problem = this.#stopped ? alertErrors.error('ALR_ERR_DISPATCHER_STOPPED', `alert ${String(candidate.id)} submitted after shutdown`, { id: candidate.id }) : checkCandidate(candidate);
    if (problem !== undefined) {
      this.#options.onError(problem);
      return Promise.resolve(undefined);
    }
    return this.#step(async () => {
      const decision = decide(this.#policy, this.#state, candidate, this.#options.clock.now());
      this.metrics?.candidates.inc({ source: candidate.source, severity: decision.alertClass, decision: decision.decision });
      await this.#apply(decision);
      return decision;
    });
  }

  /** Counts SLI events; a burn-rate alert that starts or stops firing becomes a candidate. */
  observe(observation: SliObservation): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return this.#step(async () => {
      const now = this.#options.clock.now();
      for (const slo of this.#slos) if (slo.matches(observation)) slo.observe(observation, now);
      await this.#evaluateSlos(now);
    });
  }

  /** Closes due windows, evaluates SLOs, and delivers everything due now. */
  async forceFlush(): Promise<void> {
    await this.#step(() => this.#tickPolicy());
    await this.#runPass();
  }

  /**
   * Stops the loop, sends open groups and held summaries to the outbox, lets the running
   * delivery pass finish (at most `drainTimeoutMs`), then releases this dispatcher's claims
   * so another process delivers the rest at once. Idempotent.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#stop();
    return this.#shutdown;
  }

  /** The policy state (tests, inspection). */
  state(): PolicyState {
    return this.#state;
  }

  /** Current burn rates of every SLO window (metrics). */
  burnRates(): { slo: string; window: string; rate: number }[] {
    const now = this.#options.clock.now();
    return this.#slos.flatMap((slo) => slo.readings(now).flatMap((r) => [
      { slo: slo.settings.name, window: `${r.rule.longMs / 60_000}m`, rate: r.long },
      { slo: slo.settings.name, window: `${r.rule.shortMs / 60_000}m`, rate: r.short },
    ]));
  }

  async #stop(): Promise<void> {
    this.#stopped = true;
    this.#options.timers.clearTimeout(this.#timer);
    await this.#step(() => this.#apply(flushAll(this.#policy, this.#state, this.#options.clock.now())));
    this.#kick();
    await this.#drain();
    try {
      await this.#options.outbox.release(this.owner, this.#options.clock.now());
    } catch (err) {
      this.#options.onError(alertErrors.error('ALR_ERR_OUTBOX_FAILED', `alert outbox: releasing claims failed: ${(err as Error).message}`, { owner: this.owner }, err));
    }
  }

  async #drain(): Promise<void> {
    const pass = this.#pass;
    if (pass === undefined) return;
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.#options.timers.setTimeout(resolve, this.#delivery.drainTimeoutMs);
    });
    await Promise.race([pass, timeout]);
    this.#options.timers.clearTimeout(timer);
  }

  #step<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(work, work);
    this.#serial = run.catch(() => undefined);
    return run.catch((err: unknown) => {
      this.#options.onError(err instanceof Error ? err : new Error(String(err)));
      return undefined as T;
    });
  }

  async #tickPolicy(): Promise<void> {
    const now = this.#options.clock.now();
    await this.#apply(tick(this.#policy, this.#state, now));
    await this.#evaluateSlos(now);
  }

  async #evaluateSlos(now: number): Promise<void> {
    for (const slo of this.#slos) {
      for (const candidate of slo.evaluate(now)) {
        const decision = decide(this.#policy, this.#state, candidate, now);
        this.metrics?.candidates.inc({ source: candidate.source, severity: decision.alertClass, decision: decision.decision });
        await this.#apply(decision);
      }
    }
  }

  /**
   * Listens to every notification the policy makes (once per notification, whatever the
   * number of sinks it goes to): the control plane's event stream shows them live.
   */
  subscribe(listener: (notification: AlertNotification) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #notify(notification: AlertNotification): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(notification);
      } catch (err) {
        this.#options.onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  /** Adopts a policy result: state first, then its notifications into the outbox. */
  async #apply(result: PolicyResult): Promise<void> {
    this.#state = result.state;
    for (const sink of result.capped) this.metrics?.capped.inc({ sink });
    const now = this.#options.clock.now();
    const seen = new Set<string>();
    const entries = result.notifications.map(({ sink, notification }): OutboxEntry => {
      if (!seen.has(notification.key)) {
        seen.add(notification.key);
        this.metrics?.notifications.inc({ severity: notification.severity, type: notification.type });
        this.#notify(notification);
      }
      return { sink, key: notification.key, dedupeKey: notification.dedupeKey, severity: notification.severity, payload: notification, createdAt: now };
    });
    const batch = [...this.#unsaved, ...entries];
    if (batch.length === 0) return;
    try {
      await this.#options.outbox.enqueue(batch);
      this.#unsaved = [];
      this.#kick();
    } catch (err) {
      this.#unsaved = batch;
      this.#options.onError(alertErrors.error('ALR_ERR_OUTBOX_FAILED', `alert outbox: ${batch.length} notification(s) not enqueued yet (kept, retried every tick): ${(err as Error).message}`, { pending: batch.length }, err));
    }
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#options.timers.setTimeout(() => {
      void this.#step(() => this.#tickPolicy()).then(() => {
        this.#kick();
        this.#schedule();
      });
    }, this.#delivery.pollIntervalMs);
  }

  /** Starts a delivery pass, or asks the running one to go again. */
  #kick(): void {
    void this.#runPass();
  }

  /** The running pass (asked to go once more: it then covers everything due now), or a new one. */
  #runPass(): Promise<void> {
    if (this.#pass !== undefined) {
      this.#again = true;
      return this.#pass;
    }
    const run = async (): Promise<void> => {
      do {
        this.#again = false;
        await this.#passOnce();
      } while (this.#again);
    };
    this.#pass = run().finally(() => {
      this.#pass = undefined;
    });
    return this.#pass;
  }

  async #passOnce(): Promise<void> {
    const { outbox, clock, onError } = this.#options;
    for (let batch = 0; batch < this.#delivery.maxBatchesPerPass; batch++) {
      let items;
      try {
        items = await outbox.claim({ owner: this.owner, now: clock.now(), leaseMs: this.#delivery.leaseMs, limit: this.#delivery.batchSize });
      } catch (err) {
        onError(alertErrors.error('ALR_ERR_OUTBOX_FAILED', `alert outbox: claiming deliveries failed: ${(err as Error).message}`, { owner: this.owner }, err));
        return;
      }
      if (items.length === 0) return;
      await Promise.all(items.map((item) => deliverItem(this.#deliveryDeps, item)));
    }
  }
}
