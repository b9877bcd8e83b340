/**
 * @module inspect/baseline/build
 * Builds a version's `BaselineProfile` (detect/baseline.ts), pure (the CLI reads the files):
 *
 * - from recorded TRAFFIC (RequestEvents, as the gateway publishes them): every numeric or
 *   boolean signal the events carry; the class distribution from `predicted_class`; feature
 *   statistics from the events' feature summaries (the most common width); `ood_*` recomputed
 *   against those features; the windowed entropy of `input_fingerprint` over `windowMs`
 *   windows of arrival time (the fingerprint of the features when an event has no signal);
 * - from a DATASET (feature rows): the signals the inspectors compute from features alone —
 *   `input_fingerprint` (+ windowed entropy over windows of `windowRows` rows),
 *   `schema_violation` against a signature when given, `ood_*` — plus `confidence`,
 *   `margin`, `predicted_class` when model probabilities are given, any extra per-row signals
 *   (e.g. `squeeze_l1`), and the class distribution (predictions, else labels).
 */
import type { BaselineProfile } from '../../detect/baseline.js';
import type { ModelSignature } from '../../shared/signature.js';
import { fingerprintRows } from '../entropy/fingerprint.js';
import { inspectErrors } from '../errors.js';
import { decodeOipInputs } from '../oip/tensors.js';
import { classifierSignals } from '../output/output-signals.js';
import { checkSchema } from '../schema/check-schema.js';
import { FeatureAccumulator } from './covariance.js';
import { BASELINE_DEFAULTS } from './defaults.js';
import { ProfileAccumulator } from './profile-accumulator.js';
import type { BaselineMeta } from './profile-accumulator.js';
import { FingerprintWindows } from './windows.js';

/** Build settings (defaults in `BASELINE_DEFAULTS`). */
export interface BuildOptions {
  readonly windowMs?: number;
  readonly windowRows?: number;
  readonly minWindowEvents?: number;
  readonly shrinkage?: number;
  /** The version's declared signature: schema checks (datasets) and feature names (traffic). */
  readonly signature?: ModelSignature | undefined;
}

/** The parts of a RequestEvent a traffic baseline reads. */
export interface TrafficEvent {
  readonly receivedAt: number;
  readonly signals: Readonly<Record<string, number | boolean>>;
  readonly features?: readonly number[] | undefined;
}

/** A dataset: feature rows and what else is known per row. */
export interface DatasetInput {
  readonly names: readonly string[];
  readonly rows: readonly ArrayLike<number>[];
  /** Each row's label: the class distribution when no probabilities are given. */
  readonly labels?: readonly (string | number)[] | undefined;
  /** Each row's class probabilities from the model. */
  readonly probabilities?: readonly (readonly number[])[] | undefined;
  /** More signals, one value per row. */
  readonly extraSignals?: Readonly<Record<string, readonly number[]>> | undefined;
}

function checkOptions(options: BuildOptions): void {
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw inspectErrors.error('INS_ERR_INVALID_OPTION', `baseline: ${name} must be a positive integer, got ${v}`, { option: name, value: v });
  };
  positive('windowMs', options.windowMs);
  positive('windowRows', options.windowRows);
  positive('minWindowEvents', options.minWindowEvents);
  const s = options.shrinkage;
  if (s !== undefined && !(s >= 0 && s < 1)) throw inspectErrors.error('INS_ERR_INVALID_OPTION', `baseline: shrinkage must be in [0, 1), got ${s}`, { option: 'shrinkage', value: s });
}

/** The most common feature width among events (ties: the larger), or 0. */
function featureWidth(events: readonly TrafficEvent[]): number {
  const counts = new Map<number, number>();
  for (const e of events) if (e.features !== undefined && e.features.length > 0) counts.set(e.features.length, (counts.get(e.features.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of counts) if (count > bestCount || (count === bestCount && width > best)) [best, bestCount] = [width, count];
  return best;
}

function featureNames(width: number, signature: ModelSignature | undefined): string[] {
  const input = signature?.inputs[0];
  const named = input !== undefined && input.shape.length === 2 && input.shape[1] === width;
  return Array.from({ length: width }, (_, i) => `${named ? input.name : 'x'}[${i}]`);
}

/**
 * Builds a profile from recorded traffic. Throws `INS_ERR_BASELINE_INPUT` when there are
 * no events.
 *
 * @example
 * const profile = buildTrafficBaseline(events, { model: 'fraud', version: 'v2', builtAt: new Date().toISOString(), source: { path, sha256 } });
 * profile.signals['prompt_injection']?.flagged;
 */
export function buildTrafficBaseline(events: readonly TrafficEvent[], meta: BaselineMeta, options: BuildOptions = {}): BaselineProfile {
  checkOptions(options);
  if (events.length === 0) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${meta.source.path}: no events of ${meta.model} ${meta.version} to build a baseline from`, { source: meta.source.path });
  const acc = new ProfileAccumulator();
  const windows = new FingerprintWindows({ kind: 'time', windowMs: options.windowMs ?? BASELINE_DEFAULTS.windowMs }, options.minWindowEvents);
  const width = featureWidth(events);
  const features = width > 0 ? new FeatureAccumulator(featureNames(width, options.signature)) : undefined;
  const rows: (readonly number[])[] = [];
  for (const event of events) {
    for (const [name, value] of Object.entries(event.signals)) acc.add(name, value);
    const cls = event.signals['predicted_class'];
    if (typeof cls === 'number') acc.addClass(cls);
    const row = event.features !== undefined && event.features.length === width ? event.features : undefined;
    if (features !== undefined && row !== undefined) {
      features.add(row);
      rows.push(row);
    }
    const fp = event.signals['input_fingerprint'];
    const fingerprint = typeof fp === 'number' ? fp : event.features !== undefined && event.features.length > 0 ? fingerprintRows([event.features]) : undefined;
    if (fingerprint === undefined) continue;
    windows.add(fingerprint, event.receivedAt);
    if (typeof fp !== 'number') acc.add('input_fingerprint', fingerprint);
  }
  const featureBaseline = features?.toBaseline(options.shrinkage ?? BASELINE_DEFAULTS.shrinkage);
  if (featureBaseline !== undefined) acc.addOod(featureBaseline, rows);
  return acc.finish(meta, 'traffic', events.length, windows.toWindowed(), featureBaseline);
}

function checkDataset(data: DatasetInput, path: string): void {
  const p = data.names.length;
  if (p === 0 || data.rows.length === 0) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${path}: the dataset has no feature columns or no rows`, { source: path });
  data.rows.forEach((row, i) => {
    if (row.length !== p) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${path}: row ${i + 1} has ${row.length} values, expected ${p}`, { source: path, row: i + 1 });
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(row[j])) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${path}: row ${i + 1}, column "${data.names[j]}" is not a finite number`, { source: path, row: i + 1, column: data.names[j] });
    }
  });
  for (const [name, values] of Object.entries(data.extraSignals ?? {})) {
    if (values.length !== data.rows.length) throw inspectErrors.error('INS_ERR_BASELINE_INPUT', `${path}: signal "${name}" has ${values.length} values for ${data.rows.length} rows`, { source: path, signal: name });
  }
}

function schemaViolation(row: ArrayLike<number>, signature: ModelSignature): boolean {
  const spec = signature.inputs[0];
  if (spec === undefined) return true;
  const shape = spec.shape.map((d) => (d === -1 ? 1 : d));
  const body = { inputs: [{ name: spec.name, datatype: spec.datatype, shape, data: Array.from(row) }] };
  return checkSchema(decodeOipInputs(body, row.length), signature).violation;
}

/**
 * Builds a profile from a dataset. Throws `INS_ERR_BASELINE_INPUT` for an empty dataset,
 * a ragged row or a non-finite value.
 *
 * @example
 * const profile = buildDatasetBaseline({ names: CHECKOUT_FEATURES, rows }, { model: 'fraud', version: 'v1', builtAt, source: { path, sha256 } });
 * profile.signals['input_fingerprint']?.windowed?.['entropy(input_fingerprint)']?.moments.mean; // ≈ 6.6 bits for windows of 100 rows
 */
export function buildDatasetBaseline(data: DatasetInput, meta: BaselineMeta, options: BuildOptions = {}): BaselineProfile {
  checkOptions(options);
  checkDataset(data, meta.source.path);
  const acc = new ProfileAccumulator();
  const windows = new FingerprintWindows({ kind: 'rows', windowRows: options.windowRows ?? BASELINE_DEFAULTS.windowRows }, options.minWindowEvents);
  const features = new FeatureAccumulator(data.names);
  data.rows.forEach((row, i) => {
    features.add(row);
    const fingerprint = fingerprintRows([row]);
    acc.add('input_fingerprint', fingerprint);
    windows.add(fingerprint, i);
    if (options.signature !== undefined) acc.add('schema_violation', schemaViolation(row, options.signature));
    const probs = data.probabilities?.[i];
    const c = probs === undefined ? undefined : classifierSignals(probs);
    if (c !== undefined) {
      acc.add('confidence', c.confidence);
      acc.add('margin', c.margin);
      acc.add('predicted_class', c.predicted_class);
      acc.addClass(c.predicted_class);
    } else if (data.probabilities === undefined && data.labels?.[i] !== undefined) {
      acc.addClass(data.labels[i] as string | number);
    }
    for (const [name, values] of Object.entries(data.extraSignals ?? {})) acc.add(name, values[i] as number);
  });
  const featureBaseline = features.toBaseline(options.shrinkage ?? BASELINE_DEFAULTS.shrinkage);
  acc.addOod(featureBaseline, data.rows);
  return acc.finish(meta, 'dataset', data.rows.length, windows.toWindowed(), featureBaseline);
}
