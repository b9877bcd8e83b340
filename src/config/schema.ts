/**
 * @module config/schema
 * The schema of `bulwark.yaml` (zod v4): server addresses and limits, the store, the
 * knobs source, API keys, models (see model-schema.ts), alerting, and the control plane
 * (control-schema.ts). Objects are strict
 * (an unknown key is an error), defaults come from defaults.ts, and cross-field checks
 * report the path they are about. `schema/bulwark.schema.json` is generated from it.
 */
import { z } from 'zod';
import { CONFIG_DEFAULTS } from './defaults.js';
import { durationSchema } from './duration.js';
import type { DeepReadonly } from './freeze.js';
import { hostPortSchema, httpUrlSchema, nameSchema, sha256Schema } from './fields.js';
import { partsValid, report } from './checks.js';
import type { Problem } from './checks.js';
import { modelSchema, outputSchema } from './model-schema.js';
import { controlSchema } from './control-schema.js';

const D = CONFIG_DEFAULTS;

const serverSchema = z.strictObject({
  listen: hostPortSchema.default(D.server.listen).describe('data plane: OIP v2 and OpenAI-compatible endpoints'),
  admin: hostPortSchema.default(D.server.admin).describe('/metrics, /healthz, /readyz'),
  control: hostPortSchema.default(D.server.control).describe('control-plane API, SSE, dashboard'),
  maxBodyBytes: z.int().min(1).default(D.server.maxBodyBytes).describe('largest accepted request body, bytes'),
  headersTimeoutMs: z.int().min(1).default(D.server.headersTimeoutMs).describe('time for a client to send the headers, ms'),
  bodyTimeoutMs: z.int().min(1).default(D.server.bodyTimeoutMs).describe('time for a client to send the body, ms'),
  drainTimeoutMs: z.int().min(0).default(D.server.drainTimeoutMs).describe('on shutdown, how long in-flight requests may take to finish, ms'),
});

const ledgerSchema = z
  .strictObject({
    batchSize: z.int().min(1).default(D.ledger.batchSize).describe('rows written per batch'),
    flushIntervalMs: z.int().min(1).default(D.ledger.flushIntervalMs).describe('longest time a row waits before its batch is written, ms'),
    maxQueued: z.int().min(1).default(D.ledger.maxQueued).describe('rows held while the store is slow or failing; beyond this the oldest are dropped (counted)'),
  })
  .describe('the decision ledger: one row per served request (request id, version, input/output digests)');

const storeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('sqlite'),
    path: z.string().min(1).default(D.store.path).describe('database file, relative to the working directory'),
    ledgerWrites: z
      .enum(['worker', 'inline'])
      .optional()
      .describe('where decision-ledger inserts run: worker (default) on a worker thread with its own connection, off the event loop; inline on the store connection (saves the thread, ~15 MB)'),
  }),
  z.strictObject({
    kind: z.literal('postgres'),
    url: z
      .string()
      .regex(/^postgres(?:ql)?:\/\//, { message: 'expected a postgres:// or postgresql:// URL' })
      .describe('connection URL (a secret: never printed)'),
    schema: z
      .string()
      .regex(/^(?!pg_)[a-z_][a-z0-9_]{0,62}$/, { message: 'expected a lower-case identifier (letters, digits, _; not starting with pg_)' })
      .optional()
      .describe('PostgreSQL schema holding bulwark tables, created when absent (default: bulwark)'),
  }),
  z.strictObject({ kind: z.literal('memory') }),
]);

const knobsSourceSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('file'),
    path: z.string().min(1).default(D.knobs.path).describe('relative to the folder of the config file; absent file = no knobs'),
  }),
  z.strictObject({
    source: z.literal('redis'),
    url: z.string().regex(/^rediss?:\/\//, { message: 'expected a redis:// or rediss:// URL' }),
    key: z.string().min(1).default(D.knobs.redisKey),
  }),
  z.strictObject({
    source: z.literal('etcd'),
    url: httpUrlSchema,
    key: z.string().min(1).default(D.knobs.etcdKey),
  }),
]);

const apiKeySchema = z.strictObject({
  id: nameSchema.describe('shown in logs, metrics and the ledger instead of the key'),
  sha256: sha256Schema.describe('sha256 (hex) of the key; the key itself is never stored'),
  rateLimit: z
    .strictObject({
      perSecond: z.number().gt(0).default(D.rateLimit.perSecond).describe('sustained requests per second'),
      burst: z.int().min(1).default(D.rateLimit.burst).describe('token-bucket size'),
      perDay: z.int().min(1).optional().describe('daily cap; none when absent'),
    })
    .prefault({}),
  models: z.array(nameSchema).min(1).optional().describe('models this key may call; every model when absent'),
  output: outputSchema.optional().describe("output hardening for this key's requests; replaces the model's `output` when present"),
});

const SUPPRESS_TIME = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'expected a date (2026-12-31) or an ISO date-time' });

const SINK_FOR = z.enum(['page', 'ticket', 'all']).default(D.alerts.sinkFor).describe('which severities the sink receives');

const sinkSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pagerduty'), routingKey: z.string().min(1).describe('a secret'), for: SINK_FOR }),
  z.strictObject({ kind: z.literal('slack'), url: httpUrlSchema.describe('incoming-webhook URL (a secret)'), for: SINK_FOR }),
  z.strictObject({
    kind: z.literal('webhook'),
    url: httpUrlSchema.describe('a secret'),
    secret: z.string().min(1).optional().describe('HMAC-SHA256 signing key (a secret)'),
    for: SINK_FOR,
  }),
  z.strictObject({ kind: z.literal('log'), for: SINK_FOR }),
]);

const suppressSchema = z
  .strictObject({
    apiKey: z.string().min(1).optional().describe('an API key id (it may belong to another gateway)'),
    model: nameSchema.optional(),
    rules: z.array(nameSchema).min(1).optional(),
    from: SUPPRESS_TIME.optional().describe('start of the window (a date means 00:00 UTC that day); in force at once when absent'),
    until: SUPPRESS_TIME.optional().describe('end of the window (a date means the end of that day, UTC); none when absent'),
    reason: z.string().optional(),
  })
  .refine((s) => s.apiKey !== undefined || s.model !== undefined || s.rules !== undefined, {
    message: 'name at least one of apiKey, model, rules',
  });

const sloSchema = z
  .strictObject({
    name: nameSchema.describe('names the SLO in alerts and metrics'),
    signal: z.enum(['untrusted_requests', 'adversarial_success']).describe('untrusted_requests: requests later marked untrusted / all requests; adversarial_success: successful attacks / attacks'),
    objective: z.number().gt(0).lt(1).describe('share of good events, e.g. 0.999 (an error budget of 0.1%)'),
    model: nameSchema.optional().describe("only this model's events; every model's when absent"),
    minEvents: z.int().min(0).default(D.alerts.sloMinEvents).describe('events the long window must hold before a burn-rate alert may fire'),
  })
  .describe('an SLO with multi-window, multi-burn-rate alerts: page at 14.4× over 1h and 5m or 6× over 6h and 30m, ticket at 1× over 3d and 6h');

const alertsSchema = z.strictObject({
  sinks: z.array(sinkSchema).default([]),
  dedupeWindow: durationSchema().default(D.alerts.dedupeWindow).describe('identical alerts within this window are sent once'),
  groupWindow: durationSchema()
    .optional()
    .describe(`alerts of one model, rule and API key after the first are collected this long and sent as one (default ${D.alerts.groupWindow}; 0s: no grouping)`),
  rateCap: z
    .strictObject({
      max: z.int().min(1).describe('notifications per sink per window'),
      window: durationSchema({ positive: true }).describe('the cap window'),
    })
    .optional()
    .describe(`per-sink cap; over it, alerts are held back and summarised once the window ends (default ${D.alerts.rateCap.max} per ${D.alerts.rateCap.window})`),
  suppress: z.array(suppressSchema).default([]),
  slos: z.array(sloSchema).optional().describe('SLOs with burn-rate alerts; none when absent'),
  runbookBaseUrl: httpUrlSchema.optional().describe('alerts link runbooks as <runbookBaseUrl>/<id>.md; the repository path docs/runbooks/<id>.md when absent'),
});

const keysSchema = z.array(apiKeySchema);
const modelsSchema = z.record(nameSchema, modelSchema);

const configObjectSchema = z.strictObject({
  server: serverSchema.prefault({}),
  store: storeSchema.prefault({ kind: D.store.kind }),
  knobs: knobsSourceSchema.prefault({ source: D.knobs.source }).describe('where knobs (tunable thresholds and windows) come from'),
  keys: keysSchema.default([]).describe('API keys accepted by the gateway'),
  anonymous: z.boolean().default(D.anonymous).describe('accept requests without an API key (explicit opt-in)'),
  models: modelsSchema.default({}),
  ledger: ledgerSchema.prefault({}),
  alerts: alertsSchema.prefault({}),
  control: controlSchema.prefault({}),
});

type ParsedConfig = z.output<typeof configObjectSchema>;

/**
 * The whole `bulwark.yaml`.
 *
 * @example
 * const config = bulwarkConfigSchema.parse(YAML.parse(text)); // prefer loadConfigFile(), which also substitutes ${VARS} and freezes
 */
export const bulwarkConfigSchema = configObjectSchema
  .superRefine(report(checkKeys), { when: partsValid({ keys: keysSchema }) })
  .superRefine(report(checkSuppress), { when: partsValid({ alerts: alertsSchema, models: modelsSchema }) })
  .superRefine(report(checkSlos), { when: partsValid({ alerts: alertsSchema, models: modelsSchema }) })
  .superRefine(report(checkKeyModels), { when: partsValid({ keys: keysSchema, models: modelsSchema }) })
  .describe('bulwark.yaml: the bulwark gateway, detection and rollback configuration');

/** The validated config, deeply frozen (loadConfigFile, parseConfig). */
export type BulwarkConfig = DeepReadonly<z.output<typeof bulwarkConfigSchema>>;
/** What a user may write: defaults are optional. */
export type BulwarkConfigInput = z.input<typeof bulwarkConfigSchema>;
export type ServerConfig = BulwarkConfig['server'];
export type StoreConfig = BulwarkConfig['store'];
export type KnobsSourceConfig = BulwarkConfig['knobs'];
export type ApiKeyConfig = BulwarkConfig['keys'][number];
export type AlertSinkConfig = BulwarkConfig['alerts']['sinks'][number];
export type ControlConfig = BulwarkConfig['control'];
export type ControlTokenConfig = ControlConfig['tokens'][number];
export type ModelConfig = BulwarkConfig['models'][string];
/** Output hardening (`models.<m>.output`, `keys[].output`). */
export type OutputConfig = ModelConfig['output'];
export type RuleConfig = ModelConfig['rules'][number];
export type InspectorConfig = ModelConfig['inspectors'][number];
export type RollbackConfig = ModelConfig['rollback'];

function checkKeys(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  const digests = new Map<string, number>();
  config.keys.forEach((key, index) => {
    const sameId = ids.get(key.id);
    if (sameId !== undefined) problems.push({ path: ['keys', index, 'id'], message: `duplicate key id "${key.id}" (also keys[${sameId}])` });
    else ids.set(key.id, index);
    const sameDigest = digests.get(key.sha256);
    if (sameDigest !== undefined) problems.push({ path: ['keys', index, 'sha256'], message: `same digest as keys[${sameDigest}]` });
    else digests.set(key.sha256, index);
  });
  return problems;
}

function checkKeyModels(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  config.keys.forEach((key, index) => {
    key.models?.forEach((model, i) => {
      if (!Object.hasOwn(config.models, model)) problems.push({ path: ['keys', index, 'models', i], message: `model "${model}" is not declared under models` });
    });
  });
  return problems;
}

function checkSuppress(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  config.alerts.suppress.forEach((entry, index) => {
    const base = ['alerts', 'suppress', index];
    if (entry.from !== undefined && entry.until !== undefined && suppressFromMs(entry.from) >= suppressUntilMs(entry.until)) {
      problems.push({ path: [...base, 'until'], message: `ends before it starts (from ${entry.from})` });
    }
    const model = entry.model !== undefined && Object.hasOwn(config.models, entry.model) ? config.models[entry.model] : undefined;
    if (entry.model !== undefined && model === undefined) {
      problems.push({ path: [...base, 'model'], message: `model "${entry.model}" is not declared under models` });
      return;
    }
    const scope = model === undefined ? Object.values(config.models) : [model];
    entry.rules?.forEach((ruleId, i) => {
      if (!scope.some((m) => m.rules.some((rule) => rule.id === ruleId))) {
        problems.push({ path: [...base, 'rules', i], message: `no ${entry.model === undefined ? '' : `${entry.model} `}rule has id "${ruleId}"` });
      }
    });
  });
  return problems;
}

function checkSlos(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  config.alerts.slos?.forEach((slo, index) => {
    const base = ['alerts', 'slos', index];
    const same = names.get(slo.name);
    if (same !== undefined) problems.push({ path: [...base, 'name'], message: `duplicate SLO name "${slo.name}" (also alerts.slos[${same}])` });
    else names.set(slo.name, index);
    if (slo.model !== undefined && !Object.hasOwn(config.models, slo.model)) problems.push({ path: [...base, 'model'], message: `model "${slo.model}" is not declared under models` });
  });
  return problems;
}

/** Clock ms where a suppression window starts: a date means 00:00 UTC that day (app/alerting-app.ts reads it the same way). */
function suppressFromMs(text: string): number {
  return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
}

/** Clock ms where a suppression window ends (exclusive): a date means the end of that day, UTC. */
function suppressUntilMs(text: string): number {
  return text.length === 10 ? Date.parse(`${text}T00:00:00Z`) + 86_400_000 : Date.parse(text);
}
