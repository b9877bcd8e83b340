/**
 * @module dashboard/lib/bundle-views
 * Views of one forensic bundle (GET /api/v1/forensics/{id}: the requests the gateway held
 * in its ring when the breaker tripped, PII already redacted by the API): the per-API-key
 * query timeline (requests per key per time bucket, what model extraction looks like) and
 * the flagged inputs (the requests that triggered the anomaly, then those an inspector
 * flagged). Pure.
 */

/** A bundle event as the dashboard reads it (the API's events are open objects). */
export interface BundleEventView {
  readonly requestId: string;
  readonly at: number;
  readonly version: string;
  readonly apiKeyId: string | null;
  readonly status: number;
  readonly input: string;
  readonly signals: Readonly<Record<string, number | boolean>>;
}

/** Reads an API bundle event, with defaults for anything missing. */
export function eventView(raw: { readonly requestId: string; readonly input: string; readonly [key: string]: unknown }): BundleEventView {
  const signals = raw['signals'];
  return {
    requestId: raw.requestId,
    input: raw.input,
    at: typeof raw['at'] === 'number' ? raw['at'] : 0,
    version: typeof raw['version'] === 'string' ? raw['version'] : '?',
    apiKeyId: typeof raw['apiKeyId'] === 'string' ? raw['apiKeyId'] : null,
    status: typeof raw['status'] === 'number' ? raw['status'] : 0,
    signals: signals !== null && typeof signals === 'object' ? (signals as Record<string, number | boolean>) : {},
  };
}

/** Signals that are the gateway's own bookkeeping, not an inspector's finding. */
function isFinding(name: string): boolean {
  return name !== 'error' && name !== 'rejected' && !name.endsWith('_unavailable');
}

/**
 * The boolean signals that are true on an event.
 *
 * @example
 * flags({ signals: { shadow_disagree: true, error: false, entropy: 3.1 } }); // ['shadow_disagree']
 */
export function flags(event: Pick<BundleEventView, 'signals'>): string[] {
  return Object.entries(event.signals).filter(([name, v]) => v === true && isFinding(name)).map(([name]) => name);
}

/**
 * The triggering requests first, then every other flagged one, at most `limit`.
 *
 * @example
 * flaggedInputs(events, new Set(['r-1'])).map((e) => e.requestId); // ['r-1', 'r-7', …]
 */
export function flaggedInputs(events: readonly BundleEventView[], triggering: ReadonlySet<string>, limit = 24): BundleEventView[] {
  const first = events.filter((e) => triggering.has(e.requestId));
  const rest = events.filter((e) => !triggering.has(e.requestId) && flags(e).length > 0);
  return [...first, ...rest].slice(0, limit);
}

/** Requests per key per bucket, aligned for a chart. */
export interface KeyTimeline {
  readonly keys: readonly string[];
  readonly bucketMs: number;
  /** Bucket starts, seconds since the epoch. */
  readonly x: readonly number[];
  /** y[key index][bucket index]: requests. */
  readonly y: readonly (readonly number[])[];
}

const NICE_BUCKETS_MS = [100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 3_600_000];

/**
 * @example
 * keyTimeline(events).keys; // ['mallory', 'shop-frontend']
 */
export function keyTimeline(events: readonly Pick<BundleEventView, 'at' | 'apiKeyId'>[], targetBuckets = 60): KeyTimeline {
  const times = events.map((e) => e.at).filter((t) => t > 0);
  if (times.length === 0) return { keys: [], bucketMs: 1_000, x: [], y: [] };
  const start = Math.min(...times);
  const span = Math.max(...times) - start;
  const bucketMs = NICE_BUCKETS_MS.find((b) => span / b <= targetBuckets) ?? 3_600_000;
  const first = Math.floor(start / bucketMs) * bucketMs;
  const n = Math.floor((Math.max(...times) - first) / bucketMs) + 1;
  const keys = [...new Set(events.map((e) => e.apiKeyId ?? '(anonymous)'))].sort();
  const y = keys.map(() => new Array<number>(n).fill(0));
  for (const e of events) {
    if (e.at <= 0) continue;
    const row = y[keys.indexOf(e.apiKeyId ?? '(anonymous)')] as number[];
    const i = Math.floor((e.at - first) / bucketMs);
    row[i] = (row[i] ?? 0) + 1;
  }
  return { keys, bucketMs, x: Array.from({ length: n }, (_, i) => (first + i * bucketMs) / 1000), y };
}
