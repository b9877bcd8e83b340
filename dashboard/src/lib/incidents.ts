/**
 * @module dashboard/lib/incidents
 * Figures over incidents and anomalies for the executive and on-call views: counts, mean
 * time to detect and to mitigate, which incidents are still open, and which models are hit
 * most. Pure.
 */
import type { Anomaly, Incident } from '../api/openapi-types';

/** Headline figures over incidents. */
export interface IncidentStats {
  /** Incidents bulwark detected. */
  readonly detected: number;
  /** Attacks operators reported that bulwark missed. */
  readonly missed: number;
  /** Not resolved yet (rolling back, mitigated, frozen). */
  readonly open: number;
  /** Mean onset → detection over detected incidents, ms; null without any. */
  readonly meanTimeToDetectMs: number | null;
  /** Mean detection → traffic off the suspect version (or frozen), ms; null without any. */
  readonly meanTimeToMitigateMs: number | null;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * @example
 * incidentStats(incidents).meanTimeToDetectMs; // 412
 */
export function incidentStats(incidents: readonly Incident[]): IncidentStats {
  const detected = incidents.filter((i) => i.kind === 'detected');
  return {
    detected: detected.length,
    missed: incidents.length - detected.length,
    open: incidents.filter(isOpen).length,
    meanTimeToDetectMs: mean(detected.map((i) => i.timeToDetectMs).filter(Number.isFinite)),
    meanTimeToMitigateMs: mean(detected.flatMap((i) => (typeof i.timeToMitigateMs === 'number' ? [i.timeToMitigateMs] : []))),
  };
}

/** An incident nobody closed yet. */
export function isOpen(incident: Incident): boolean {
  return incident.state !== 'resolved';
}

/** Requests the incident's rollback marked untrusted (0 when none were). */
export function untrustedCount(incident: Incident): number {
  const untrusted = incident['untrusted'];
  if (untrusted === null || typeof untrusted !== 'object') return 0;
  const count = (untrusted as { count?: unknown }).count;
  return typeof count === 'number' ? count : 0;
}

/** One model's share of the trouble. */
export interface AffectedModel {
  readonly model: string;
  readonly incidents: number;
  readonly open: number;
  readonly anomalies: number;
  readonly untrusted: number;
  readonly lastAt: number | null;
}

/**
 * Models ranked by incidents, then anomalies, then untrusted requests.
 *
 * @example
 * mostAffected(incidents, anomalies)[0]?.model; // 'fraud'
 */
export function mostAffected(incidents: readonly Incident[], anomalies: readonly Anomaly[]): AffectedModel[] {
  const rows = new Map<string, { model: string; incidents: number; open: number; anomalies: number; untrusted: number; lastAt: number | null }>();
  const row = (model: string) => {
    let r = rows.get(model);
    if (r === undefined) rows.set(model, (r = { model, incidents: 0, open: 0, anomalies: 0, untrusted: 0, lastAt: null }));
    return r;
  };
  for (const i of incidents) {
    const r = row(i.model);
    r.incidents++;
    if (isOpen(i)) r.open++;
    r.untrusted += untrustedCount(i);
    r.lastAt = Math.max(r.lastAt ?? 0, i.detectedAt);
  }
  for (const a of anomalies) {
    const r = row(a.model);
    r.anomalies++;
    r.lastAt = Math.max(r.lastAt ?? 0, a.detectedAt);
  }
  return [...rows.values()].sort((a, b) => b.incidents - a.incidents || b.anomalies - a.anomalies || b.untrusted - a.untrusted || a.model.localeCompare(b.model));
}
