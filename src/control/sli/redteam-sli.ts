/**
 * @module control/sli/redteam-sli
 * The SLIs that come from red-team reports, as Prometheus gauges (docs/control-plane.md,
 * "SLIs"):
 *
 * - `bulwark_adversarial_success_rate{model,version,attack}`: the latest report of each
 *   version, per attack, at its gated ε (successful attacks / correctly classified samples);
 * - `bulwark_nominal_accuracy_delta{model,version}`: the version's clean accuracy minus its
 *   model's LKG's, from their latest reports (0 for the LKG itself);
 * - `bulwark_data_integrity_violations{model,version}`: the dataset-provenance check the
 *   suite ran for the version (manifest against the LKG's), from its latest report.
 *
 * Reports are read from the registry on start, every `refreshMs` (reports are attached by
 * `bulwark redteam run --register`, usually another process) and at once when
 * {@link RedteamSli.reportAttached} is called. Each report first seen after start is also
 * one `adversarial_success` SLI event set for the burn-rate alerts (`onObservation`);
 * reports already there at start were counted by the process that saw them arrive.
 * Documents are immutable, so each is read once. Never throws: failures go to `onError`.
 */
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RedteamReportSource, Timers, VersionCatalog } from '../ports.js';
import { adversarialObservation, redteamFigures } from './redteam-figures.js';
import type { AdversarialObservation, LoadedReport } from './redteam-figures.js';

/** Names of the gauges (removed again at shutdown). */
export const REDTEAM_SLI_METRIC_NAMES = ['bulwark_adversarial_success_rate', 'bulwark_nominal_accuracy_delta', 'bulwark_data_integrity_violations'] as const;

/** How often the reports are re-read, ms. */
export const REDTEAM_SLI_REFRESH_MS = 15_000;

/** What the red-team SLIs read and where they go. */
export interface RedteamSliDeps {
  readonly registry: Registry;
  readonly reports: RedteamReportSource;
  readonly versions: VersionCatalog;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly onError: (error: Error) => void;
  /** Default {@link REDTEAM_SLI_REFRESH_MS}. */
  readonly refreshMs?: number;
}

/**
 * @example
 * const sli = new RedteamSli({ registry: metrics, reports: registryReports(registry), versions: registry, timers, onError });
 * sli.onObservation((o) => bus.publish({ type: 'sli', observation: o }));
 * await sli.start();
 */
export class RedteamSli {
  readonly #deps: RedteamSliDeps;
  readonly #success: Gauge<'model' | 'version' | 'attack'>;
  readonly #delta: Gauge<'model' | 'version'>;
  readonly #integrity: Gauge<'model' | 'version'>;
  readonly #cache = new Map<string, unknown>();
  readonly #listeners = new Set<(o: AdversarialObservation) => void>();
  #primed = false;
  #timer: unknown;
  #stopped = false;
  #running: Promise<void> | undefined;
  #again = false;

  constructor(deps: RedteamSliDeps) {
    this.#deps = deps;
    const registers = [deps.registry];
    this.#success = new Gauge({ name: 'bulwark_adversarial_success_rate', help: 'Latest red-team report of each version: successful attacks / correctly classified samples, per attack at its gated budget.', labelNames: ['model', 'version', 'attack'], registers });
    this.#delta = new Gauge({ name: 'bulwark_nominal_accuracy_delta', help: 'Clean accuracy of the version minus that of its model\'s LKG, from their latest red-team reports.', labelNames: ['model', 'version'], registers });
    this.#integrity = new Gauge({ name: 'bulwark_data_integrity_violations', help: 'Dataset-provenance violations (files of the LKG\'s manifest removed or changed, row count beyond tolerance, manifest missing) in the version\'s latest red-team report.', labelNames: ['model', 'version'], registers });
  }

  /** Reads the reports once (no SLI events for them) and starts the timer. */
  async start(): Promise<void> {
    await this.refresh();
    this.#schedule();
  }

  /** Calls `listener` with the SLI events of each report attached after start. */
  onObservation(listener: (o: AdversarialObservation) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** A report was just attached (in this process): read now instead of at the next tick. */
  reportAttached(): Promise<void> {
    return this.refresh();
  }

  /** Re-reads the reports; concurrent calls share one read (and one more after it). Never rejects. */
  refresh(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#read()
      .catch((err: unknown) => this.#deps.onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        this.#running = undefined;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          void this.refresh();
        }
      });
    return this.#running;
  }

  /** Stops the timer and removes the gauges. Idempotent. */
  shutdown(): void {
    this.#stopped = true;
    this.#deps.timers.clearTimeout(this.#timer);
    for (const name of REDTEAM_SLI_METRIC_NAMES) this.#deps.registry.removeSingleMetric(name);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#deps.timers.setTimeout(() => {
      void this.refresh().then(() => this.#schedule());
    }, this.#deps.refreshMs ?? REDTEAM_SLI_REFRESH_MS);
  }

  async #read(): Promise<void> {
    const refs = await this.#deps.reports.list();
    const loaded: LoadedReport[] = [];
    const fresh: LoadedReport[] = [];
    for (const ref of refs) {
      if (!this.#cache.has(ref.digest)) {
        const doc = await this.#deps.reports.read(ref.digest);
        this.#cache.set(ref.digest, doc?.report);
        if (this.#primed) fresh.push({ ref, report: doc?.report });
      }
      loaded.push({ ref, report: this.#cache.get(ref.digest) });
    }
    const versions = (await this.#deps.versions.list()).map((v) => ({ model: v.record.model, version: v.record.version, status: v.status }));
    const figures = redteamFigures(loaded, versions);
    this.#success.reset();
    for (const f of figures.successRate) this.#success.set({ model: f.model, version: f.version, attack: f.attack }, f.value);
    this.#delta.reset();
    for (const f of figures.accuracyDelta) this.#delta.set({ model: f.model, version: f.version }, f.value);
    this.#integrity.reset();
    for (const f of figures.integrity) this.#integrity.set({ model: f.model, version: f.version }, f.value);
    this.#primed = true;
    for (const r of fresh.sort((a, b) => a.ref.attachedAt - b.ref.attachedAt)) {
      const observation = adversarialObservation(r);
      if (observation === undefined) continue;
      for (const listener of this.#listeners) {
        try {
          listener(observation);
        } catch (err) {
          this.#deps.onError(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
  }
}
