/**
 * @module config/knobs-schema
 * The knobs file: thresholds, windows and sensitivities that operators tune without a
 * restart. Every field is optional; a knob overrides the value in `bulwark.yaml`, a
 * missing knob leaves it alone. Keys are a rule id (`extraction`, every model with
 * that rule) or `model/ruleId` (`fraud/extraction`, which wins over the bare id).
 */
import { z } from 'zod';
import { durationSchema } from './duration.js';
import type { DeepReadonly } from './freeze.js';

const NAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const RULE_KEY = new RegExp(`^(?:${NAME}/)?${NAME}$`);
const INSPECTOR_KEY = new RegExp(`^(?:${NAME}/)?[a-z][a-z0-9_]{0,63}$`);

/** Overrides for one rule. */
export const ruleKnobSchema = z.strictObject({
  threshold: z.number().optional().describe('the `threshold` a rule expression refers to'),
  window: durationSchema({ positive: true }).optional(),
  minEvents: z.int().min(1).optional(),
  holdFor: durationSchema().optional(),
  dryRun: z.boolean().optional(),
});

/** Overrides for one inspector. */
export const inspectorKnobSchema = z.strictObject({
  threshold: z.number().optional(),
  sensitivity: z.number().min(0).max(1).optional().describe('0 (lenient) to 1 (strict)'),
});

/**
 * The knobs document.
 *
 * @example
 * knobsSchema.parse({ rules: { 'fraud/entropy-collapse': { window: '30s' } } });
 */
export const knobsSchema = z.strictObject({
  rules: z
    .record(z.string().regex(RULE_KEY, { message: 'expected ruleId or model/ruleId' }), ruleKnobSchema)
    .default({}),
  inspectors: z
    .record(z.string().regex(INSPECTOR_KEY, { message: 'expected inspectorId or model/inspectorId' }), inspectorKnobSchema)
    .default({}),
});

/** The knobs file as parsed: an empty file means no knobs. */
export const knobsFileSchema = z.preprocess((value) => value ?? {}, knobsSchema);

/** Validated, frozen knobs. */
export type Knobs = DeepReadonly<z.output<typeof knobsSchema>>;
export type RuleKnobs = Knobs['rules'][string];
export type InspectorKnobs = Knobs['inspectors'][string];

/**
 * No knobs at all.
 *
 * @example
 * applyKnobs(config, EMPTY_KNOBS) === config; // true
 */
export const EMPTY_KNOBS: Knobs = Object.freeze({ rules: Object.freeze({}), inspectors: Object.freeze({}) });
