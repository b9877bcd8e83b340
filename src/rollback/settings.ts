/**
 * @module rollback/settings
 * Per-model rollback settings, derived once from bulwark.yaml (and again on every reload):
 * which models get a breaker (those with a `rollback` rule and a `route.lkg`), the breaker's
 * settings, canary verification time, forensics and untrusted-window policy.
 */
import { breakerSettings } from '../breaker/index.js';
import type { BreakerSettings, Severity, Strategy } from '../breaker/index.js';
import type { BulwarkConfig, ModelConfig } from '../config/index.js';
import { redactConfig } from '../config/index.js';
import type { RouteSpec } from '../gateway/index.js';
import { ROLLBACK_DEFAULTS } from './defaults.js';

/** The rollback settings of one protected model. */
export interface ModelRollbackSettings {
  readonly model: string;
  readonly breaker: BreakerSettings;
  /** Canary steps are verified for this long, ms. */
  readonly verifyMs: number;
  /** The route the config declares (active, lkg, shadow). */
  readonly declared: RouteSpec & { readonly lkg: string };
  /** Versions declared under `versions` (the only ones a route may name). */
  readonly versions: readonly string[];
  readonly forensics: { readonly ringEvents: number; readonly redactPii: boolean; readonly retentionDays: number };
  readonly untrusted: {
    readonly lookbackSeconds: number;
    readonly webhook?: string;
    readonly sql?: { readonly url: string; readonly statement: string };
  };
  /** The model's config with secrets redacted, for forensic bundles. */
  readonly configSnapshot: unknown;
}

/**
 * True when the model needs a breaker: a rule with `action: rollback` and an LKG.
 *
 * @example
 * hasRollbackRules(config.models.fraud); // true
 */
export function hasRollbackRules(model: ModelConfig): boolean {
  return model.route.lkg !== undefined && model.rules.some((rule) => rule.action === 'rollback');
}

/**
 * Settings of every model that needs a breaker (an empty map: no orchestrator needed).
 *
 * @example
 * const settings = rollbackSettings(config);
 * settings.get('fraud')?.breaker.loopGuard; // { maxRollbacks: 2, windowMs: 3_600_000 }
 */
export function rollbackSettings(config: BulwarkConfig): Map<string, ModelRollbackSettings> {
  const out = new Map<string, ModelRollbackSettings>();
  const redacted = redactConfig(config) as { models: Record<string, unknown> };
  for (const [name, model] of Object.entries(config.models)) {
    if (hasRollbackRules(model)) out.set(name, modelSettings(name, model, redacted.models[name]));
  }
  return out;
}

function modelSettings(name: string, model: ModelConfig, snapshot: unknown): ModelRollbackSettings {
  const { rollback, route } = model;
  const byConfig = rollback.strategy;
  const strategyBySeverity: Record<Severity, Strategy> = byConfig === undefined ? { page: 'immediate', ticket: 'canary', soft: 'canary' } : { page: byConfig, ticket: byConfig, soft: byConfig };
  const breaker = breakerSettings({
    strategyBySeverity,
    canarySteps: [...rollback.canary.steps],
    forwardSteps: [...ROLLBACK_DEFAULTS.forwardSteps],
    loopGuard: { maxRollbacks: rollback.loopGuard.maxRollbacks, windowMs: rollback.loopGuard.perMinutes * 60_000 },
  });
  const { webhook, sql, lookbackSeconds } = rollback.untrusted;
  return {
    model: name,
    breaker,
    verifyMs: rollback.canary.verifySeconds * 1_000,
    versions: Object.keys(model.versions),
    declared: {
      active: route.active,
      lkg: route.lkg as string,
      ...(route.shadow === undefined ? {} : { shadow: { version: route.shadow.version, percent: route.shadow.percent } }),
    },
    forensics: { ...rollback.forensics },
    untrusted: { lookbackSeconds, ...(webhook === undefined ? {} : { webhook }), ...(sql === undefined ? {} : { sql: { url: sql.url, statement: sql.statement } }) },
    configSnapshot: snapshot ?? null,
  };
}
