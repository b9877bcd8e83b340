/**
 * @module config/rule-schema
 * Schema of one detection rule (`models.<name>.rules[]`) and of a model's rollback
 * policy. The `when` expression is kept as text here: the detect context parses it.
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS } from './defaults.js';
import { durationSchema } from './duration.js';
import { httpUrlSchema, nameSchema } from './fields.js';
import { ruleExpressionProblems } from './rule-checks.js';

const D = CONFIG_DEFAULTS;

/** `page` wakes someone up, `ticket` files work, `soft` only records a signal. */
export const SEVERITIES = ['page', 'ticket', 'soft'] as const;
/** What a firing rule does: roll back to the LKG, only alert, or contain the offending API keys. */
export const RULE_ACTIONS = ['rollback', 'alert', 'contain'] as const;
/** `immediate` switches 100% at once; `canary` walks `rollback.canary.steps`, verifying the LKG at each. */
export const ROLLBACK_STRATEGIES = ['immediate', 'canary'] as const;

/**
 * One rule: "when <expression> over <window> with at least <minEvents> events, held for
 * <holdFor>, raise <severity> and do <action>".
 *
 * @example
 * ruleSchema.parse({ id: 'entropy-collapse', when: 'entropy(input_fingerprint) < baseline.p01' });
 * // window '60s', minEvents 50, severity 'ticket', action 'alert', dryRun false, …
 */
export const ruleSchema = z.strictObject({
  id: nameSchema.describe('unique within the model; knobs and incidents refer to it'),
  when: z
    .string()
    .refine((text) => text.trim().length > 0, { message: 'must not be empty' })
    .describe('the condition, e.g. rate(prompt_injection) > max(0.03, baseline + 3 sigma); parsed by the detect context'),
  window: durationSchema({ positive: true }).default(D.rule.window).describe('sliding window the condition is evaluated over'),
  minEvents: z.int().min(1).default(D.rule.minEvents).describe('below this many events in the window the verdict is inconclusive'),
  threshold: z.number().optional().describe('a number the `when` expression can refer to as `threshold`; tunable by knobs'),
  severity: z.enum(SEVERITIES).default(D.rule.severity),
  action: z.enum(RULE_ACTIONS).default(D.rule.action),
  strategy: z.enum(ROLLBACK_STRATEGIES).optional().describe('overrides rollback.strategy for this rule'),
  dryRun: z.boolean().default(D.rule.dryRun).describe('evaluate and report, but never act'),
  consecutiveErrorLimit: z
    .int()
    .min(1)
    .default(D.rule.consecutiveErrorLimit)
    .describe('"could not measure" escalates only after this many consecutive errors'),
  holdFor: durationSchema().default(D.rule.holdFor).describe('how long the condition must hold before the rule fires'),
}).superRefine((rule, ctx) => {
  // The expression is parsed by the detect context; app/ registers its validator (rule-checks.ts).
  for (const message of ruleExpressionProblems(rule)) ctx.addIssue({ code: 'custom', path: ['when'], message });
});

const canarySchema = z
  .strictObject({
    steps: z
      .array(z.number().gt(0).max(100))
      .min(1)
      .default([...D.rollback.canarySteps])
      .describe('percent of traffic on the LKG at each step, increasing, ending at 100'),
    verifySeconds: z.int().min(0).default(D.rollback.verifySeconds).describe('LKG health is verified for this long at each step'),
  })
  .superRefine((canary, ctx) => {
    const { steps } = canary;
    for (let i = 1; i < steps.length; i++) {
      if ((steps[i] ?? 0) <= (steps[i - 1] ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'steps must increase' });
      }
    }
    if (steps.length > 0 && steps[steps.length - 1] !== 100) {
      ctx.addIssue({ code: 'custom', path: ['steps', steps.length - 1], message: 'the last step must be 100' });
    }
  });

const sqlSchema = z.strictObject({
  url: z.string().min(1).describe('database URL (a secret: never printed); usually ${ORDERS_DB_URL}'),
  statement: z
    .string()
    .refine((text) => /\$1\b|\?/.test(text), { message: 'must take the request ids as parameter $1 (or ?)' })
    .describe('parameterized statement; $1 is the array of untrusted request ids'),
});

/**
 * What happens when a rule with `action: rollback` fires.
 *
 * @example
 * rollbackSchema.parse({}).loopGuard; // { maxRollbacks: 2, perMinutes: 60 }
 */
export const rollbackSchema = z.strictObject({
  strategy: z
    .enum(ROLLBACK_STRATEGIES)
    .optional()
    .describe('default: immediate for page-severity rules, canary for the others'),
  canary: canarySchema.prefault({}),
  loopGuard: z
    .strictObject({
      maxRollbacks: z.int().min(1).default(D.rollback.maxRollbacks),
      perMinutes: z.int().min(1).default(D.rollback.perMinutes),
    })
    .prefault({})
    .describe('more than maxRollbacks within perMinutes freezes the model'),
  forensics: z
    .strictObject({
      ringEvents: z.int().min(0).default(D.rollback.ringEvents).describe('recent events kept for the forensic snapshot'),
      redactPii: z.boolean().default(D.rollback.redactPii),
      retentionDays: z.int().min(1).default(D.rollback.retentionDays),
    })
    .prefault({}),
  untrusted: z
    .strictObject({
      lookbackSeconds: z.int().min(0).default(D.rollback.lookbackSeconds).describe('the untrusted window starts this long before the anomaly'),
      webhook: httpUrlSchema.optional().describe('receives the untrusted request ids (a secret: never printed)'),
      sql: sqlSchema.optional(),
    })
    .prefault({}),
});

export type Severity = (typeof SEVERITIES)[number];
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type RollbackStrategy = (typeof ROLLBACK_STRATEGIES)[number];
