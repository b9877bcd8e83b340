/**
 * @module breaker/restore
 * Restores a persisted breaker state (write-ahead log, crash recovery), validating every
 * field: a corrupt record is BRK_ERR_CORRUPT_STATE, never a half-restored breaker.
 */
import { z } from 'zod';
import { breakerErrors } from './errors.js';
import type { BreakerState } from './types.js';

const severity = z.enum(['page', 'ticket', 'soft']);
const strategy = z.enum(['immediate', 'canary']);
const anomaly = z.strictObject({
  id: z.string().min(1),
  rule: z.string().min(1),
  version: z.string().min(1),
  severity,
  action: z.enum(['rollback', 'alert', 'contain']),
  onset: z.number(),
  strategy: strategy.optional(),
  apiKeys: z.array(z.string()).optional(),
});
const base = { model: z.string().min(1), lkg: z.string().min(1), rollbacks: z.array(z.number()), since: z.number() };
const steps = z.array(z.number().gt(0).max(100)).min(1);

const stateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('steady'), ...base, active: z.string().min(1) }),
  z.strictObject({ kind: z.literal('rolling_back'), ...base, suspect: z.string().min(1), anomaly, steps, stepIndex: z.int().min(0) }),
  z.strictObject({ kind: z.literal('rolled_back'), ...base, suspect: z.string().min(1), anomaly }),
  z.strictObject({
    kind: z.literal('rolling_forward'),
    ...base,
    target: z.string().min(1),
    approval: z.strictObject({ actor: z.string().min(1), reason: z.string().min(1), at: z.number() }),
    steps,
    stepIndex: z.int().min(0),
  }),
  z.strictObject({
    kind: z.literal('frozen'),
    ...base,
    reason: z.enum(['loop_guard', 'lkg_anomalous', 'lkg_unhealthy']),
    lkgPercent: z.number().min(0).max(100),
    other: z.string().min(1),
    anomaly: anomaly.optional(),
  }),
]);

/**
 * Parses a persisted state (the JSON of a BreakerState).
 *
 * @example
 * restoreState(JSON.parse(JSON.stringify(state))); // deep-equal to state
 */
export function restoreState(value: unknown): BreakerState {
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw breakerErrors.error('BRK_ERR_CORRUPT_STATE', `persisted breaker state is not valid: ${problems[0] ?? 'unknown'}`, { problems });
  }
  const state = parsed.data as BreakerState;
  if ((state.kind === 'rolling_back' || state.kind === 'rolling_forward') && state.stepIndex >= state.steps.length) {
    throw breakerErrors.error('BRK_ERR_CORRUPT_STATE', `stepIndex ${state.stepIndex} is past the last of ${state.steps.length} steps`, { problems: ['stepIndex: out of range'] });
  }
  return state;
}
