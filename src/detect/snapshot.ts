/**
 * @module detect/snapshot
 * The engine's state as plain JSON, for a restart: per model version, each window's
 * non-empty one-second buckets (keyed by the tracker they belong to) and each rule's
 * hysteresis state. Per-key extraction state is not saved (keys re-learn within a few
 * hundred queries). A saved state is validated before use (DET_ERR_BAD_STATE).
 */
import { detectErrors } from './errors.js';
import type { RuleState } from './rules/hysteresis.js';
import type { RingState } from './windows/bucket-ring.js';

/**
 * The format tag of a saved engine state.
 *
 * @example
 * engine.toJSON().format === SNAPSHOT_FORMAT; // true
 */
export const SNAPSHOT_FORMAT = 'bulwark.detect/v1';

/** One model version's windows and rule states. */
export interface SeriesState {
  readonly model: string;
  readonly version: string;
  readonly firstMs: number;
  /** Ring state by tracker plan id (`scalar|signal:x@61`). */
  readonly trackers: Readonly<Record<string, RingState>>;
  readonly rules: Readonly<Record<string, RuleState>>;
}

/**
 * @example
 * const saved = JSON.stringify(engine.toJSON());
 * later.restore(JSON.parse(saved));
 */
export interface EngineState {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly series: readonly SeriesState[];
}

function bad(detail: string): Error {
  return detectErrors.error('DET_ERR_BAD_STATE', `saved detection state: ${detail}`, { detail });
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkRing(where: string, ring: unknown): void {
  if (!isObject(ring) || !finite(ring['head']) || !Array.isArray(ring['buckets'])) throw bad(`${where} is not a ring state`);
  for (const b of ring['buckets'] as unknown[]) {
    if (!isObject(b) || !finite(b['sec']) || !finite(b['firstMs']) || !Array.isArray(b['data']) || !(b['data'] as unknown[]).every(finite)) throw bad(`${where} has a malformed bucket`);
  }
}

function checkRule(where: string, rule: unknown): void {
  const phases = ['idle', 'holding', 'firing'];
  if (!isObject(rule) || !phases.includes(rule['phase'] as string) || !finite(rule['streak']) || !finite(rule['clearStreak']) || !finite(rule['errors']) || typeof rule['errorsFired'] !== 'boolean') {
    throw bad(`${where} is not a rule state`);
  }
  if (rule['holdSince'] !== undefined && rule['holdSince'] !== null && !finite(rule['holdSince'])) throw bad(`${where}.holdSince is not a time`);
}

/**
 * Checks a value read back from storage; returns it typed, or throws DET_ERR_BAD_STATE.
 *
 * @example
 * const state = checkEngineState(JSON.parse(text));
 */
export function checkEngineState(value: unknown): EngineState {
  if (!isObject(value) || value['format'] !== SNAPSHOT_FORMAT) throw bad(`format must be "${SNAPSHOT_FORMAT}"`);
  if (!Array.isArray(value['series'])) throw bad('series must be an array');
  (value['series'] as unknown[]).forEach((s, i) => {
    if (!isObject(s) || typeof s['model'] !== 'string' || typeof s['version'] !== 'string' || !isObject(s['trackers']) || !isObject(s['rules'])) throw bad(`series[${i}] is malformed`);
    for (const [id, ring] of Object.entries(s['trackers'] as Record<string, unknown>)) checkRing(`series[${i}].trackers["${id}"]`, ring);
    for (const [id, rule] of Object.entries(s['rules'] as Record<string, unknown>)) checkRule(`series[${i}].rules["${id}"]`, rule);
  });
  return value as unknown as EngineState;
}
