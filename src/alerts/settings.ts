/**
 * @module alerts/settings
 * The policy's settings in milliseconds (app/ builds them from `alerts:` in bulwark.yaml),
 * which classes each sink receives, and the checks for settings built in code.
 */
import { alertErrors } from './errors.js';
import type { SuppressRule } from './suppression.js';
import type { AlertClass } from './types.js';

/** A sink as the policy routes to it. */
export interface SinkRoute {
  readonly id: string;
  readonly accepts: readonly AlertClass[];
}

/** At most `max` notifications per sink per `windowMs`; the rest go into one summary. */
export interface RateCap {
  readonly max: number;
  readonly windowMs: number;
}

/**
 * Settings of the pure alert policy.
 *
 * @example
 * const settings = checkPolicySettings({ dedupeWindowMs: 600_000, groupWindowMs: 60_000, rateCap: { max: 20, windowMs: 900_000 },
 *   suppress: [], sinks: [{ id: 'log', accepts: ['page', 'ticket', 'info'] }] });
 */
export interface AlertPolicySettings {
  /** Identical alerts within this window are one alert (count incremented). */
  readonly dedupeWindowMs: number;
  /** Alerts of one group after the first are collected this long, then sent as one. 0: no grouping. */
  readonly groupWindowMs: number;
  /** Per-sink cap; null: none. */
  readonly rateCap: RateCap | null;
  readonly suppress: readonly SuppressRule[];
  readonly sinks: readonly SinkRoute[];
  /** Prefix of runbook links (`<base>/<id>.md`); the repository path when absent. */
  readonly runbookBaseUrl?: string;
}

/**
 * The classes a sink of `kind` receives for its `for` setting. `info` (soft signals) only
 * ever goes to log sinks, and not to one set to `page`.
 *
 * @example
 * sinkAccepts('slack', 'all'); // ['page', 'ticket']
 * sinkAccepts('log', 'all');   // ['page', 'ticket', 'info']
 */
export function sinkAccepts(kind: string, target: 'page' | 'ticket' | 'all'): AlertClass[] {
  const classes: AlertClass[] = target === 'all' ? ['page', 'ticket'] : [target];
  if (kind === 'log' && target !== 'page') classes.push('info');
  return classes;
}

/**
 * Returns `settings` when valid.
 *
 * @throws ALR_ERR_BAD_SETTINGS naming the field (a negative window, a cap below 1, duplicate sink ids).
 */
export function checkPolicySettings(settings: AlertPolicySettings): AlertPolicySettings {
  const bad = (field: string, message: string): never => {
    throw alertErrors.error('ALR_ERR_BAD_SETTINGS', `alert settings: ${field} ${message}`, { field });
  };
  if (!(settings.dedupeWindowMs >= 0)) bad('dedupeWindowMs', `must be >= 0, got ${settings.dedupeWindowMs}`);
  if (!(settings.groupWindowMs >= 0)) bad('groupWindowMs', `must be >= 0, got ${settings.groupWindowMs}`);
  if (settings.rateCap !== null) {
    if (!Number.isInteger(settings.rateCap.max) || settings.rateCap.max < 1) bad('rateCap.max', `must be an integer >= 1, got ${settings.rateCap.max}`);
    if (!(settings.rateCap.windowMs > 0)) bad('rateCap.windowMs', `must be > 0, got ${settings.rateCap.windowMs}`);
  }
  const ids = new Set<string>();
  settings.sinks.forEach((sink, index) => {
    if (ids.has(sink.id)) bad(`sinks[${index}].id`, `"${sink.id}" is used twice`);
    ids.add(sink.id);
  });
  return settings;
}
