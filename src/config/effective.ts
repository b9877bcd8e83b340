/**
 * @module config/effective
 * Effective values: what a rule or inspector runs with once knobs are applied over
 * `bulwark.yaml`. Pure functions of (config, knobs); precedence is `model/id` knob, then
 * bare `id` knob, then the config (which already holds the defaults).
 */
import { durationMs } from './duration.js';
import { deepFreeze } from './freeze.js';
import type { InspectorKnobs, Knobs, RuleKnobs } from './knobs-schema.js';
import type { RollbackStrategy, RuleAction, Severity } from './rule-schema.js';
import type { BulwarkConfig, ModelConfig } from './schema.js';
import { CONFIG_DEFAULTS } from './defaults.js';
import { copySecretPaths } from './secret-paths.js';

/** A rule as the detection engine runs it: durations in milliseconds, knobs applied. */
export interface EffectiveRule {
  readonly model: string;
  readonly id: string;
  readonly when: string;
  readonly windowMs: number;
  readonly minEvents: number;
  readonly holdForMs: number;
  readonly threshold: number | undefined;
  readonly severity: Severity;
  readonly action: RuleAction;
  /** rule.strategy, else the model's rollback.strategy, else by severity (page: immediate). */
  readonly strategy: RollbackStrategy;
  readonly dryRun: boolean;
  readonly consecutiveErrorLimit: number;
  /** Fields whose value came from a knob, e.g. `['windowMs']`. */
  readonly overridden: readonly string[];
}

/** An inspector's effective settings for one model. */
export interface EffectiveInspector {
  readonly model: string;
  readonly id: string;
  readonly threshold: number | undefined;
  readonly sensitivity: number | undefined;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Bare-id knob merged under the model-qualified one, field by field. */
function ruleKnob(knobs: Knobs, model: string, id: string): RuleKnobs {
  return { ...own(knobs.rules, id), ...own(knobs.rules, `${model}/${id}`) };
}

function inspectorKnob(knobs: Knobs, model: string, id: string): InspectorKnobs {
  return { ...own(knobs.inspectors, id), ...own(knobs.inspectors, `${model}/${id}`) };
}

/**
 * The effective settings of rule `ruleId` of `model`, or undefined when there is no such rule.
 *
 * @example
 * effectiveRule(config, { rules: { 'fraud/entropy-collapse': { window: '30s' } }, inspectors: {} }, 'fraud', 'entropy-collapse')?.windowMs; // 30000
 */
export function effectiveRule(config: BulwarkConfig, knobs: Knobs, model: string, ruleId: string): EffectiveRule | undefined {
  const modelConfig = own(config.models, model);
  const rule = modelConfig?.rules.find((r) => r.id === ruleId);
  if (modelConfig === undefined || rule === undefined) return undefined;
  const knob = ruleKnob(knobs, model, ruleId);
  const overridden: string[] = [];
  const pick = <T>(field: string, fromKnob: T | undefined, fromConfig: T): T => {
    if (fromKnob === undefined) return fromConfig;
    overridden.push(field);
    return fromKnob;
  };
  return Object.freeze({
    model,
    id: rule.id,
    when: rule.when,
    windowMs: durationMs(pick('windowMs', knob.window, rule.window)),
    minEvents: pick('minEvents', knob.minEvents, rule.minEvents),
    holdForMs: durationMs(pick('holdForMs', knob.holdFor, rule.holdFor)),
    threshold: pick('threshold', knob.threshold, rule.threshold),
    severity: rule.severity,
    action: rule.action,
    strategy: rule.strategy ?? modelConfig.rollback.strategy ?? CONFIG_DEFAULTS.rollback.strategyBySeverity[rule.severity],
    dryRun: pick('dryRun', knob.dryRun, rule.dryRun),
    consecutiveErrorLimit: rule.consecutiveErrorLimit,
    overridden: Object.freeze(overridden),
  });
}

/**
 * Every rule of every model, knobs applied, in config order.
 *
 * @example
 * for (const rule of effectiveRules(config, knobs)) engine.add(rule);
 */
export function effectiveRules(config: BulwarkConfig, knobs: Knobs): EffectiveRule[] {
  return Object.entries(config.models).flatMap(([model, m]) =>
    m.rules.map((rule) => effectiveRule(config, knobs, model, rule.id)).filter((r): r is EffectiveRule => r !== undefined),
  );
}

/**
 * The effective settings of inspector `inspectorId` on `model`, or undefined when the
 * model does not list it. Undefined fields mean "the inspector's own default".
 *
 * @example
 * effectiveInspector(config, knobs, 'assistant', 'prompt_injection')?.threshold;
 */
export function effectiveInspector(config: BulwarkConfig, knobs: Knobs, model: string, inspectorId: string): EffectiveInspector | undefined {
  const inspector = own(config.models, model)?.inspectors.find((i) => i.id === inspectorId);
  if (inspector === undefined) return undefined;
  const knob = inspectorKnob(knobs, model, inspectorId);
  return Object.freeze({
    model,
    id: inspectorId,
    threshold: knob.threshold ?? inspector.threshold,
    sensitivity: knob.sensitivity ?? inspector.sensitivity,
  });
}

/**
 * A copy of `config` with knobs written into its rules and inspectors (same shape,
 * frozen, secrets still known to redactConfig). Returns `config` itself when no knob applies.
 *
 * @example
 * applyKnobs(config, knobs).models.fraud.rules[0].window; // '30s' when a knob says so
 */
export function applyKnobs(config: BulwarkConfig, knobs: Knobs): BulwarkConfig {
  if (Object.keys(knobs.rules).length === 0 && Object.keys(knobs.inspectors).length === 0) return config;
  const copy = structuredClone(config) as { models: Record<string, Mutable<ModelConfig>> };
  for (const [name, model] of Object.entries(copy.models)) {
    model.rules = model.rules.map((rule) => {
      const knob = ruleKnob(knobs, name, rule.id);
      return { ...rule, ...definedOnly(knob) };
    });
    model.inspectors = model.inspectors.map((inspector) => ({ ...inspector, ...definedOnly(inspectorKnob(knobs, name, inspector.id)) }));
  }
  copySecretPaths(config, copy);
  return deepFreeze(copy) as unknown as BulwarkConfig;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Knob keys that match no rule or inspector of `config` (typos are otherwise silent).
 *
 * @example
 * unknownKnobs(config, knobs); // ['rules.fruad/extraction: no such model rule']
 */
export function unknownKnobs(config: BulwarkConfig, knobs: Knobs): string[] {
  const models = Object.entries(config.models);
  const problems: string[] = [];
  const check = (section: 'rules' | 'inspectors', has: (m: ModelConfig, id: string) => boolean): void => {
    for (const key of Object.keys(knobs[section])) {
      const slash = key.indexOf('/');
      const found =
        slash === -1
          ? models.some(([, m]) => has(m, key))
          : models.some(([name, m]) => name === key.slice(0, slash) && has(m, key.slice(slash + 1)));
      if (!found) problems.push(`${section}.${key}: matches no ${section === 'rules' ? 'rule' : 'inspector'} in the config`);
    }
  };
  check('rules', (m, id) => m.rules.some((r) => r.id === id));
  check('inspectors', (m, id) => m.inspectors.some((i) => i.id === id));
  return problems;
}
