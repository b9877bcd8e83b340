/**
 * @module alerts/fingerprint
 * Identities of alerts, all pure and stable across restarts:
 *
 * - the fingerprint (dedupe): model, rule, version, API keys (as a set), kind, and the
 *   explicit dedupe key and stage when given (an SLO's firing episode, its resolve); the
 *   orchestrator's incident events are fingerprinted by incident id and stage instead (the
 *   policy also folds them into the anomaly that opened the incident: same dedupe key and
 *   stage), so the anomaly and the "rolling back" alert are one alert, while repeated
 *   anomalies of one rule (each naming its own would-be incident) still dedupe;
 * - the dedupe key (the alert's name, PagerDuty's `dedup_key`): `incident/<id>` for
 *   everything about an incident, else the fingerprint and the first event's id;
 * - the delivery key (the outbox's idempotency key): dedupe key and stage;
 * - the group key: class, model, rule and primary API key.
 */
import { sha256Hex } from '../shared/digest.js';
import type { AlertCandidate, AlertClass } from './types.js';

const SEP = '\u0000';

/** Sorted, de-duplicated API keys. */
export function keySet(apiKeys: readonly string[] | undefined): string[] {
  return [...new Set(apiKeys ?? [])].sort();
}

/**
 * The stage a candidate stands for: an incident's stage (`opened`, `frozen`, `aborted`,
 * `resolved`); an anomaly that carries an incident id opens that incident; `trigger` or
 * `resolve` otherwise.
 */
export function stageOf(candidate: AlertCandidate): string {
  if (candidate.incidentId !== undefined) {
    if (candidate.resolve === true) return 'resolved';
    return candidate.source === 'incident' ? candidate.kind : 'opened';
  }
  return candidate.resolve === true ? 'resolve' : 'trigger';
}

/**
 * 16 hex characters identifying "the same alert" for dedupe.
 *
 * @example
 * fingerprint(a) === fingerprint({ ...a, id: 'a-18', apiKeys: ['b', 'a'] }); // same keys as a set: true
 */
export function fingerprint(candidate: AlertCandidate): string {
  const parts =
    candidate.source === 'incident' && candidate.incidentId !== undefined
      ? ['incident', candidate.model, candidate.incidentId, stageOf(candidate)]
      : [candidate.source, candidate.kind, candidate.model, candidate.rule, candidate.version ?? '', keySet(candidate.apiKeys).join(','), candidate.dedupeKey ?? '', stageOf(candidate)];
  return sha256Hex(parts.join(SEP)).slice(0, 16);
}

/**
 * The alert's dedupe key: shared by its trigger and its resolve.
 *
 * @example
 * dedupeKeyFor({ ...candidate, incidentId: 'inc-3f1c' }, fp);  // 'incident/inc-3f1c'
 * dedupeKeyFor(candidate, fp);                                   // 'anomaly/<fp>/<8 hex of the id>'
 */
export function dedupeKeyFor(candidate: AlertCandidate, fp: string): string {
  if (candidate.incidentId !== undefined) return `incident/${candidate.incidentId}`;
  if (candidate.dedupeKey !== undefined) return candidate.dedupeKey;
  return `${candidate.source}/${fp}/${sha256Hex(candidate.id).slice(0, 8)}`;
}

/**
 * The delivery key of a notification about `dedupeKey` at `stage`: unique per
 * notification, so the outbox treats a re-emitted event (a resumed decision) as a no-op.
 *
 * @example
 * deliveryKey('incident/inc-3f1c', 'frozen'); // 'incident/inc-3f1c:frozen'
 */
export function deliveryKey(dedupeKey: string, stage: string): string {
  return `${dedupeKey}:${stage}`;
}

/**
 * Alerts of one class about the same model, source (rule) and primary API key share a
 * group: the first is sent at once, the rest of the group window in one notification.
 *
 * @example
 * groupKeyOf('page', candidate); // 16 hex
 */
export function groupKeyOf(alertClass: AlertClass, candidate: AlertCandidate): string {
  return sha256Hex([alertClass, candidate.model, candidate.rule, primaryKey(candidate) ?? ''].join(SEP)).slice(0, 16);
}

/** The API key an alert is mostly about (the detection engine lists flagged keys first). */
export function primaryKey(candidate: AlertCandidate): string | undefined {
  return candidate.apiKeys?.[0];
}
