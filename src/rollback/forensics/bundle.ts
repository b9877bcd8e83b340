/**
 * @module rollback/forensics/bundle
 * Builds the forensic bundle of one anomaly from a frozen ring snapshot and what the
 * registry, the config and the detection engine know, redacting PII in the request
 * bodies by policy (here, at persist time, never on the hot path), and encodes it as
 * canonical JSON addressed by its sha256.
 */
import { createHash } from 'node:crypto';
import type { AnomalyRef } from '../../breaker/index.js';
import type { RouteSpec } from '../../gateway/index.js';
import { redactText } from '../../inspect/pii/index.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { sha256Hex } from '../../shared/digest.js';
import { ROLLBACK_DEFAULTS } from '../defaults.js';
import type { AnomalyContext, BundleEvent, ForensicBundle, VersionFacts } from '../types.js';
import type { RingEntry, RingSnapshot } from './ring.js';

/** Everything a bundle is made of. */
export interface BundleInput {
  readonly model: string;
  readonly incidentId: string;
  readonly anomaly: AnomalyRef;
  readonly context: AnomalyContext | null;
  readonly decidedAt: number;
  /** Undefined when the snapshot was lost (a restart between freeze and persist). */
  readonly snapshot: RingSnapshot | undefined;
  readonly redactPii: boolean;
  readonly route: ForensicBundle['route'];
  readonly versions: readonly VersionFacts[];
  /** The model's config with secrets already redacted. */
  readonly config: unknown;
}

/**
 * Builds the bundle; `pause` is awaited between slices of events so that redacting ten
 * thousand bodies never starves the data plane.
 *
 * @example
 * const bundle = await buildBundle(input, () => new Promise((r) => setImmediate(r)));
 * const { digest, bytes } = encodeBundle(bundle);
 */
export async function buildBundle(input: BundleInput, pause: () => Promise<void>): Promise<ForensicBundle> {
  const entries = input.snapshot?.entries() ?? [];
  const events: BundleEvent[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % ROLLBACK_DEFAULTS.bundleSliceEvents === 0) await pause();
    events.push(toBundleEvent(entries[i] as RingEntry, input.redactPii));
  }
  const samples = new Set(input.context?.sampleRequestIds ?? []);
  const { detectorState, ...context } = input.context ?? { detectorState: undefined };
  return {
    format: 'bulwark.forensics/v1',
    model: input.model,
    incidentId: input.incidentId,
    anomaly: { ...plain(input.anomaly), context: input.context === null ? null : plain(context as AnomalyContext) },
    decidedAt: input.decidedAt,
    frozenAt: input.snapshot?.frozenAt ?? null,
    ringLost: input.snapshot === undefined,
    redactedPii: input.redactPii,
    events,
    triggering: events.filter((e) => samples.has(e.requestId)),
    detectorState: detectorState === undefined ? null : plain(detectorState),
    route: plain(input.route),
    versions: plain(input.versions),
    config: plain(input.config ?? null),
  };
}

function toBundleEvent(entry: RingEntry, redactPii: boolean): BundleEvent {
  const text = entry.body.toString('utf8');
  return {
    requestId: entry.requestId,
    at: entry.at,
    model: entry.model,
    version: entry.version,
    apiKeyId: entry.apiKeyId ?? null,
    status: entry.status,
    input: redactPii ? redactText(text) : text,
    ...(entry.bodyBytes > entry.body.length ? { truncatedFromBytes: entry.bodyBytes } : {}),
    signals: finiteSignals(entry.signals),
  };
}

function finiteSignals(signals: Readonly<Record<string, number | boolean>>): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(signals)) if (typeof value === 'boolean' || Number.isFinite(value)) out[key] = value;
  return out;
}

/** A JSON round trip: drops undefined, turns non-finite numbers into null (canonical JSON refuses them). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}

/**
 * The bundle's bytes (canonical JSON) and their sha256, its address.
 *
 * @example
 * encodeBundle(bundle).digest; // '9f86d0…'
 */
export function encodeBundle(bundle: ForensicBundle): { readonly digest: string; readonly bytes: Uint8Array } {
  const bytes = Buffer.from(canonicalJson(bundle), 'utf8');
  return { digest: sha256Hex(bytes), bytes };
}

/** Members of a bundle that hold one entry per event: encoded in slices. */
const EVENT_LISTS: ReadonlySet<string> = new Set(['events', 'triggering']);

/**
 * {@link encodeBundle}'s exact bytes and digest, produced in slices of
 * `bundleSliceEvents` events with `pause()` between them (and before the first), so that a
 * gateway persisting a bundle right after a route switch keeps serving requests (the
 * first ones on the LKG above all) instead of stalling for the whole encoding.
 *
 * @example
 * const { digest } = await encodeBundleSliced(bundle, () => new Promise((r) => setImmediate(r)));
 */
export async function encodeBundleSliced(bundle: ForensicBundle, pause: () => Promise<void>): Promise<{ readonly digest: string; readonly bytes: Uint8Array }> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  const push = (text: string): void => {
    const b = Buffer.from(text, 'utf8');
    hash.update(b);
    parts.push(b);
  };
  const record = bundle as unknown as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await pause();
  push('{');
  for (const [i, k] of keys.entries()) {
    push(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
    const value = record[k];
    if (!EVENT_LISTS.has(k) || !Array.isArray(value)) {
      push(canonicalJson(value));
      continue;
    }
    push('[');
    for (let j = 0; j < value.length; j++) {
      if (j > 0 && j % ROLLBACK_DEFAULTS.bundleSliceEvents === 0) await pause();
      push(`${j > 0 ? ',' : ''}${value[j] === undefined ? 'null' : canonicalJson(value[j])}`);
    }
    push(']');
  }
  push('}');
  return { digest: hash.digest('hex'), bytes: Buffer.concat(parts) };
}

/**
 * Parses bundle bytes read back from a file, checking that they hash to `digest`.
 * Returns undefined on a mismatch (the caller raises RBK_ERR_BUNDLE_CORRUPT).
 *
 * @example
 * const bundle = decodeBundle(bytes, entry.digest);
 */
export function decodeBundle(bytes: Uint8Array, digest: string): ForensicBundle | undefined {
  if (sha256Hex(bytes) !== digest) return undefined;
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as ForensicBundle;
}

/** The route part of a bundle, as given. */
export type BundleRoute = { readonly before: RouteSpec | null; readonly after: RouteSpec | null; readonly liveBefore: (RouteSpec & { readonly epoch: number }) | null };
