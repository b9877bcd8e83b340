/**
 * @module detect/compiled-rule
 * A rule as the engine runs it: its settings (knobs applied), its expression parsed and
 * checked once, and its window in buckets. Recompiling on hot reload reuses the parsed
 * expression when only knobs changed, so window state and hysteresis survive.
 */
import { DETECT_DEFAULTS } from './defaults.js';
import { detectErrors } from './errors.js';
import type { RuleSettings } from './ports.js';
import { compileExpression } from './rules/analyze.js';
import type { CompiledExpression } from './rules/analyze.js';

export interface CompiledRule {
  readonly settings: RuleSettings;
  readonly expression: CompiledExpression;
  /** One-second buckets of the window: ⌈windowMs / 1 s⌉ + 1 (the current, partial one included). */
  readonly buckets: number;
}

/**
 * Compiles `settings`, reusing `previous.expression` when the text is unchanged. Throws the
 * DET error of a bad expression, or DET_ERR_BAD_OPTION for a window outside 1 s … 1 h.
 *
 * @example
 * compileRule({ ...settings, when: 'rate(error) > 0.05' }).buckets; // 61 for a 60 s window
 */
export function compileRule(settings: RuleSettings, previous?: CompiledRule): CompiledRule {
  const { windowMs } = settings;
  if (!(windowMs >= DETECT_DEFAULTS.bucketMs && windowMs <= DETECT_DEFAULTS.maxWindowMs)) {
    throw detectErrors.error('DET_ERR_BAD_OPTION', `rule "${settings.id}": window must be between 1s and 1h, got ${windowMs} ms`, { rule: settings.id, option: 'window', value: windowMs });
  }
  const reuse = previous !== undefined && previous.settings.when === settings.when;
  const expression = reuse ? previous.expression : compileExpression(settings.when, settings.id, settings.threshold);
  if (reuse && expression.usesThreshold && settings.threshold === undefined) compileExpression(settings.when, settings.id, settings.threshold);
  return Object.freeze({ settings, expression, buckets: Math.ceil(windowMs / DETECT_DEFAULTS.bucketMs) + 1 });
}
