/**
 * @module detect/series
 * The window state of one model version: the trackers its rules need (shared between rules
 * that need the same statistic over the same window), a sample of recent request ids, the
 * API keys recently seen (bounded), and each rule's binding and runtime. Rebinding after a
 * hot reload keeps every tracker whose statistic and window are unchanged, resizes those
 * whose window changed (keeping the newest buckets) and drops the rest.
 */
import type { BaselineProfile } from './baseline.js';
import type { CompiledRule } from './compiled-rule.js';
import type { DetectEvent } from './ports.js';
import { newRuntime } from './rule-runtime.js';
import type { RuleState } from './rules/hysteresis.js';
import type { SeriesState } from './snapshot.js';
import type { RingState } from './windows/bucket-ring.js';
import type { RuleRuntime } from './rule-runtime.js';
import { planTracker } from './tracker-plan.js';
import type { PlanContext } from './tracker-plan.js';
import { LruMap } from './windows/lru.js';
import { SampleRing } from './windows/sample-ring.js';
import type { Tracker } from './windows/trackers.js';

/** A rule bound to this series: its trackers by statistic index and its runtime. */
export interface Binding {
  readonly rule: CompiledRule;
  readonly trackers: readonly (Tracker | undefined)[];
  readonly runtime: RuleRuntime;
}

interface Entry {
  readonly family: string;
  readonly tracker: Tracker;
}

const RECENT_KEYS = 256;

/**
 * @example
 * const s = new Series('fraud', 'v2', baseline, 16);
 * s.bind(rules, ctx); s.ingest(event, sec, t);
 */
export class Series {
  readonly model: string;
  readonly version: string;
  baseline: BaselineProfile | undefined;
  bindings: Binding[] = [];
  /** Trackers in ingest order (the hot loop). */
  trackers: Tracker[] = [];
  readonly recent: SampleRing;
  /** API keys recently seen and when (bounded; for containment). */
  readonly keys = new LruMap<string, number>(RECENT_KEYS);
  events = 0;
  /** Time of the first event seen (size-dependent statistics wait one window after it). */
  firstMs = Number.POSITIVE_INFINITY;
  /** Set once DET_ERR_NO_BASELINE was reported for this series. */
  reportedNoBaseline = false;
  #entries = new Map<string, Entry>();

  constructor(model: string, version: string, baseline: BaselineProfile | undefined, samples: number) {
    this.model = model;
    this.version = version;
    this.baseline = baseline;
    this.recent = new SampleRing(samples * 4);
  }

  /** Feeds one event to every tracker. */
  ingest(event: DetectEvent, sec: number, t: number): void {
    this.events++;
    if (t < this.firstMs) this.firstMs = t;
    const trackers = this.trackers;
    for (let i = 0; i < trackers.length; i++) (trackers[i] as Tracker).ingest(event, sec, t);
    this.recent.push(event.requestId, event.apiKeyId, t);
    const key = event.apiKeyId;
    if (key === undefined) return;
    // Reordering the LRU costs a delete and a set: do it at most once per second per key.
    const seen = this.keys.peek(key);
    if (seen === undefined || t - seen > 1000) this.keys.set(key, t);
    else if (t > seen) this.keys.update(key, t);
  }

  /**
   * Binds `rules`, keeping the runtimes of rules whose expression is unchanged (`previous`,
   * by rule id), the trackers whose plan is unchanged, and resizing those whose window
   * changed.
   */
  bind(rules: readonly CompiledRule[], ctx: PlanContext, previous: ReadonlyMap<string, Binding>): void {
    const old = this.#entries;
    const byFamily = new Map<string, Entry>();
    for (const e of old.values()) if (!byFamily.has(e.family)) byFamily.set(e.family, e);
    const next = new Map<string, Entry>();
    const get = (rule: CompiledRule, index: number): Tracker | undefined => {
      const node = rule.expression.calls[index];
      const plan = node === undefined ? undefined : planTracker(node, rule.buckets, ctx);
      if (plan === undefined) return undefined;
      let entry = next.get(plan.id) ?? old.get(plan.id);
      if (entry === undefined) {
        const sibling = byFamily.get(plan.family);
        entry = { family: plan.family, tracker: sibling === undefined ? plan.create() : sibling.tracker.resized(rule.buckets) };
      }
      next.set(plan.id, entry);
      return entry.tracker;
    };
    this.bindings = rules.map((rule) => {
      const prior = previous.get(rule.settings.id);
      const keep = prior !== undefined && prior.rule.expression === rule.expression;
      return { rule, trackers: rule.expression.calls.map((_, i) => get(rule, i)), runtime: keep ? prior.runtime : newRuntime() };
    });
    this.#entries = next;
    this.trackers = [...next.values()].map((e) => e.tracker);
  }

  /** Bindings by rule id (for rebinding). */
  bindingsById(): Map<string, Binding> {
    return new Map(this.bindings.map((b) => [b.rule.settings.id, b]));
  }

  /** Windows and rule states as plain data. */
  toJSON(): SeriesState {
    const trackers: Record<string, RingState> = {};
    for (const [id, e] of this.#entries) trackers[id] = e.tracker.ring.toJSON();
    const rules: Record<string, RuleState> = {};
    for (const b of this.bindings) rules[b.rule.settings.id] = b.runtime.state;
    return { model: this.model, version: this.version, firstMs: Number.isFinite(this.firstMs) ? this.firstMs : -1, trackers, rules };
  }

  /** Loads saved windows and rule states into this (fresh) series; unknown trackers and rules are skipped. */
  load(state: SeriesState): void {
    if (state.firstMs >= 0) this.firstMs = Math.min(this.firstMs, state.firstMs);
    for (const [id, e] of this.#entries) {
      const ring = state.trackers[id];
      if (ring !== undefined) e.tracker.ring.load(ring);
    }
    for (const b of this.bindings) {
      const rule = state.rules[b.rule.settings.id];
      if (rule !== undefined) b.runtime.state = { ...rule, holdSince: rule.holdSince ?? undefined };
    }
  }

  /** Forgets trackers whose bins came from a baseline (before rebinding with a new one). */
  dropBaselineTrackers(): void {
    for (const [id, e] of this.#entries) if (e.tracker.kind === 'binned') this.#entries.delete(id);
  }
}
