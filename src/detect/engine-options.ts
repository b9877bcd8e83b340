/**
 * @module detect/engine-options
 * Options of the detection engine, their defaults (defaults.ts) and their validation, done
 * once at construction: a bad option is a DET_ERR_BAD_OPTION naming it.
 */
import type { Clock } from '../shared/clock.js';
import { DETECT_DEFAULTS } from './defaults.js';
import { detectErrors } from './errors.js';
import type { PradaOptions } from './extraction/prada.js';
import type { PatternOptions, VolumeOptions } from './extraction/query-patterns.js';
import type { BaselineSource, DetectErrorHandler, RuleSettings } from './ports.js';
import { LogScale } from './windows/log-scale.js';

/**
 * @example
 * new DetectionEngine({ clock: systemClock, rules: effectiveRules(config, knobs), baselines: (m, v) => registry.baseline(m, v) });
 */
export interface DetectionEngineOptions {
  readonly clock: Clock;
  readonly rules?: readonly RuleSettings[];
  /** Baselines by model version; `setBaseline` adds or replaces one. */
  readonly baselines?: BaselineSource;
  /** Where errors the engine survived go (default: ignored). */
  readonly onError?: DetectErrorHandler;
  /** Anomaly ids (default: `<model>-<rule>-<detectedAt>-<seq>`, deterministic). */
  readonly newId?: () => string;
  /** Feature names per model for `feature:NAME` when the baseline has none. */
  readonly featureNames?: Readonly<Record<string, readonly string[]>>;
  readonly evaluateEveryMs?: number;
  readonly evaluateEveryEvents?: number;
  readonly holdEvaluations?: number;
  readonly clearEvaluations?: number;
  readonly maxVersionsPerModel?: number;
  readonly maxKeysPerModel?: number;
  readonly maxAnomalyKeys?: number;
  readonly sampleRequestIds?: number;
  readonly entropyMaxEvents?: number;
  readonly fingerprintBucketsPerDecade?: number;
  readonly quantile?: Partial<{ relativeAccuracy: number; min: number; max: number }>;
  readonly prada?: Partial<PradaOptions & { classSignal: string }>;
  readonly patterns?: Partial<Omit<PatternOptions, 'fingerprintBucketsPerDecade'> & VolumeOptions>;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly clock: Clock;
  readonly baselines: BaselineSource;
  readonly onError: DetectErrorHandler;
  readonly newId: (() => string) | undefined;
  readonly featureNames: Readonly<Record<string, readonly string[]>>;
  readonly bucketMs: number;
  readonly maxWindowMs: number;
  readonly evaluateEveryMs: number;
  readonly evaluateEveryEvents: number;
  readonly holdEvaluations: number;
  readonly clearEvaluations: number;
  readonly maxVersionsPerModel: number;
  readonly maxKeysPerModel: number;
  readonly maxAnomalyKeys: number;
  readonly sampleRequestIds: number;
  readonly entropyMaxEvents: number;
  readonly fingerprintBucketsPerDecade: number;
  readonly logScale: LogScale;
  readonly prada: PradaOptions;
  readonly classSignal: string;
  readonly patterns: PatternOptions & VolumeOptions;
}

function integer(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw detectErrors.error('DET_ERR_BAD_OPTION', `${name} must be an integer in [${min}, ${max}], got ${value}`, { option: name, value });
  }
  return value;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw detectErrors.error('DET_ERR_BAD_OPTION', `${name} must be a positive number, got ${value}`, { option: name, value });
  return value;
}

function resolvePrada(o: DetectionEngineOptions['prada'] = {}): PradaOptions & { classSignal: string } {
  const d = DETECT_DEFAULTS.prada;
  return {
    minDistances: integer('prada.minDistances', o.minDistances ?? d.minDistances, 3, 4999),
    recomputeEvery: integer('prada.recomputeEvery', o.recomputeEvery ?? d.recomputeEvery, 1),
    minClassDistances: integer('prada.minClassDistances', o.minClassDistances ?? d.minClassDistances, 1),
    maxGrowingPerClass: integer('prada.maxGrowingPerClass', o.maxGrowingPerClass ?? d.maxGrowingPerClass, 1, 1_000_000),
    maxDistances: integer('prada.maxDistances', o.maxDistances ?? d.maxDistances, 4, 5000),
    outlierSigmas: positive('prada.outlierSigmas', o.outlierSigmas ?? d.outlierSigmas),
    maxClasses: integer('prada.maxClasses', o.maxClasses ?? d.maxClasses, 1, 4096),
    classSignal: o.classSignal ?? d.classSignal,
  };
}

function resolvePatterns(o: DetectionEngineOptions['patterns'] = {}, fingerprintBucketsPerDecade: number): PatternOptions & VolumeOptions {
  const d = DETECT_DEFAULTS.patterns;
  return {
    history: integer('patterns.history', o.history ?? d.history, 1, 1_000_000),
    marginBelow: positive('patterns.marginBelow', o.marginBelow ?? d.marginBelow),
    cellSigmas: positive('patterns.cellSigmas', o.cellSigmas ?? d.cellSigmas),
    cellClamp: positive('patterns.cellClamp', o.cellClamp ?? d.cellClamp),
    volumePeriodMs: integer('patterns.volumePeriodMs', o.volumePeriodMs ?? d.volumePeriodMs, 1),
    volumeMinPeriods: integer('patterns.volumeMinPeriods', o.volumeMinPeriods ?? d.volumeMinPeriods, 1),
    volumeHalfLife: positive('patterns.volumeHalfLife', o.volumeHalfLife ?? d.volumeHalfLife),
    fingerprintBucketsPerDecade,
  };
}

/**
 * Fills defaults and validates; throws DET_ERR_BAD_OPTION naming the option.
 *
 * @example
 * resolveOptions({ clock, evaluateEveryMs: 1000 }).evaluateEveryEvents; // 256
 */
export function resolveOptions(o: DetectionEngineOptions): ResolvedOptions {
  const D = DETECT_DEFAULTS;
  const q = { ...D.quantile, ...o.quantile };
  let logScale: LogScale;
  try {
    logScale = new LogScale(q);
  } catch (err) {
    throw detectErrors.error('DET_ERR_BAD_OPTION', `quantile: ${(err as Error).message}`, { option: 'quantile' }, err);
  }
  const fingerprintBucketsPerDecade = integer('fingerprintBucketsPerDecade', o.fingerprintBucketsPerDecade ?? D.fingerprintBucketsPerDecade, 1, 1000);
  const { classSignal, ...prada } = resolvePrada(o.prada);
  return {
    clock: o.clock,
    baselines: o.baselines ?? (() => undefined),
    onError: o.onError ?? (() => undefined),
    newId: o.newId,
    featureNames: o.featureNames ?? {},
    bucketMs: D.bucketMs,
    maxWindowMs: D.maxWindowMs,
    evaluateEveryMs: integer('evaluateEveryMs', o.evaluateEveryMs ?? D.evaluateEveryMs, 0),
    evaluateEveryEvents: integer('evaluateEveryEvents', o.evaluateEveryEvents ?? D.evaluateEveryEvents, 1),
    holdEvaluations: integer('holdEvaluations', o.holdEvaluations ?? D.holdEvaluations, 1),
    clearEvaluations: integer('clearEvaluations', o.clearEvaluations ?? D.clearEvaluations, 1),
    maxVersionsPerModel: integer('maxVersionsPerModel', o.maxVersionsPerModel ?? D.maxVersionsPerModel, 1),
    maxKeysPerModel: integer('maxKeysPerModel', o.maxKeysPerModel ?? D.maxKeysPerModel, 1),
    maxAnomalyKeys: integer('maxAnomalyKeys', o.maxAnomalyKeys ?? D.maxAnomalyKeys, 0),
    sampleRequestIds: integer('sampleRequestIds', o.sampleRequestIds ?? D.sampleRequestIds, 1, 10_000),
    entropyMaxEvents: integer('entropyMaxEvents', o.entropyMaxEvents ?? D.entropyMaxEvents, 1, 10_000_000),
    fingerprintBucketsPerDecade,
    logScale,
    prada,
    classSignal,
    patterns: resolvePatterns(o.patterns, fingerprintBucketsPerDecade),
  };
}
