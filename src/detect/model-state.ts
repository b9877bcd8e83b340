/**
 * @module detect/model-state
 * Everything the engine keeps for one model: its compiled rules (per-version and per-key),
 * its versions' series in an LRU map (capped, evictions counted) and, when it has per-key
 * rules, its extraction detector. Configuring recompiles the rules, keeping the parsed
 * expression, the window state and the hysteresis of every rule whose `when` is unchanged.
 */
import type { BaselineProfile } from './baseline.js';
import { compileRule } from './compiled-rule.js';
import type { CompiledRule } from './compiled-rule.js';
import type { ResolvedOptions } from './engine-options.js';
import { ExtractionDetector } from './extraction/extraction-detector.js';
import { featureScale } from './extraction/feature-scale.js';
import type { RuleSettings } from './ports.js';
import { Series } from './series.js';
import type { PlanContext } from './tracker-plan.js';
import { LruMap } from './windows/lru.js';

/** What `configure` did to one model's rules. */
export interface RuleChanges {
  readonly added: string[];
  /** The expression changed: its state was reset. */
  readonly changed: string[];
  /** Only knobs (window, threshold, minEvents, holdFor, dryRun…) changed: state kept. */
  readonly knobs: string[];
  readonly removed: string[];
  readonly errors: { readonly rule: string; readonly error: Error }[];
}

/**
 * One model's rules, series and extraction detector.
 *
 * @example
 * const m = new ModelState('fraud', resolveOptions({ clock }));
 * m.configure(rules); m.series('v2', () => baseline).ingest(event, sec, t);
 */
export class ModelState {
  readonly name: string;
  seriesRules: CompiledRule[] = [];
  keyRules: CompiledRule[] = [];
  readonly versions: LruMap<string, Series>;
  extraction: ExtractionDetector | undefined;
  /** The series of the previous event (consecutive events usually share it). */
  last: Series | undefined;
  readonly #o: ResolvedOptions;

  constructor(name: string, options: ResolvedOptions) {
    this.name = name;
    this.#o = options;
    this.versions = new LruMap(options.maxVersionsPerModel, (_, s) => {
      if (this.last === s) this.last = undefined;
    });
  }

  /** Compiles `settings` (this model's rules, config order), keeping what it can. */
  configure(settings: readonly RuleSettings[]): RuleChanges {
    const previous = new Map([...this.seriesRules, ...this.keyRules].map((r) => [r.settings.id, r]));
    const changes: RuleChanges = { added: [], changed: [], knobs: [], removed: [], errors: [] };
    const compiled: CompiledRule[] = [];
    for (const s of settings) {
      const prev = previous.get(s.id);
      previous.delete(s.id);
      try {
        const rule = compileRule(s, prev);
        compiled.push(rule);
        if (prev === undefined) changes.added.push(s.id);
        else if (prev.expression !== rule.expression) changes.changed.push(s.id);
        else if (prev.settings !== s) changes.knobs.push(s.id);
      } catch (err) {
        changes.errors.push({ rule: s.id, error: err as Error });
        if (prev !== undefined) compiled.push(prev); // the previous version stays in force
      }
    }
    changes.removed.push(...previous.keys());
    this.seriesRules = compiled.filter((r) => r.expression.scope === 'series');
    this.keyRules = compiled.filter((r) => r.expression.scope === 'key');
    if (this.keyRules.length === 0) this.extraction = undefined;
    else this.extraction ??= this.#newExtraction();
    for (const s of this.versions.values()) s.bind(this.seriesRules, this.planContext(s.baseline), s.bindingsById());
    return changes;
  }

  #newExtraction(): ExtractionDetector {
    const o = this.#o;
    const x = new ExtractionDetector({ maxKeys: o.maxKeysPerModel, samples: o.sampleRequestIds, classSignal: o.classSignal, maxDim: 64, prada: o.prada, patterns: o.patterns });
    for (const s of this.versions.values()) x.scale ??= featureScale(s.baseline?.features);
    return x;
  }

  /** The context trackers are planned in for a series with `baseline`. */
  planContext(baseline: BaselineProfile | undefined): PlanContext {
    const o = this.#o;
    return { baseline, featureNames: o.featureNames[this.name], logScale: o.logScale, entropyMaxEvents: o.entropyMaxEvents, fingerprintBucketsPerDecade: o.fingerprintBucketsPerDecade, samples: o.sampleRequestIds };
  }

  /** The series of `version`, created (and bound) on first use. */
  series(version: string, baseline: () => BaselineProfile | undefined): Series {
    let s = this.versions.get(version);
    if (s === undefined) {
      const b = baseline();
      s = new Series(this.name, version, b, this.#o.sampleRequestIds);
      s.bind(this.seriesRules, this.planContext(b), new Map());
      this.versions.set(version, s);
      if (this.extraction !== undefined) this.extraction.scale ??= featureScale(b?.features);
    }
    this.last = s;
    return s;
  }

  /** Installs a new baseline on the version's series (rebinding baseline-derived trackers). */
  setBaseline(profile: BaselineProfile): void {
    const s = this.versions.peek(profile.version);
    if (s !== undefined) {
      s.baseline = profile;
      s.reportedNoBaseline = false;
      s.dropBaselineTrackers();
      s.bind(this.seriesRules, this.planContext(profile), s.bindingsById());
    }
    if (this.extraction !== undefined && profile.features !== undefined) this.extraction.scale = featureScale(profile.features);
  }
}
