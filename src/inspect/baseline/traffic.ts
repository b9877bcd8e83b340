/**
 * @module inspect/baseline/traffic
 * Reads recorded traffic: one RequestEvent (gateway/events/request-event.ts) per JSON line.
 * A line must be an object with `signals` (an object) and `timings.receivedAt` (ms since the
 * epoch); `model`, `version` and `features` are read when present. Signal values other than
 * finite numbers and booleans are ignored. Pure: the CLI reads the file.
 */
import { inspectErrors } from '../errors.js';
import type { TrafficEvent } from './build.js';

/** A traffic line, with the model and version it names. */
export interface RecordedEvent extends TrafficEvent {
  readonly model?: string | undefined;
  readonly version?: string | undefined;
}

function bad(source: string, line: number, problem: string): Error {
  return inspectErrors.error('INS_ERR_BASELINE_INPUT', `${source}: line ${line} ${problem}`, { source, line });
}

/**
 * Validates one parsed line.
 *
 * @example
 * parseTrafficEvent({ timings: { receivedAt: 1, totalMs: 3 }, signals: { latency_ms: 3 } }, 1, 'traffic.jsonl').signals; // { latency_ms: 3 }
 */
export function parseTrafficEvent(value: unknown, line: number, source: string): RecordedEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad(source, line, 'is not a JSON object');
  const v = value as { signals?: unknown; timings?: { receivedAt?: unknown }; features?: unknown; model?: unknown; version?: unknown };
  if (v.signals === null || typeof v.signals !== 'object' || Array.isArray(v.signals)) throw bad(source, line, 'has no "signals" object (is it a RequestEvent?)');
  const receivedAt = v.timings?.receivedAt;
  if (typeof receivedAt !== 'number' || !Number.isFinite(receivedAt)) throw bad(source, line, 'has no numeric "timings.receivedAt"');
  const signals: Record<string, number | boolean> = {};
  for (const [name, s] of Object.entries(v.signals as Record<string, unknown>)) {
    if (typeof s === 'boolean' || (typeof s === 'number' && Number.isFinite(s))) signals[name] = s;
  }
  let features: number[] | undefined;
  if (v.features !== undefined) {
    if (!Array.isArray(v.features) || !v.features.every((x) => typeof x === 'number' && Number.isFinite(x))) throw bad(source, line, 'has "features" that are not an array of finite numbers');
    features = v.features as number[];
  }
  return {
    receivedAt,
    signals,
    ...(features === undefined ? {} : { features }),
    ...(typeof v.model === 'string' ? { model: v.model } : {}),
    ...(typeof v.version === 'string' ? { version: v.version } : {}),
  };
}

/**
 * The events of one model version: those naming it, and those naming no model or version.
 *
 * @example
 * selectEvents(events, 'fraud', 'v2').length;
 */
export function selectEvents(events: readonly RecordedEvent[], model: string, version: string): RecordedEvent[] {
  return events.filter((e) => (e.model === undefined || e.model === model) && (e.version === undefined || e.version === version));
}
