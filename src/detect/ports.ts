/**
 * @module detect/ports
 * What the detection engine consumes and needs, declared by the consumer (STYLE §2): the
 * event it reads (the gateway's `RequestEvent` satisfies it structurally, checked by a type
 * test), where baselines come from, and where errors go. Nothing here does I/O.
 */
import type { BaselineProfile } from './baseline.js';

/**
 * The fields of a gateway `RequestEvent` the engine reads.
 *
 * @example
 * engine.ingest({ requestId: 'r1', model: 'fraud', version: 'v2', timings: { receivedAt: 0 }, signals: { error: false } });
 */
export interface DetectEvent {
  readonly requestId: string;
  /** Events without a model or version are not judged (counted as skipped). */
  readonly model?: string;
  readonly version?: string;
  readonly apiKeyId?: string;
  /** `receivedAt`: the clock ms at which the request arrived; events are bucketed by it. */
  readonly timings: { readonly receivedAt: number };
  readonly signals: Readonly<Record<string, number | boolean>>;
  /** A compact input summary (the first row of the input), when the protocol has one. */
  readonly features?: readonly number[];
}

/**
 * Looks up the baseline profile of a model version (the registry, or a test's map).
 *
 * @example
 * const baselines: BaselineSource = (model, version) => profiles.get(`${model}/${version}`);
 */
export type BaselineSource = (model: string, version: string) => BaselineProfile | undefined;

/** Receives errors the engine survived (listeners that threw, evaluations that threw, missing baselines). */
export type DetectErrorHandler = (error: Error) => void;

/** `page` wakes someone up, `ticket` files work, `soft` only records. */
export type Severity = 'page' | 'ticket' | 'soft';
/** What a firing rule asks for. */
export type RuleAction = 'rollback' | 'alert' | 'contain';
export type RollbackStrategy = 'immediate' | 'canary';

/**
 * One rule as the engine runs it: the config's `EffectiveRule` (config/effective.ts,
 * knobs applied) satisfies it structurally, so the app passes `effectiveRules(config, knobs)`.
 *
 * @example
 * engine.configure([{ model: 'fraud', id: 'drift', when: 'psi(feature:amount) > 0.25', windowMs: 60_000, minEvents: 100,
 *   holdForMs: 0, threshold: undefined, severity: 'ticket', action: 'alert', strategy: 'canary', dryRun: false, consecutiveErrorLimit: 3 }]);
 */
export interface RuleSettings {
  readonly model: string;
  readonly id: string;
  readonly when: string;
  readonly windowMs: number;
  readonly minEvents: number;
  readonly holdForMs: number;
  readonly threshold: number | undefined;
  readonly severity: Severity;
  readonly action: RuleAction;
  readonly strategy: RollbackStrategy;
  readonly dryRun: boolean;
  readonly consecutiveErrorLimit: number;
}
