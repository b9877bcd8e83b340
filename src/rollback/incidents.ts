/**
 * @module rollback/incidents
 * Incidents as pure functions of WAL records: the id of an anomaly's incident (a hash of
 * model and anomaly id, so a resumed decision finds the same one), the incident an
 * `open_incident` effect creates, and the updates a decision's events imply (mitigated
 * when the rollback completes, frozen, resolved by an approval or an unfreeze).
 */
import type { AnomalyRef, BreakerState } from '../breaker/index.js';
import { sha256Hex } from '../shared/digest.js';
import type { Incident, IncidentPatch, IncidentState, WalRecord } from './types.js';

/**
 * The incident id of an anomaly: `inc-` and 20 hex characters of sha256(model, anomaly id).
 *
 * @example
 * incidentIdFor('fraud', 'a-17'); // 'inc-3f1c…'
 */
export function incidentIdFor(model: string, anomalyId: string): string {
  return `inc-${sha256Hex(`${model}\u0000${anomalyId}`).slice(0, 20)}`;
}

/** The anomaly a decision is about: its command's, else the state's. */
export function recordAnomaly(record: WalRecord): AnomalyRef | undefined {
  if (record.command.type === 'anomaly') return record.command.anomaly;
  const state = record.state;
  return 'anomaly' in state ? state.anomaly : undefined;
}

function incidentState(state: BreakerState): IncidentState {
  if (state.kind === 'rolling_back') return 'rolling_back';
  if (state.kind === 'frozen') return 'frozen';
  return 'mitigated';
}

/**
 * The state part of an incident for a decision's new breaker state; `switchedAt` is when
 * the last route switch of the decision happened (mitigation time).
 *
 * @example
 * stateFacts(record, 1_700_000_000_120, detectedAt).state; // 'mitigated'
 */
export function stateFacts(record: WalRecord, switchedAt: number, detectedAt: number): IncidentPatch {
  const state = incidentState(record.state);
  const mitigated = state === 'rolling_back' ? {} : { mitigatedAt: switchedAt, timeToMitigateMs: Math.max(0, switchedAt - detectedAt) };
  return { state, ...mitigated, ...(record.state.kind === 'frozen' ? { frozenReason: record.state.reason } : {}), updatedAt: switchedAt };
}

/**
 * The incident an `open_incident` effect creates for `record`.
 *
 * @example
 * const incident = newIncident(record, anomaly, { switchedAt, bundleDigest });
 */
export function newIncident(record: WalRecord, anomaly: AnomalyRef, facts: { readonly switchedAt: number; readonly bundleDigest?: string; readonly untrusted: Incident['untrusted'] }): Incident {
  const detectedAt = record.context.anomaly?.detectedAt ?? record.at;
  const patch = stateFacts(record, facts.switchedAt, detectedAt);
  return {
    id: record.context.incidentId ?? incidentIdFor(record.model, anomaly.id),
    model: record.model,
    anomaly,
    state: patch.state ?? 'rolling_back',
    suspect: anomaly.version,
    lkg: record.state.lkg,
    ...(patch.frozenReason === undefined ? {} : { frozenReason: patch.frozenReason }),
    onsetAt: anomaly.onset,
    detectedAt,
    openedAt: record.at,
    ...(patch.mitigatedAt === undefined ? {} : { mitigatedAt: patch.mitigatedAt, timeToMitigateMs: patch.timeToMitigateMs }),
    timeToDetectMs: Math.max(0, detectedAt - anomaly.onset),
    ...(facts.bundleDigest === undefined ? {} : { bundleDigest: facts.bundleDigest }),
    untrusted: facts.untrusted,
    updatedAt: record.at,
  } as Incident;
}

/**
 * Incident updates implied by a decision that did not open its incident: the canary
 * completing (mitigated), an approval (resolved), an unfreeze (mitigated again when the
 * traffic stays on the LKG, else resolved).
 *
 * @example
 * for (const { id, patch } of incidentUpdates(record, detectedAt)) await incidents.update(id, patch);
 */
export function incidentUpdates(record: WalRecord): { readonly id: string; readonly patch: Partial<IncidentPatch> & { readonly updatedAt: number }; readonly mitigated?: boolean }[] {
  const prev = record.prev;
  const prevAnomaly = prev !== null && 'anomaly' in prev ? prev.anomaly : undefined;
  if (prevAnomaly === undefined) return [];
  const id = incidentIdFor(record.model, prevAnomaly.id);
  const at = record.at;
  const out: { id: string; patch: Partial<IncidentPatch> & { updatedAt: number }; mitigated?: boolean }[] = [];
  for (const event of record.events) {
    if (event.type === 'rolled_back' && prev?.kind === 'rolling_back') out.push({ id, patch: { state: 'mitigated', updatedAt: at }, mitigated: true });
    if (event.type === 'roll_forward_started' && record.command.type === 'approve') {
      out.push({ id, patch: { state: 'resolved', resolution: { actor: record.command.actor, reason: record.command.reason, at, how: 'approved' }, updatedAt: at } });
    }
    if (event.type === 'unfrozen' && record.command.type === 'unfreeze') {
      const resolution = { actor: record.command.actor, reason: record.command.reason, at, how: 'unfrozen' as const };
      out.push({ id, patch: { state: record.state.kind === 'rolled_back' ? 'mitigated' : 'resolved', resolution, updatedAt: at } });
    }
  }
  return out;
}
