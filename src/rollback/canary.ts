/**
 * @module rollback/canary
 * Canary verification on live traffic. At each canary step the version receiving the new
 * share of traffic (the LKG when rolling back, the approved version when rolling forward)
 * is watched for `verifySeconds`: its error rate and mean latency against the version it
 * takes traffic from. The verdict is a pure function; the monitor only counts events from
 * the gateway's bus and fires a timer. A rule firing on the watched version arrives as an
 * anomaly and is the breaker's business (it freezes), not the monitor's.
 */
import type { RequestEvent } from '../gateway/index.js';
import type { Clock } from '../shared/clock.js';
import { ROLLBACK_DEFAULTS } from './defaults.js';
import type { Timers } from './ports.js';

/** Counts of one version during a step. */
export interface StepStats {
  events: number;
  errors: number;
  latencySumMs: number;
}

/** Thresholds of {@link stepVerdict}. */
export type CanaryHealth = typeof ROLLBACK_DEFAULTS.canaryHealth;

/** A step's outcome; `detail` says what was measured. */
export type StepVerdict = { readonly ok: boolean; readonly detail: string };

/**
 * Judges a step. Too few events is "could not measure", which passes (it is not "measured
 * bad"); the detail says so.
 *
 * @example
 * stepVerdict({ events: 40, errors: 10, latencySumMs: 400 }, { events: 700, errors: 1, latencySumMs: 7000 }); // { ok: false, … }
 */
export function stepVerdict(checked: StepStats, other: StepStats, health: CanaryHealth = ROLLBACK_DEFAULTS.canaryHealth): StepVerdict {
  if (checked.events < health.minEvents) return { ok: true, detail: `inconclusive: ${checked.events} events (< ${health.minEvents}) on the checked version` };
  const errorRate = checked.errors / checked.events;
  if (errorRate > health.maxErrorRate) return { ok: false, detail: `error rate ${(errorRate * 100).toFixed(1)}% over ${checked.events} events (max ${health.maxErrorRate * 100}%)` };
  const mean = checked.latencySumMs / checked.events;
  if (other.events >= health.minEvents) {
    const otherMean = other.latencySumMs / other.events;
    if (otherMean > 0 && mean > health.maxLatencyRatio * otherMean) {
      return { ok: false, detail: `mean latency ${mean.toFixed(1)} ms is over ${health.maxLatencyRatio}× the other version's ${otherMean.toFixed(1)} ms` };
    }
  }
  return { ok: true, detail: `healthy: ${checked.events} events, error rate ${(errorRate * 100).toFixed(1)}%, mean latency ${mean.toFixed(1)} ms` };
}

interface Watch {
  readonly checked: string;
  readonly other: string;
  readonly since: number;
  readonly stats: { checked: StepStats; other: StepStats };
  readonly timer: unknown;
}

const empty = (): StepStats => ({ events: 0, errors: 0, latencySumMs: 0 });

/**
 * Watches one canary step per model.
 *
 * @example
 * const monitor = new CanaryMonitor({ clock, timers });
 * bus.subscribe((e) => monitor.observe(e), { name: 'rollback-canary' });
 * monitor.watch('fraud', { checked: 'v1', other: 'v2' }, 10_000, (verdict) => submit(verdict));
 */
export class CanaryMonitor {
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #health: CanaryHealth;
  readonly #watches = new Map<string, Watch>();

  constructor(deps: { readonly clock: Clock; readonly timers: Timers; readonly health?: CanaryHealth }) {
    this.#clock = deps.clock;
    this.#timers = deps.timers;
    this.#health = deps.health ?? ROLLBACK_DEFAULTS.canaryHealth;
  }

  /** True while `model` has a step under watch. */
  watching(model: string): boolean {
    return this.#watches.has(model);
  }

  /** Counts one request (events of unwatched models, and from before the step, are ignored). */
  observe(event: RequestEvent): void {
    if (event.model === undefined) return;
    const watch = this.#watches.get(event.model);
    if (watch === undefined || event.timings.receivedAt < watch.since) return;
    const stats = event.version === watch.checked ? watch.stats.checked : event.version === watch.other ? watch.stats.other : undefined;
    if (stats === undefined) return;
    stats.events++;
    if (event.status >= 500) stats.errors++;
    stats.latencySumMs += event.timings.totalMs;
  }

  /** Starts watching a step (replacing a previous watch of the model); `done` gets the verdict after `verifyMs`. */
  watch(model: string, versions: { readonly checked: string; readonly other: string }, verifyMs: number, done: (verdict: StepVerdict) => void): void {
    this.cancel(model);
    const stats = { checked: empty(), other: empty() };
    const timer = this.#timers.setTimeout(() => {
      if (this.#watches.get(model)?.timer !== timer) return;
      this.#watches.delete(model);
      done(stepVerdict(stats.checked, stats.other, this.#health));
    }, verifyMs);
    this.#watches.set(model, { ...versions, since: this.#clock.now(), stats, timer });
  }

  cancel(model: string): void {
    const watch = this.#watches.get(model);
    if (watch === undefined) return;
    this.#timers.clearTimeout(watch.timer);
    this.#watches.delete(model);
  }

  /** Cancels every watch. */
  shutdown(): void {
    for (const model of [...this.#watches.keys()]) this.cancel(model);
  }
}
