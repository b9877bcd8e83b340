/**
 * @module detect/fixtures.contract
 * Test fixtures of the detection engine (not built into dist): rule settings with
 * defaults, event builders, seeded recorded streams (benign traffic at a detector's own
 * false-positive rate, surges, checkouts as feature vectors) and a replay driver that moves
 * a manual clock to each event's time.
 */
import { ManualClock } from '../shared/clock.js';
import { createRng } from '../models/train/rng.js';
import type { Anomaly } from './anomaly.js';
import type { DetectionEngine } from './engine.js';
import type { DetectEvent, RuleSettings } from './ports.js';

/** A rule with the config's defaults (60 s window, minEvents 50, …). */
export function rule(partial: Partial<RuleSettings> & Pick<RuleSettings, 'id' | 'when'>): RuleSettings {
  return {
    model: 'm',
    windowMs: 60_000,
    minEvents: 50,
    holdForMs: 0,
    threshold: undefined,
    severity: 'ticket',
    action: 'alert',
    strategy: 'canary',
    dryRun: false,
    consecutiveErrorLimit: 3,
    ...partial,
  };
}

/** One event. */
export function event(init: { t: number; id?: string; model?: string; version?: string; key?: string; signals?: Record<string, number | boolean>; features?: readonly number[] }): DetectEvent {
  return {
    requestId: init.id ?? `r${init.t}`,
    model: init.model ?? 'm',
    version: init.version ?? 'v1',
    ...(init.key === undefined ? {} : { apiKeyId: init.key }),
    timings: { receivedAt: init.t },
    signals: init.signals ?? {},
    ...(init.features === undefined ? {} : { features: init.features }),
  };
}

/** Options of {@link flagStream}. */
export interface FlagStreamOptions {
  readonly seed: number;
  readonly n: number;
  /** Events per second (spread evenly). */
  readonly perSecond: number;
  readonly startMs: number;
  readonly signal: string;
  /** P(signal = true) per event. */
  readonly rate: number;
  readonly model?: string;
  readonly version?: string;
  /** Keys the events are spread over (round robin). */
  readonly keys?: readonly string[];
  readonly idPrefix?: string;
}

/** A stream whose boolean signal is true with probability `rate` (a detector at its false-positive rate). */
export function flagStream(o: FlagStreamOptions): DetectEvent[] {
  const rng = createRng(o.seed);
  const step = 1000 / o.perSecond;
  return Array.from({ length: o.n }, (_, i) =>
    event({
      t: o.startMs + Math.floor(i * step),
      id: `${o.idPrefix ?? 'r'}${i}`,
      ...(o.model === undefined ? {} : { model: o.model }),
      ...(o.version === undefined ? {} : { version: o.version }),
      ...(o.keys === undefined ? {} : { key: o.keys[i % o.keys.length] as string }),
      signals: { [o.signal]: rng.next() < o.rate, error: false },
    }),
  );
}

/** Events carrying feature vectors, evenly spread from `startMs`. */
export function featureStream(rows: readonly (readonly number[])[], o: { startMs: number; perSecond: number; model?: string; version?: string; key?: string; idPrefix?: string; signals?: (i: number) => Record<string, number | boolean> }): DetectEvent[] {
  const step = 1000 / o.perSecond;
  return rows.map((features, i) =>
    event({
      t: o.startMs + Math.floor(i * step),
      id: `${o.idPrefix ?? 'f'}${i}`,
      ...(o.model === undefined ? {} : { model: o.model }),
      ...(o.version === undefined ? {} : { version: o.version }),
      ...(o.key === undefined ? {} : { key: o.key }),
      features,
      signals: o.signals?.(i) ?? {},
    }),
  );
}

/** Merges streams by time (stable). */
export function mergeByTime(...streams: DetectEvent[][]): DetectEvent[] {
  return streams.flat().sort((a, b) => a.timings.receivedAt - b.timings.receivedAt);
}

/**
 * Replays `events` into `engine`, setting `clock` to each event's arrival time first; returns
 * the anomalies emitted during the replay.
 */
export function replay(engine: DetectionEngine, clock: ManualClock, events: readonly DetectEvent[]): Anomaly[] {
  const out: Anomaly[] = [];
  const stop = engine.onAnomaly((a) => out.push(a));
  for (const e of events) {
    if (e.timings.receivedAt > clock.now()) clock.set(e.timings.receivedAt);
    engine.ingest(e);
  }
  stop();
  return out;
}

export { ManualClock };
