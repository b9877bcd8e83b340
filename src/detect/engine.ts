/**
 * @module detect/engine
 * The detection engine: `ingest(event)` feeds the windows of the event's model version
 * (and its API key, for per-key rules) and evaluates the rules whose window the event
 * touched, each at most once per interval (`evaluateEveryMs` or `evaluateEveryEvents`,
 * whichever comes first); `tick()` evaluates rules that are due by time alone. A verdict
 * passes through the rule's hysteresis, and a rule that fires emits an Anomaly to the
 * listeners, synchronously, in the same call as the event that crossed it. Listeners
 * never break the engine: what they throw goes to the injected error handler. Time comes
 * from the injected clock; nothing here reads the wall clock or sets timers.
 */
import type { Anomaly } from './anomaly.js';
import { seriesAnomaly, keyAnomaly } from './anomaly-builder.js';
import type { AnomalyLimits } from './anomaly-builder.js';
import type { BaselineProfile } from './baseline.js';
import { checkBaseline } from './baseline-check.js';
import type { CompiledRule } from './compiled-rule.js';
import { resolveOptions } from './engine-options.js';
import type { DetectionEngineOptions, ResolvedOptions } from './engine-options.js';
import { EngineCounters } from './engine-stats.js';
import type { EngineStats } from './engine-stats.js';
import { detectErrors } from './errors.js';
import type { KeyState } from './extraction/extraction-detector.js';
import { errorEvaluation, judgeKey, judgeSeries } from './judge.js';
import { ModelState } from './model-state.js';
import type { RuleChanges } from './model-state.js';
import type { DetectEvent, RuleSettings } from './ports.js';
import { isDue, newRuntime } from './rule-runtime.js';
import type { RuleRuntime } from './rule-runtime.js';
import type { Evaluation, Verdict } from './rules/evaluate.js';
import { stepRule } from './rules/hysteresis.js';
import type { Binding, Series } from './series.js';
import { checkEngineState, SNAPSHOT_FORMAT } from './snapshot.js';
import type { EngineState } from './snapshot.js';

/** One evaluation, for `onEvaluation` listeners (dry runs are recorded here too). */
export interface EvaluationRecord {
  readonly model: string;
  readonly version: string;
  readonly rule: string;
  readonly apiKey?: string;
  readonly at: number;
  readonly verdict: Verdict;
  readonly dryRun: boolean;
  readonly evaluation: Evaluation;
}

/** What `configure` did, per model. */
export type ConfigureReport = Readonly<Record<string, RuleChanges>>;

/**
 * @example
 * const engine = new DetectionEngine({ clock: systemClock, rules: effectiveRules(config, knobs), onError: log });
 * engine.onAnomaly((a) => breakers.get(a.model)?.send(toAnomalyRef(a)));
 * bus.subscribe((e) => engine.ingest(e));
 */
export class DetectionEngine {
  readonly #o: ResolvedOptions;
  readonly #models = new Map<string, ModelState>();
  readonly #baselines = new Map<string, BaselineProfile>();
  readonly #anomalyListeners = new Set<(anomaly: Anomaly) => void>();
  readonly #evaluationListeners = new Set<(record: EvaluationRecord) => void>();
  readonly #counters = new EngineCounters();
  readonly #limits: AnomalyLimits;
  #seq = 0;

  constructor(options: DetectionEngineOptions) {
    this.#o = resolveOptions(options);
    this.#limits = { bucketMs: this.#o.bucketMs, maxKeys: this.#o.maxAnomalyKeys, maxSamples: this.#o.sampleRequestIds };
    if (options.rules !== undefined) this.configure(options.rules);
  }

  /**
   * Installs the rules (all models); hot reload. Rules whose `when` is unchanged keep their
   * window state and hysteresis, a changed window resizes the window keeping its newest
   * buckets; a rule that fails to compile is reported (and its previous version kept).
   */
  configure(rules: readonly RuleSettings[]): ConfigureReport {
    const byModel = new Map<string, RuleSettings[]>();
    for (const r of rules) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
    const report: Record<string, RuleChanges> = {};
    for (const [name, model] of this.#models) {
      if (byModel.has(name)) continue;
      report[name] = { added: [], changed: [], knobs: [], removed: [...model.seriesRules, ...model.keyRules].map((r) => r.settings.id), errors: [] };
      this.#models.delete(name);
    }
    for (const [name, list] of byModel) {
      let model = this.#models.get(name);
      if (model === undefined) {
        model = new ModelState(name, this.#o);
        this.#models.set(name, model);
      }
      const changes = model.configure(list);
      for (const e of changes.errors) this.#report(e.error);
      report[name] = changes;
    }
    return report;
  }

  /** Adds or replaces the baseline of `profile.model`/`profile.version`. Throws DET_ERR_BAD_BASELINE. */
  setBaseline(profile: BaselineProfile): void {
    checkBaseline(profile);
    this.#baselines.set(`${profile.model}\u0000${profile.version}`, profile);
    this.#models.get(profile.model)?.setBaseline(profile);
  }

  /** Listens for anomalies; returns the unsubscribe function. */
  onAnomaly(listener: (anomaly: Anomaly) => void): () => void {
    this.#anomalyListeners.add(listener);
    return () => this.#anomalyListeners.delete(listener);
  }

  /** Listens for every evaluation (verdict and evidence); returns the unsubscribe function. */
  onEvaluation(listener: (record: EvaluationRecord) => void): () => void {
    this.#evaluationListeners.add(listener);
    return () => this.#evaluationListeners.delete(listener);
  }

  /** Feeds one event (the gateway bus calls this once per request). */
  ingest(event: DetectEvent): void {
    const c = this.#counters;
    c.events++;
    const name = event.model;
    const version = event.version;
    if (name === undefined || version === undefined) {
      c.skipped++;
      return;
    }
    const model = this.#models.get(name);
    if (model === undefined) {
      c.unwatched++;
      return;
    }
    const t = event.timings.receivedAt;
    const last = model.last;
    const series = last !== undefined && last.version === version ? last : model.series(version, () => this.#baselineFor(name, version));
    series.ingest(event, Math.floor(t / this.#o.bucketMs), t);
    const now = this.#o.clock.now();
    const { evaluateEveryMs, evaluateEveryEvents } = this.#o;
    const bindings = series.bindings;
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i] as Binding;
      const r = b.runtime;
      r.eventsSince++;
      if (r.eventsSince >= evaluateEveryEvents || now - r.lastEvalMs >= evaluateEveryMs) this.#evaluateSeries(series, b, now);
    }
    const extraction = model.extraction;
    if (extraction !== undefined) {
      const key = extraction.observe(event, t);
      if (key !== undefined) for (const rule of model.keyRules) this.#maybeEvaluateKey(model, rule, key, now);
    }
  }

  /** Evaluates every per-version rule that is due by time (the app calls this on its ticker). */
  tick(): void {
    const now = this.#o.clock.now();
    for (const model of this.#models.values()) {
      for (const series of model.versions.values()) {
        for (const b of series.bindings) if (now - b.runtime.lastEvalMs >= this.#o.evaluateEveryMs) this.#evaluateSeries(series, b, now);
      }
    }
  }

  /**
   * The windows and rule states of every model version, as JSON (per-key extraction state
   * is not saved). Feed it to `restore` after a restart.
   */
  toJSON(): EngineState {
    const series = [...this.#models.values()].flatMap((m) => [...m.versions.values()].map((s) => s.toJSON()));
    return { format: SNAPSHOT_FORMAT, series };
  }

  /**
   * Loads a saved state (after `configure`): windows and hysteresis of the rules and
   * trackers that still exist; models without rules are skipped. Throws DET_ERR_BAD_STATE.
   */
  restore(saved: unknown): void {
    const state = checkEngineState(saved);
    for (const s of state.series) {
      const model = this.#models.get(s.model);
      if (model === undefined) continue;
      model.series(s.version, () => this.#baselineFor(s.model, s.version)).load(s);
    }
  }

  /** Counters, caps and time to detect. */
  stats(): EngineStats {
    return this.#counters.snapshot(this.#models.values());
  }

  #baselineFor(model: string, version: string): BaselineProfile | undefined {
    const own = this.#baselines.get(`${model}\u0000${version}`);
    if (own !== undefined) return own;
    try {
      const profile = this.#o.baselines(model, version);
      if (profile !== undefined) checkBaseline(profile);
      return profile;
    } catch (err) {
      this.#report(err instanceof Error ? err : new Error(String(err)));
      return undefined;
    }
  }

  #evaluateSeries(series: Series, b: Binding, now: number): void {
    const r = b.runtime;
    r.eventsSince = 0;
    r.lastEvalMs = now;
    let evaluation: Evaluation;
    try {
      const sec = Math.floor(now / this.#o.bucketMs);
      for (const t of b.trackers) t?.advance(sec);
      evaluation = judgeSeries(b.rule, b.trackers, series.baseline, now - series.firstMs >= b.rule.settings.windowMs);
    } catch (err) {
      evaluation = errorEvaluation(err);
      this.#report(detectErrors.error('DET_ERR_EVALUATION', `rule "${b.rule.settings.id}" on ${series.model}/${series.version}: ${evaluation.reason ?? ''}`, { model: series.model, version: series.version, rule: b.rule.settings.id }, err));
    }
    if (series.baseline === undefined && !series.reportedNoBaseline && evaluation.verdict === 'inconclusive' && /baseline/.test(evaluation.reason ?? '')) {
      series.reportedNoBaseline = true;
      this.#report(detectErrors.error('DET_ERR_NO_BASELINE', `${series.model}/${series.version} has no baseline profile; rule "${b.rule.settings.id}" stays inconclusive`, { model: series.model, version: series.version, rule: b.rule.settings.id }));
    }
    const fire = this.#conclude(b.rule, r, evaluation, now, series.model, series.version, undefined);
    if (fire !== undefined) this.#emit(seriesAnomaly(this.#id(series.model, b.rule, now), series, b.rule, b.trackers, evaluation, fire, now, this.#limits));
  }

  #maybeEvaluateKey(model: ModelState, rule: CompiledRule, key: KeyState, now: number): void {
    let slot = key.rules.get(rule.settings.id);
    if (slot === undefined || slot.expression !== rule.expression) {
      slot = { expression: rule.expression, runtime: newRuntime() };
      key.rules.set(rule.settings.id, slot);
    }
    const r = slot.runtime;
    r.eventsSince++;
    if (!isDue(r, now, this.#o.evaluateEveryMs, this.#o.evaluateEveryEvents)) return;
    r.eventsSince = 0;
    r.lastEvalMs = now;
    let evaluation: Evaluation;
    try {
      evaluation = judgeKey(rule, model.extraction as NonNullable<ModelState['extraction']>, key);
    } catch (err) {
      evaluation = errorEvaluation(err);
      this.#report(detectErrors.error('DET_ERR_EVALUATION', `rule "${rule.settings.id}" for key ${key.key}: ${evaluation.reason ?? ''}`, { model: model.name, rule: rule.settings.id, apiKey: key.key }, err));
    }
    const fire = this.#conclude(rule, r, evaluation, now, model.name, key.lastVersion ?? '', key.key);
    if (fire !== undefined) this.#emit(keyAnomaly(this.#id(model.name, rule, now), model.name, key, rule, evaluation, fire, now, this.#limits));
  }

  /** Applies hysteresis; records the evaluation; returns what fired. */
  #conclude(rule: CompiledRule, r: RuleRuntime, evaluation: Evaluation, now: number, model: string, version: string, apiKey: string | undefined): 'anomalous' | 'errors' | undefined {
    const s = rule.settings;
    const step = stepRule(r.state, evaluation.verdict, now, { holdForMs: s.holdForMs, holdEvaluations: this.#o.holdEvaluations, clearEvaluations: this.#o.clearEvaluations, consecutiveErrorLimit: s.consecutiveErrorLimit });
    r.state = step.state;
    r.lastVerdict = evaluation.verdict;
    this.#counters.verdict(evaluation.verdict);
    if (this.#evaluationListeners.size > 0) {
      const record: EvaluationRecord = { model, version, rule: s.id, ...(apiKey === undefined ? {} : { apiKey }), at: now, verdict: evaluation.verdict, dryRun: s.dryRun, evaluation };
      for (const listener of this.#evaluationListeners) this.#call(listener, record);
    }
    return step.fire;
  }

  #id(model: string, rule: CompiledRule, now: number): string {
    this.#seq++;
    return this.#o.newId?.() ?? `${model}:${rule.settings.id}:${now}:${this.#seq}`;
  }

  #emit(anomaly: Anomaly): void {
    this.#counters.anomaly(anomaly);
    for (const listener of this.#anomalyListeners) this.#call(listener, anomaly);
  }

  #call<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (err) {
      this.#counters.listenerErrors++;
      this.#report(detectErrors.error('DET_ERR_LISTENER', `a detection listener threw: ${err instanceof Error ? err.message : String(err)}`, {}, err));
    }
  }

  #report(error: Error): void {
    try {
      this.#o.onError(error);
    } catch {
      // the error handler itself must not break ingest
    }
  }
}
