/**
 * @module breaker/settings
 * The breaker's settings with their defaults, validated once.
 */
import { breakerErrors } from './errors.js';
import type { Severity, Strategy } from './types.js';

export interface BreakerSettings {
  /** Strategy when the anomaly does not name one. Default: immediate for `page`, canary otherwise. */
  readonly strategyBySeverity: Readonly<Record<Severity, Strategy>>;
  /** Percent of traffic on the LKG at each canary rollback step; ends at 100. Default [5, 100]. */
  readonly canarySteps: readonly number[];
  /** Percent of traffic on the approved version at each roll-forward step; ends at 100. Default [5, 25, 100]. */
  readonly forwardSteps: readonly number[];
  /** At most `maxRollbacks` rollbacks within `windowMs`; the next anomaly freezes instead. Default 2 per hour. */
  readonly loopGuard: { readonly maxRollbacks: number; readonly windowMs: number };
}

export const BREAKER_DEFAULTS: BreakerSettings = Object.freeze({
  strategyBySeverity: Object.freeze({ page: 'immediate', ticket: 'canary', soft: 'canary' }),
  canarySteps: Object.freeze([5, 100]),
  forwardSteps: Object.freeze([5, 25, 100]),
  loopGuard: Object.freeze({ maxRollbacks: 2, windowMs: 60 * 60_000 }),
});

/**
 * Fills defaults and validates.
 *
 * @example
 * breakerSettings({ canarySteps: [10, 50, 100] });
 */
export function breakerSettings(partial: Partial<BreakerSettings> = {}): BreakerSettings {
  const settings: BreakerSettings = { ...BREAKER_DEFAULTS, ...partial };
  checkSteps('canarySteps', settings.canarySteps);
  checkSteps('forwardSteps', settings.forwardSteps);
  const { maxRollbacks, windowMs } = settings.loopGuard;
  if (!Number.isInteger(maxRollbacks) || maxRollbacks < 1) throw breakerErrors.error('BRK_ERR_BAD_CONFIG', `loopGuard.maxRollbacks must be an integer >= 1, got ${maxRollbacks}`, { field: 'loopGuard.maxRollbacks' });
  if (!(windowMs > 0)) throw breakerErrors.error('BRK_ERR_BAD_CONFIG', `loopGuard window must be > 0 ms, got ${windowMs}`, { field: 'loopGuard.windowMs' });
  return settings;
}

function checkSteps(field: string, steps: readonly number[]): void {
  const ok = steps.length > 0 && steps.every((s, i) => s > 0 && s <= 100 && (i === 0 || s > (steps[i - 1] ?? 0))) && steps.at(-1) === 100;
  if (!ok) throw breakerErrors.error('BRK_ERR_BAD_CONFIG', `${field} must increase strictly within (0, 100] and end at 100, got [${steps.join(', ')}]`, { field });
}
