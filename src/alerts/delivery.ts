/**
 * @module alerts/delivery
 * Delivers one claimed outbox item and settles it: delivered; retried later with backoff
 * and jitter (429, 5xx, network errors, a sink that threw); dead-lettered after the last
 * attempt, at once on a permanent refusal (other 4xx), for a sink no longer configured,
 * or for a payload that does not decode. Never throws: store failures and dead letters go
 * to the error handler.
 */
import { alertErrors } from './errors.js';
import type { AlertMetrics } from './metrics.js';
import type { AlertOutbox, AlertSinkPort, DeliveryResult, ErrorHandler, OutboxItem, OutboxRef } from './ports.js';
import { retryDelayMs } from './retry.js';
import type { RetrySettings } from './retry.js';

/** What delivering needs. */
export interface DeliveryDeps {
  readonly outbox: AlertOutbox;
  readonly sinks: ReadonlyMap<string, AlertSinkPort>;
  readonly owner: string;
  readonly now: () => number;
  readonly random: () => number;
  readonly retry: RetrySettings;
  readonly onError: ErrorHandler;
  readonly metrics?: AlertMetrics;
}

/** How one item ended this attempt. */
export type ItemOutcome = 'delivered' | 'retry' | 'failed' | 'dead_lettered';

/**
 * @example
 * const items = await outbox.claim({ owner, now, leaseMs, limit });
 * await Promise.all(items.map((item) => deliverItem(deps, item)));
 */
export async function deliverItem(deps: DeliveryDeps, item: OutboxItem): Promise<ItemOutcome> {
  const ref: OutboxRef = { sink: item.sink, key: item.key, owner: deps.owner };
  const sink = deps.sinks.get(item.sink);
  if (sink === undefined) {
    const error = alertErrors.error('ALR_ERR_UNKNOWN_SINK', `alert ${item.key} is queued for sink ${item.sink}, which is not configured; dead-lettered`, { sink: item.sink, key: item.key });
    return deadLetter(deps, item, ref, 'unknown_sink', error.message, undefined, error);
  }
  if (!decodes(item.payload)) return deadLetter(deps, item, ref, 'corrupt', 'the queued payload is not an alert notification', undefined);
  let result: DeliveryResult;
  try {
    result = await sink.deliver(item.payload, { key: item.key, attempt: item.attempts });
  } catch (err) {
    result = { outcome: 'retry', error: `sink threw: ${(err as Error).message}` };
  }
  if (result.outcome === 'delivered') {
    deps.metrics?.deliveries.inc({ sink: item.sink, severity: item.severity, outcome: 'delivered' });
    await settle(deps, () => deps.outbox.markDelivered(ref, { at: deps.now(), ...(result.status === undefined ? {} : { status: result.status }) }));
    return 'delivered';
  }
  deps.metrics?.deliveries.inc({ sink: item.sink, severity: item.severity, outcome: result.outcome });
  const status = result.status;
  if (result.outcome === 'failed') {
    const error = alertErrors.error('ALR_ERR_DELIVERY_FAILED', `sink ${item.sink} refused alert ${item.key} for good: ${result.error}`, { sink: item.sink, key: item.key, status: status ?? null, attempts: item.attempts });
    return deadLetter(deps, item, ref, 'permanent', result.error, status, error, 'failed');
  }
  if (item.attempts >= deps.retry.maxAttempts) {
    const error = alertErrors.error('ALR_ERR_DELIVERY_FAILED', `sink ${item.sink}: alert ${item.key} not delivered after ${item.attempts} attempt(s): ${result.error}`, { sink: item.sink, key: item.key, status: status ?? null, attempts: item.attempts });
    return deadLetter(deps, item, ref, 'attempts', result.error, status, error);
  }
  const at = deps.now();
  const nextAttemptAt = at + retryDelayMs(deps.retry, item.attempts, deps.random);
  deps.metrics?.retried.inc({ sink: item.sink });
  await settle(deps, () => deps.outbox.scheduleRetry(ref, { at, nextAttemptAt, error: result.error, ...(status === undefined ? {} : { status }) }));
  return 'retry';
}

async function deadLetter(
  deps: DeliveryDeps,
  item: OutboxItem,
  ref: OutboxRef,
  reason: 'unknown_sink' | 'corrupt' | 'permanent' | 'attempts',
  message: string,
  status: number | undefined,
  report?: Error,
  outcome: ItemOutcome = 'dead_lettered',
): Promise<ItemOutcome> {
  deps.metrics?.deadLettered.inc({ sink: item.sink, reason });
  await settle(deps, () => deps.outbox.deadLetter(ref, { at: deps.now(), error: message, ...(status === undefined ? {} : { status }) }));
  if (report !== undefined) deps.onError(report);
  return outcome;
}

async function settle(deps: DeliveryDeps, write: () => Promise<boolean>): Promise<void> {
  try {
    await write();
  } catch (err) {
    deps.onError(alertErrors.error('ALR_ERR_OUTBOX_FAILED', `alert outbox: ${(err as Error).message}`, {}, err));
  }
}

function decodes(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false;
  const p = payload as Record<string, unknown>;
  return typeof p['key'] === 'string' && typeof p['dedupeKey'] === 'string' && typeof p['summary'] === 'string' && typeof p['severity'] === 'string';
}
