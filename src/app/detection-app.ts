/**
 * @module app/detection-app
 * Closes the loop in a running gateway: the detection engine subscribes to the gateway's
 * event bus, judges each model version against its registered baseline, and hands every
 * anomaly to the rollback orchestrator (when one runs). Rules come from the config and
 * their knobs from the knobs source (file watch): a knob change re-configures the engine
 * without losing window state, and is written to the audit log.
 */
import type { BulwarkConfig, Knobs, KnobsSource } from '../config/index.js';
import { EMPTY_KNOBS, FileKnobsSource, effectiveRules, knobsFilePath } from '../config/index.js';
import { DetectionEngine, toAnomalyRef } from '../detect/index.js';
import type { Anomaly, BaselineProfile } from '../detect/index.js';
import type { EventBus, RequestEvent, Timers } from '../gateway/index.js';
import type { RollbackOrchestrator } from '../rollback/index.js';
import type { AuditSink, DocumentStore, RegistryStore } from '../registry/index.js';
import type { Clock } from '../shared/clock.js';
import { auditKnobChanges } from './knobs-audit.js';
import { latestBaseline } from './inspector-resources.js';

export interface DetectionAppDeps {
  readonly configPath: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly events: EventBus<RequestEvent>;
  readonly registry: RegistryStore;
  readonly documents: DocumentStore;
  readonly audit: AuditSink;
  readonly rollback: RollbackOrchestrator | undefined;
  readonly log: (line: string) => void;
  readonly onError: (error: Error) => void;
  /** How often the engine re-evaluates windows without new events, ms. Default 250. */
  readonly tickMs?: number;
  /** Applies anomalies with `action: contain` (app/containment-app). */
  readonly contain?: (anomaly: Anomaly) => Promise<void>;
}

/** The running detection side of a gateway. */
export interface RunningDetection {
  readonly engine: DetectionEngine;
  /** Re-reads rules and baselines for a reloaded config. */
  reconfigure(config: BulwarkConfig): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts detection for `config`; returns undefined when no model declares a rule.
 *
 * @example
 * const detection = await startDetection(config, { configPath, env, clock, timers, events: gateway.events, registry, documents, audit, rollback, log, onError });
 */
export async function startDetection(config: BulwarkConfig, deps: DetectionAppDeps): Promise<RunningDetection | undefined> {
  if (!Object.values(config.models).some((m) => m.rules.length > 0)) return undefined;
  const baselines = new Map<string, BaselineProfile>();
  const engine = new DetectionEngine({ clock: deps.clock, baselines: (model, version) => baselines.get(`${model}/${version}`), onError: deps.onError });
  let current = config;
  const knobs = await startKnobs(config, deps);
  const apply = (cfg: BulwarkConfig, k: Knobs): void => void engine.configure(effectiveRules(cfg, k));
  await loadBaselines(config, deps, baselines);
  apply(config, knobs?.source.current() ?? EMPTY_KNOBS);
  const offKnobs = knobs?.source.subscribe((next) => apply(current, next));
  engine.onAnomaly((a) => forward(a, deps));
  const offEvents = deps.events.subscribe((event) => engine.ingest(event), { name: 'detection', queue: 100_000 });
  const tickMs = deps.tickMs ?? 250;
  let timer: unknown;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    try {
      engine.tick();
    } catch (err) {
      deps.onError(err instanceof Error ? err : new Error(String(err)));
    }
    timer = deps.timers.setTimeout(tick, tickMs);
  };
  timer = deps.timers.setTimeout(tick, tickMs);
  return {
    engine,
    async reconfigure(next) {
      current = next;
      await loadBaselines(next, deps, baselines);
      apply(next, knobs?.source.current() ?? EMPTY_KNOBS);
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      deps.timers.clearTimeout(timer);
      offEvents();
      offKnobs?.();
      await knobs?.stopAudit();
      await knobs?.source.shutdown();
    },
  };
}

function forward(anomaly: Anomaly, deps: DetectionAppDeps): void {
  deps.log(`anomaly ${anomaly.model} ${anomaly.version} rule ${anomaly.rule} (${anomaly.severity}, ${anomaly.action}${anomaly.dryRun ? ', dry run' : ''})`);
  if (anomaly.action === 'contain') deps.contain?.(anomaly).catch((err: unknown) => deps.onError(err instanceof Error ? err : new Error(String(err))));
  if (deps.rollback === undefined) return;
  deps.rollback
    .onAnomaly({ ...toAnomalyRef(anomaly), model: anomaly.model, detectedAt: anomaly.detectedAt, sampleRequestIds: anomaly.sampleRequestIds, evidence: { observed: anomaly.observed, expected: anomaly.expected, window: anomaly.window } })
    .catch((err: unknown) => deps.onError(err instanceof Error ? err : new Error(String(err))));
}

async function startKnobs(config: BulwarkConfig, deps: DetectionAppDeps): Promise<{ source: KnobsSource; stopAudit: () => Promise<void> } | undefined> {
  const file = knobsFilePath(deps.configPath, config.knobs);
  if (file === undefined) return undefined;
  const source = new FileKnobsSource({ file, env: deps.env, onError: deps.onError });
  await source.start();
  const stopAudit = auditKnobChanges(source, deps.audit, { actor: `knobs:file:${file}`, onError: deps.onError });
  return { source, stopAudit };
}

async function loadBaselines(config: BulwarkConfig, deps: DetectionAppDeps, into: Map<string, BaselineProfile>): Promise<void> {
  for (const [model, m] of Object.entries(config.models)) {
    if (m.rules.length === 0) continue;
    for (const version of Object.keys(m.versions)) {
      try {
        const profile = await latestBaseline({ registry: deps.registry, documents: deps.documents, cwd: '.', timers: deps.timers, onError: deps.onError }, model, version);
        if (profile !== undefined) into.set(`${model}/${version}`, profile as BaselineProfile);
      } catch (err) {
        deps.onError(new Error(`detection for ${model} ${version} runs without a baseline: ${(err as Error).message}`, { cause: err }));
      }
    }
  }
}
