/**
 * @module rollback/orchestrator
 * The rollback orchestrator: the async shell around the pure per-model breaker. For each
 * command (an anomaly, a canary step's verdict, an approval, an unfreeze) it decides with
 * `decide()`, persists the decision write-ahead (the new state and its pending effects),
 * then applies the effects in trip order through its ports, marking each one done. On
 * start it restores every breaker from the WAL, re-pins the routes, re-applies containment
 * and resumes unfinished effects, so a crash mid-rollback completes exactly once.
 */
import { breakerErrors, decide } from '../breaker/index.js';
import type { BreakerCommand, BreakerState } from '../breaker/index.js';
import type { RequestEvent, RouteChange } from '../gateway/index.js';
import { CanaryMonitor } from './canary.js';
import type { CanaryHealth } from './canary.js';
import { CommandPoller } from './command-poller.js';
import { applyQueuedCommand } from './commands.js';
import { ROLLBACK_DEFAULTS } from './defaults.js';
import type { EffectDeps } from './effects/env.js';
import { ensureRoute } from './effects/route-effect.js';
import { EffectRunner } from './effects/runner.js';
import { rollbackErrors } from './errors.js';
import { ForensicRings } from './forensics/ring.js';
import { incidentIdFor } from './incidents.js';
import { Lanes } from './lanes.js';
import type { RollbackStores } from './ports.js';
import { adoptIfChanged, restoreModel } from './restore.js';
import { canaryVersions, routeForState } from './route-plan.js';
import type { ModelRollbackSettings } from './settings.js';
import type { AnomalyInput, WalContext, WalRecord } from './types.js';

/** Everything the orchestrator needs; see EffectDeps for the effect ports. */
export interface OrchestratorOptions extends Omit<EffectDeps, 'settings' | 'wal' | 'incidents' | 'rings'> {
  readonly stores: RollbackStores;
  readonly settings: ReadonlyMap<string, ModelRollbackSettings>;
  readonly rings?: ForensicRings;
  /** The gateway's request events, for canary verification. */
  readonly events?: { subscribe(listener: (event: RequestEvent) => void, options?: { readonly name?: string; readonly queue?: number }): () => void };
  /** Route changes made by others (config reloads): a model that is not steady is re-pinned. */
  readonly routeChanges?: { subscribe(listener: (change: RouteChange) => void): () => void };
  /** Command-queue polling interval, ms; 0 disables polling. Default ROLLBACK_DEFAULTS.commandPollMs. */
  readonly commandPollMs?: number;
  /** How often the poller retries decisions with failed effects, ms. Default ROLLBACK_DEFAULTS.retryIncompleteMs. */
  readonly retryIncompleteMs?: number;
  readonly canaryHealth?: CanaryHealth;
}

/** The outcome of one command. `seq` is null when nothing was persisted (an ignored anomaly). */
export interface DecisionResult {
  readonly seq: number | null;
  readonly state: BreakerState;
  readonly events: WalRecord['events'];
  /** Every effect applied (false: some failed; they are retried). */
  readonly complete: boolean;
}

const DAY_MS = 86_400_000;

interface ModelRuntime {
  settings: ModelRollbackSettings;
  state: BreakerState;
  seq: number;
}

/**
 * @example
 * const orchestrator = new RollbackOrchestrator({ stores: store.rollback, settings: rollbackSettings(config), routes: gateway.routes, … });
 * await orchestrator.start();
 * await orchestrator.onAnomaly(anomaly); // detection engine → breaker → rollback
 * await orchestrator.shutdown();
 */
export class RollbackOrchestrator {
  /** The forensic rings the gateway hook records into. */
  readonly rings: ForensicRings;
  readonly #options: OrchestratorOptions;
  readonly #deps: EffectDeps;
  readonly #runner: EffectRunner;
  readonly #models = new Map<string, ModelRuntime>();
  readonly #lanes = new Lanes();
  readonly #monitor: CanaryMonitor;
  readonly #poller: CommandPoller | undefined;
  readonly #listeners = new Set<(record: WalRecord) => void>();
  #settings: ReadonlyMap<string, ModelRollbackSettings>;
  #unsubscribe: (() => void)[] = [];
  #phase: 'new' | 'running' | 'stopped' = 'new';
  #lastRetry = 0;
  #lastPurge = 0;

  constructor(options: OrchestratorOptions) {
    this.#options = options;
    this.#settings = options.settings;
    this.rings = options.rings ?? new ForensicRings();
    const { stores } = options;
    this.#deps = { ...options, wal: stores.wal, incidents: stores.incidents, rings: this.rings, settings: (model) => this.#settings.get(model) };
    this.#runner = new EffectRunner(this.#deps);
    this.#monitor = new CanaryMonitor({ clock: options.clock, timers: options.timers, ...(options.canaryHealth === undefined ? {} : { health: options.canaryHealth }) });
    const pollMs = options.commandPollMs ?? ROLLBACK_DEFAULTS.commandPollMs;
    this.#poller = pollMs <= 0 ? undefined : new CommandPoller({ queue: stores.commands, timers: options.timers, onError: options.onError, intervalMs: pollMs, apply: (c) => applyQueuedCommand({ wal: stores.wal, audit: options.audit, has: (m) => this.#models.has(m), approve: (...a) => this.approve(...a), unfreeze: (...a) => this.unfreeze(...a) }, c), tick: () => this.#tick(), now: () => options.clock.now() });
    for (const s of this.#settings.values()) this.rings.configure(s.model, s.forensics.ringEvents);
  }

  /** Restores every breaker, re-pins routes, re-applies containment, resumes unfinished effects. */
  async start(): Promise<void> {
    if (this.#phase !== 'new') return;
    this.#phase = 'running';
    for (const settings of this.#settings.values()) {
      const restored = await restoreModel(this.#deps.wal, settings, this.#options.clock);
      this.#models.set(settings.model, { settings, ...restored });
    }
    for (const runtime of this.#models.values()) await this.#lanes.run(runtime.settings.model, () => this.#pin(runtime));
    this.#lastRetry = this.#options.clock.now();
    await this.retryIncomplete(true);
    await this.purgeForensics();
    this.#subscribe();
    this.#poller?.start();
  }

  /** The breaker state of `model` (undefined: no breaker). */
  state(model: string): BreakerState | undefined {
    return this.#models.get(model)?.state;
  }

  /** Models with a breaker. */
  models(): string[] {
    return [...this.#models.keys()];
  }

  /** Listens to every persisted decision; returns an unsubscribe function. */
  onDecision(listener: (record: WalRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /**
   * Hands an anomaly to the model's breaker. Anomalies of models without a breaker, or that
   * the breaker ignores, change nothing. Resolves once the decision's effects are applied.
   *
   * @example
   * await orchestrator.onAnomaly({ model: 'fraud', id, rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset });
   */
  onAnomaly(anomaly: AnomalyInput): Promise<DecisionResult> {
    const { model, detectedAt, evidence, sampleRequestIds, detectorState, ...ref } = anomaly;
    const context = { detectedAt: detectedAt ?? this.#options.clock.now(), ...(evidence === undefined ? {} : { evidence }), ...(sampleRequestIds === undefined ? {} : { sampleRequestIds }), ...(detectorState === undefined ? {} : { detectorState }) };
    return this.#submit(model, { type: 'anomaly', anomaly: ref }, { incidentId: incidentIdFor(model, ref.id), anomaly: context });
  }

  /** Starts a canary roll-forward to `version` (the model must be rolled back). */
  approve(model: string, version: string, who: { readonly actor: string; readonly reason: string }, commandId?: number): Promise<DecisionResult> {
    return this.#submit(model, { type: 'approve', version, ...who }, commandId === undefined ? {} : { commandId });
  }

  /** Lifts a freeze (routes stay where they are) and the containment it applied. */
  unfreeze(model: string, who: { readonly actor: string; readonly reason: string }, commandId?: number): Promise<DecisionResult> {
    return this.#submit(model, { type: 'unfreeze', ...who }, commandId === undefined ? {} : { commandId });
  }

  /** Applies new settings after a config reload (a steady model follows a new declared route). */
  configure(settings: ReadonlyMap<string, ModelRollbackSettings>): Promise<void> {
    this.#settings = settings;
    const work: Promise<unknown>[] = [];
    for (const s of settings.values()) {
      this.rings.configure(s.model, s.forensics.ringEvents);
      const runtime = this.#models.get(s.model);
      if (runtime === undefined) {
        if (this.#phase === 'running') work.push(this.#lanes.run(s.model, async () => this.#models.set(s.model, { settings: s, ...(await restoreModel(this.#deps.wal, s, this.#options.clock)) })));
        continue;
      }
      runtime.settings = s;
      work.push(this.#lanes.run(s.model, async () => Object.assign(runtime, await adoptIfChanged(this.#deps.wal, s, runtime, this.#options.clock))));
    }
    return Promise.all(work).then(() => undefined);
  }

  /** Polls the command queue once (tests; the gateway polls on its own). */
  async pollCommands(): Promise<void> {
    await this.#poller?.pollNow();
  }

  /** Re-runs decisions whose effects have not all completed (failed, or cut by a crash). */
  async retryIncomplete(resumed = false): Promise<void> {
    for (const record of await this.#deps.wal.incomplete()) {
      const runtime = this.#models.get(record.model);
      if (runtime === undefined) continue;
      await this.#lanes.run(record.model, () => this.#runner.run(record, { resumed, latest: record.seq === runtime.seq })).catch(this.#options.onError);
    }
  }

  /**
   * Deletes forensic bundles past each model's `rollback.forensics.retentionDays`; returns
   * the removed digests. Runs at start and daily; never throws (errors go to the handler).
   */
  async purgeForensics(): Promise<string[]> {
    const now = this.#options.clock.now();
    this.#lastPurge = now;
    const removed: string[] = [];
    for (const s of this.#settings.values()) {
      try {
        removed.push(...(await this.#options.archive.purge(now, s.forensics.retentionDays, s.model)));
      } catch (err) {
        this.#options.onError(err as Error);
      }
    }
    return removed;
  }

  async #tick(): Promise<void> {
    const now = this.#options.clock.now();
    if (now - this.#lastRetry >= (this.#options.retryIncompleteMs ?? ROLLBACK_DEFAULTS.retryIncompleteMs)) {
      this.#lastRetry = now;
      await this.retryIncomplete();
    }
    if (now - this.#lastPurge >= DAY_MS) await this.purgeForensics();
  }

  /** Resolves when queued decisions and their effects are done. */
  forceFlush(): Promise<void> {
    return this.#lanes.idle();
  }

  /** Stops polling and canary watches, waits for running decisions; idempotent. */
  async shutdown(): Promise<void> {
    if (this.#phase === 'stopped') return;
    this.#phase = 'stopped';
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#monitor.shutdown();
    await this.#poller?.shutdown();
    await this.#lanes.idle();
  }

  #submit(model: string, command: BreakerCommand, context: WalContext): Promise<DecisionResult> {
    if (this.#phase !== 'running') return Promise.reject(new Error(`RollbackOrchestrator: ${command.type} while ${this.#phase}`));
    return this.#lanes.run(model, () => this.#decideAndApply(model, command, context));
  }

  async #decideAndApply(model: string, command: BreakerCommand, context: WalContext): Promise<DecisionResult> {
    const runtime = this.#models.get(model);
    if (runtime === undefined) throw rollbackErrors.error('RBK_ERR_UNKNOWN_MODEL', `model "${model}" has no breaker (no rule with action: rollback, or not in the config)`, { model });
    if (command.type === 'approve' && !runtime.settings.versions.includes(command.version)) {
      // Checked here, not by the route switch: a decision is persisted before its switch runs.
      throw breakerErrors.error('BRK_ERR_BAD_COMMAND', `${model}: version "${command.version}" is not declared in the config (declared: ${runtime.settings.versions.join(', ')})`, { version: command.version });
    }
    const now = this.#options.clock.now();
    const decision = decide(runtime.settings.breaker, runtime.state, command, now);
    if (decision.effects.length === 0 && decision.state === runtime.state) return { seq: null, state: runtime.state, events: decision.events, complete: true };
    const record: WalRecord = { model, seq: runtime.seq + 1, at: now, command, prev: runtime.state, state: decision.state, events: decision.events, effects: decision.effects, context, completedAt: null };
    await this.#deps.wal.append(record);
    runtime.seq = record.seq;
    runtime.state = record.state;
    this.#options.crashPoint?.('wal');
    this.#emit(record);
    const complete = await this.#runner.run(record, { resumed: false, latest: true });
    this.#afterDecision(runtime, record);
    return { seq: record.seq, state: record.state, events: record.events, complete };
  }

  #afterDecision(runtime: ModelRuntime, record: WalRecord): void {
    if (record.prev?.kind === 'frozen' && record.state.kind !== 'frozen') this.#options.containment?.release(runtime.settings.model);
    this.#watch(runtime);
  }

  /** Watches the current canary step of `runtime`, if it is in one. */
  #watch(runtime: ModelRuntime): void {
    const model = runtime.settings.model;
    const versions = canaryVersions(runtime.state);
    if (versions === undefined || this.#phase !== 'running') return this.#monitor.cancel(model);
    this.#monitor.watch(model, versions, runtime.settings.verifyMs, (verdict) => {
      const command: BreakerCommand = verdict.ok ? { type: 'step_passed' } : { type: 'step_failed', detail: verdict.detail };
      this.#submit(model, command, {}).catch(this.#options.onError);
    });
  }

  /** Puts the route of the restored state in force, re-applies containment, resumes a canary watch. */
  async #pin(runtime: ModelRuntime): Promise<void> {
    const { state, seq, settings } = runtime;
    try {
      await ensureRoute(this.#options.routes, settings.model, routeForState(state, settings.declared.shadow), { actor: ROLLBACK_DEFAULTS.actor, reason: `breaker ${state.kind}: route re-pinned (decision ${seq})`, epoch: seq }, this.#options.onError);
    } catch (err) {
      this.#options.onError(err as Error);
    }
    if (state.kind === 'frozen' && state.anomaly?.apiKeys !== undefined) {
      this.#options.containment?.contain(settings.model, state.anomaly.apiKeys, { reason: 'breaker frozen (restored)', incidentId: incidentIdFor(settings.model, state.anomaly.id) });
    }
    this.#watch(runtime);
  }

  #subscribe(): void {
    const { events, routeChanges } = this.#options;
    if (events !== undefined) this.#unsubscribe.push(events.subscribe((event) => this.#monitor.observe(event), { name: 'rollback-canary', queue: 50_000 }));
    if (routeChanges !== undefined) {
      const off = routeChanges.subscribe((change) => {
        const runtime = this.#models.get(change.model);
        if (runtime === undefined || change.actor === ROLLBACK_DEFAULTS.actor || runtime.state.kind === 'steady') return;
        // A config reload moved a model the breaker holds: put the breaker's route back.
        this.#lanes.run(change.model, () => this.#pin(runtime)).catch(this.#options.onError);
      });
      this.#unsubscribe.push(off);
    }
  }

  #emit(record: WalRecord): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(record);
      } catch (err) {
        this.#options.onError(err as Error);
      }
    }
  }
}
