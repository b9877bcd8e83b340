/**
 * @module config/duration
 * Durations as people write them in YAML (`500ms`, `10s`, `5m`, `1h30m`, `7d`) and their
 * value in milliseconds. The schema keeps the string (so `config show` round-trips);
 * consumers read milliseconds through `parseDurationMs` or the effective-rule accessors.
 */
import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** One or more `<integer><unit>` groups, unit one of ms, s, m, h, d. */
export const DURATION_PATTERN = /^(?:\d+(?:ms|s|m|h|d))+$/;

const PART = /(\d+)(ms|s|m|h|d)/g;

/**
 * Milliseconds in `text`, or `undefined` when it is not a duration.
 *
 * @example
 * parseDurationMs('1m30s'); // 90000
 * parseDurationMs('10');    // undefined (a unit is required)
 */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(PART)) {
    const unit = match[2] as keyof typeof UNIT_MS;
    total += Number(match[1]) * UNIT_MS[unit];
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * Like `parseDurationMs` but throws a RangeError naming the bad text; for values that
 * already passed the schema.
 *
 * @example
 * durationMs('10s'); // 10000
 */
export function durationMs(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new RangeError(`not a duration: ${JSON.stringify(text)} (expected e.g. 500ms, 10s, 5m, 1h)`);
  return ms;
}

/**
 * A zod schema for a duration string; `positive` rejects zero (a window of `0s`).
 *
 * @example
 * durationSchema({ positive: true }).parse('10s'); // '10s'
 */
export function durationSchema(options: { positive?: boolean } = {}): z.ZodString {
  let schema = z
    .string({ error: (issue) => (issue.input === undefined ? undefined : `expected a duration with a unit, such as 10s (got ${typeof issue.input})`) })
    .regex(DURATION_PATTERN, { message: 'expected a duration such as 500ms, 10s, 5m, 1h or 1h30m' });
  if (options.positive) {
    schema = schema.refine((text) => (parseDurationMs(text) ?? 1) > 0, { message: 'must be longer than 0' });
  }
  return schema.describe('a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m)');
}
