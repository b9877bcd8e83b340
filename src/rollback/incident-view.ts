/**
 * @module rollback/incident-view
 * One incident as operators look at it, wherever they look from (`bulwark incidents show`,
 * the control-plane API): the incident, the breaker decisions that mention its anomaly,
 * and its forensic bundle's index entry.
 */
import { rollbackErrors } from './errors.js';
import type { BreakerWal, ForensicIndexStore, IncidentStore } from './ports.js';
import type { Incident, WalRecord } from './types.js';

/** The stores an incident view reads. */
export interface IncidentViewStores {
  readonly incidents: Pick<IncidentStore, 'get'>;
  readonly wal: Pick<BreakerWal, 'list'>;
  readonly forensics: Pick<ForensicIndexStore, 'get'>;
}

/** An incident with its decisions and bundle. */
export interface IncidentView {
  readonly incident: Incident;
  readonly decisions: readonly WalRecord[];
  readonly bundle: { readonly digest: string; readonly location: string; readonly bytes: number } | null;
}

/**
 * Loads incident `id`; RBK_ERR_UNKNOWN_INCIDENT when there is none.
 *
 * @example
 * const { incident, decisions, bundle } = await loadIncident(store.rollback, 'inc-3f1c…');
 */
export async function loadIncident(stores: IncidentViewStores, id: string): Promise<IncidentView> {
  const incident = await stores.incidents.get(id);
  if (incident === undefined) throw rollbackErrors.error('RBK_ERR_UNKNOWN_INCIDENT', `no incident "${id}" (see \`bulwark incidents list\`)`, { id });
  const anomalyId = incident.anomaly.id;
  const mentions = (r: WalRecord): boolean => [r.command, r.prev, r.state].some((x) => x !== null && JSON.stringify(x).includes(JSON.stringify(anomalyId)));
  const decisions = (await stores.wal.list(incident.model)).filter(mentions);
  const entry = incident.bundleDigest === undefined ? undefined : await stores.forensics.get(incident.bundleDigest);
  return { incident, decisions, bundle: entry === undefined ? null : { digest: entry.digest, location: entry.location, bytes: entry.bytes } };
}
