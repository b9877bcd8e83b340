/**
 * @module alerts/slo
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook, "Alerting on SLOs"). An
 * SLO's error budget is 1 − objective; the burn rate of a window is its bad/total ratio
 * divided by the budget. A rule fires when both its long and its short window burn faster
 * than its threshold (the short window makes the alert stop soon after the problem does).
 * The evaluator emits a candidate when the page or the ticket alert starts firing, and a
 * resolve when it stops. Deterministic: time is a parameter; O(windows) per observation.
 */
import { BURN_RATE_RULES } from './defaults.js';
import { BucketWindows } from './burn-rate.js';
import type { BucketWindowsState } from './burn-rate.js';
import { alertErrors } from './errors.js';
import type { SliObservation, SloSignal } from './ports.js';
import type { AlertCandidate } from './types.js';

/** One SLO (`alerts.slos[]`). */
export interface SloSettings {
  readonly name: string;
  readonly signal: SloSignal;
  /** Share of good events, in (0, 1): 0.999 leaves a budget of 0.1% bad events. */
  readonly objective: number;
  /** Only this model's events; every model's when absent. */
  readonly model?: string;
  /** The long window must hold this many events before a rule may fire. */
  readonly minEvents: number;
}

/** A burn-rate rule: both windows above `burnRate` → fire. */
export interface BurnRule {
  readonly id: string;
  readonly alert: 'page' | 'ticket';
  readonly longMs: number;
  readonly shortMs: number;
  readonly burnRate: number;
}

/** One rule's reading at one time. */
export interface RuleReading {
  readonly rule: BurnRule;
  readonly long: number;
  readonly short: number;
  readonly longEvents: number;
  readonly firing: boolean;
}

/** The JSON form of an evaluator (restart). */
export interface SloEvaluatorState {
  readonly windows: BucketWindowsState;
  readonly open: { readonly page: string | null; readonly ticket: string | null };
}

/**
 * @example
 * const slo = new SloEvaluator({ name: 'untrusted', signal: 'untrusted_requests', objective: 0.999, minEvents: 100 }, { bucketMs: 30_000 });
 * slo.observe({ signal: 'untrusted_requests', total: 1_000, bad: 20, at: now }, now);
 * for (const candidate of slo.evaluate(now)) await dispatcher.submit(candidate);
 */
export class SloEvaluator {
  readonly settings: SloSettings;
  readonly #rules: readonly BurnRule[];
  readonly #windows: BucketWindows;
  /** Dedupe key of the firing episode of each alert, null when not firing. */
  #open: { page: string | null; ticket: string | null } = { page: null, ticket: null };
  /** Observations older than the horizon (not counted). */
  late = 0;

  constructor(settings: SloSettings, options: { readonly bucketMs: number; readonly rules?: readonly BurnRule[] }) {
    if (!(settings.objective > 0 && settings.objective < 1)) {
      throw alertErrors.error('ALR_ERR_BAD_SETTINGS', `SLO ${settings.name}: objective must be in (0, 1), got ${settings.objective}`, { field: 'objective', slo: settings.name });
    }
    this.settings = settings;
    this.#rules = options.rules ?? BURN_RATE_RULES;
    this.#windows = new BucketWindows({ bucketMs: options.bucketMs, windowsMs: [...new Set(this.#rules.flatMap((r) => [r.longMs, r.shortMs]))] });
  }

  /** True when the observation is about this SLO (signal, and model when the SLO has one). */
  matches(observation: SliObservation): boolean {
    return observation.signal === this.settings.signal && (this.settings.model === undefined || observation.model === this.settings.model);
  }

  /** Counts an observation (one that {@link matches}). */
  observe(observation: SliObservation, now: number): void {
    if (!this.#windows.observe(observation.total, observation.bad, observation.at, now)) this.late++;
  }

  /** Burn rate of the window of `windowMs` ending at `now`. */
  burnRate(windowMs: number, now: number): number {
    const { total, bad } = this.#windows.counts(windowMs, now);
    return total === 0 ? 0 : bad / total / (1 - this.settings.objective);
  }

  /** Every rule's reading at `now`. */
  readings(now: number): RuleReading[] {
    return this.#rules.map((rule) => {
      const long = this.burnRate(rule.longMs, now);
      const short = this.burnRate(rule.shortMs, now);
      const longEvents = this.#windows.counts(rule.longMs, now).total;
      return { rule, long, short, longEvents, firing: longEvents >= this.settings.minEvents && long > rule.burnRate && short > rule.burnRate };
    });
  }

  /**
   * Candidates for what changed at `now`: the page (either page rule) or the ticket alert
   * started firing (a trigger) or stopped (a resolve with the episode's dedupe key).
   */
  evaluate(now: number): AlertCandidate[] {
    const readings = this.readings(now);
    const out: AlertCandidate[] = [];
    for (const alert of ['page', 'ticket'] as const) {
      const firing = readings.filter((r) => r.rule.alert === alert && r.firing);
      const open = this.#open[alert];
      if (firing.length > 0 && open === null) {
        const dedupeKey = `slo/${this.settings.name}/${alert}/${now}`;
        this.#open[alert] = dedupeKey;
        out.push(this.#candidate(alert, dedupeKey, firing, readings, now, false));
      } else if (firing.length === 0 && open !== null) {
        this.#open[alert] = null;
        out.push(this.#candidate(alert, open, firing, readings, now, true));
      }
    }
    return out;
  }

  toJSON(): SloEvaluatorState {
    return { windows: this.#windows.toJSON(), open: { ...this.#open } };
  }

  restore(state: SloEvaluatorState, now: number): void {
    this.#windows.restore(state.windows, now);
    this.#open = { ...state.open };
  }

  #candidate(alert: 'page' | 'ticket', dedupeKey: string, firing: readonly RuleReading[], readings: readonly RuleReading[], now: number, resolve: boolean): AlertCandidate {
    const { name, model, objective, signal } = this.settings;
    const describe = (r: RuleReading): string => `${fmt(r.long)}× over ${span(r.rule.longMs)} and ${fmt(r.short)}× over ${span(r.rule.shortMs)} (threshold ${r.rule.burnRate})`;
    const summary = resolve
      ? `SLO ${name}: error budget no longer burning at ${alert} rate`
      : `SLO ${name}: error budget burning at ${firing.map(describe).join('; ')}`;
    return {
      id: `${dedupeKey}${resolve ? ':resolve' : ''}`,
      source: 'slo',
      kind: `burn_${alert}`,
      model: model ?? '*',
      rule: name,
      severity: alert,
      dedupeKey,
      ...(resolve ? { resolve: true } : {}),
      summary,
      at: now,
      details: {
        signal,
        objective,
        firing: firing.map((r) => r.rule.id),
        burnRates: Object.fromEntries(readings.flatMap((r) => [[span(r.rule.longMs), round(r.long)], [span(r.rule.shortMs), round(r.short)]])),
      },
    };
  }
}

/**
 * Returns `slos` when their names are unique (objectives are checked by each evaluator).
 *
 * @throws ALR_ERR_BAD_SETTINGS naming the repeated name.
 */
export function checkSloSettings(slos: readonly SloSettings[]): readonly SloSettings[] {
  const names = new Set<string>();
  slos.forEach((slo, index) => {
    if (names.has(slo.name)) throw alertErrors.error('ALR_ERR_BAD_SETTINGS', `alert settings: slos[${index}].name "${slo.name}" is used twice`, { field: `slos[${index}].name` });
    names.add(slo.name);
  });
  return slos;
}

function span(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${ms / 60_000}m`;
}

function fmt(rate: number): string {
  return rate.toFixed(1);
}

function round(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}
