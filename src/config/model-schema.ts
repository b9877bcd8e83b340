/**
 * @module config/model-schema
 * Schema of one protected model (`models.<name>`): its versions and upstreams, the route
 * (active, last-known-good, shadow, weights), inspectors, output hardening, rules and
 * rollback policy, plus the cross-field checks that tie them together (route targets are
 * declared versions, rule ids are unique, rollback rules have an LKG).
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS } from './defaults.js';
import { partsValid, report } from './checks.js';
import type { Problem } from './checks.js';
import { httpUrlSchema, inspectorIdSchema, nameSchema } from './fields.js';
import { rollbackSchema, ruleSchema } from './rule-schema.js';

const D = CONFIG_DEFAULTS;

/** Wire protocols a model can speak. */
export const MODEL_PROTOCOLS = ['oip-v2', 'openai'] as const;

const versionSchema = z.strictObject({
  upstream: httpUrlSchema.describe('base URL of the model server for this version'),
  timeoutMs: z.int().min(1).default(D.model.upstreamTimeoutMs).describe('upstream request timeout, milliseconds'),
  artifact: z
    .string()
    .min(1)
    .optional()
    .describe('the model file (.onnx or TF.js model.json) the gateway loads for feature squeezing (inspector squeeze); a relative path is resolved from the working directory'),
});

const versionRef = z.string().min(1).describe('a version declared under versions');

const routeSchema = z.strictObject({
  active: versionRef.describe('the version serving traffic'),
  lkg: versionRef.optional().describe('last-known-good version that rollbacks return to; required by rollback rules'),
  shadow: z
    .strictObject({
      version: versionRef,
      percent: z.number().min(0).max(100).default(D.model.shadowPercent).describe('share of requests mirrored, percent'),
    })
    .optional()
    .describe('mirror a share of requests to another version (usually the LKG) and compare'),
  weights: z
    .record(z.string(), z.number().min(0).max(100))
    .optional()
    .describe('traffic split by version, percent, summing to 100 (a canary); default: 100% on active'),
  sticky: z
    .discriminatedUnion('by', [
      z.strictObject({ by: z.literal('apiKey') }),
      z.strictObject({
        by: z.literal('header'),
        header: z
          .string()
          .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/, { message: 'expected an HTTP header name such as x-session-id' })
          .transform((name) => name.toLowerCase()),
      }),
    ])
    .optional()
    .describe('keep a client on one version of a split: hash the API key id or a request header to a stable bucket'),
});

const inspectorSchema = z
  .union(
    [
      inspectorIdSchema,
      z.strictObject({
        id: inspectorIdSchema,
        threshold: z.number().optional(),
        sensitivity: z.number().min(0).max(1).optional().describe('0 (lenient) to 1 (strict)'),
      }),
    ],
    { error: 'expected an inspector id or { id, threshold?, sensitivity? }' },
  )
  .transform((value) => (typeof value === 'string' ? { id: value } : value));

/**
 * Output hardening of an OIP classifier's FP outputs (`models.<m>.output`, `keys[].output`).
 *
 * @example
 * outputSchema.parse({ roundDecimals: 2, noise: { stddev: 0.01 } }); // { roundDecimals: 2, labelOnly: false, noise: { stddev: 0.01, seed: 0 } }
 */
export const outputSchema = z
  .strictObject({
    roundDecimals: z.int().min(0).max(15).optional().describe('round returned scores to this many decimals'),
    topK: z.int().min(1).optional().describe('return only the k highest-scoring classes (the others are zeroed)'),
    labelOnly: z.boolean().default(D.model.labelOnly).describe('return the label without scores'),
    noise: z
      .strictObject({
        stddev: z.number().gt(0).max(1).describe('standard deviation of the Gaussian noise added to each score'),
        seed: z.int().min(0).max(0xffffffff).default(D.model.noiseSeed).describe('seed of the generator, mixed with a hash of the request body'),
      })
      .optional()
      .describe('calibrated Gaussian noise; probability vectors are renormalised; the predicted class never changes'),
  })
  .describe('output hardening against model extraction');

const versionsSchema = z
  .record(nameSchema, versionSchema)
  .refine((versions) => Object.keys(versions).length > 0, { message: 'declare at least one version' });

/**
 * One model. Versions are keyed by name; the route names which one serves.
 *
 * @example
 * modelSchema.parse({ protocol: 'oip-v2', versions: { v1: { upstream: 'http://127.0.0.1:9001' } }, route: { active: 'v1' } });
 */
const modelObjectSchema = z.strictObject({
  protocol: z.enum(MODEL_PROTOCOLS).describe('oip-v2: Open Inference Protocol v2 (KServe, Triton); openai: chat completions'),
  versions: versionsSchema,
  route: routeSchema,
  inspectors: z.array(inspectorSchema).default([]).describe('inspector ids, or { id, threshold?, sensitivity? }'),
  output: outputSchema.prefault({}),
  rules: z.array(ruleSchema).default([]),
  rollback: rollbackSchema.prefault({}),
});

type ParsedModel = z.output<typeof modelObjectSchema>;

export const modelSchema = modelObjectSchema
  .superRefine(report(checkRoute), { when: partsValid({ versions: versionsSchema, route: routeSchema }) })
  .superRefine(report(checkRules), { when: partsValid({ rules: z.array(ruleSchema), route: routeSchema }) })
  .superRefine(report(checkInspectors), { when: partsValid({ inspectors: z.array(inspectorSchema) }) });

export type ModelProtocol = (typeof MODEL_PROTOCOLS)[number];

function checkRoute(model: ParsedModel): Problem[] {
  const problems: Problem[] = [];
  const declared = Object.keys(model.versions);
  const known = (version: string): boolean => Object.hasOwn(model.versions, version);
  const undeclared = (version: string): string => `version "${version}" is not declared under versions (declared: ${declared.join(', ') || 'none'})`;
  const { route } = model;
  if (!known(route.active)) problems.push({ path: ['route', 'active'], message: undeclared(route.active) });
  if (route.lkg !== undefined) {
    if (!known(route.lkg)) problems.push({ path: ['route', 'lkg'], message: undeclared(route.lkg) });
    else if (route.lkg === route.active) problems.push({ path: ['route', 'lkg'], message: 'must differ from route.active (omit lkg for a single-version model)' });
  }
  if (route.shadow !== undefined) {
    const { version } = route.shadow;
    if (!known(version)) problems.push({ path: ['route', 'shadow', 'version'], message: undeclared(version) });
    else if (version === route.active) problems.push({ path: ['route', 'shadow', 'version'], message: 'must differ from route.active (a version cannot shadow itself)' });
  }
  if (route.weights !== undefined) {
    let sum = 0;
    for (const [version, weight] of Object.entries(route.weights)) {
      sum += weight;
      if (!known(version)) problems.push({ path: ['route', 'weights', version], message: undeclared(version) });
    }
    if (Math.abs(sum - 100) > 1e-9) problems.push({ path: ['route', 'weights'], message: `weights must sum to 100, got ${sum}` });
  }
  return problems;
}

function checkRules(model: ParsedModel): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  model.rules.forEach((rule, index) => {
    const first = seen.get(rule.id);
    if (first !== undefined) problems.push({ path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}" (also rules[${first}])` });
    else seen.set(rule.id, index);
    if (rule.action === 'rollback' && model.route.lkg === undefined) {
      problems.push({ path: ['rules', index, 'action'], message: 'rollback needs route.lkg (the version to roll back to)' });
    }
  });
  return problems;
}

function checkInspectors(model: ParsedModel): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  model.inspectors.forEach((inspector, index) => {
    if (seen.has(inspector.id)) problems.push({ path: ['inspectors', index], message: `inspector "${inspector.id}" is listed twice` });
    seen.add(inspector.id);
  });
  return problems;
}
