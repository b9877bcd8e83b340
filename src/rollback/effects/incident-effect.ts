/**
 * @module rollback/effects/incident-effect
 * `open_incident` (insert-or-ignore by the deterministic incident id, then the decision's
 * facts applied as a patch, so a resumed or repeated open changes nothing) and the incident
 * updates a decision's events imply (applied after its effects).
 */
import { ROLLBACK_DEFAULTS } from '../defaults.js';
import { incidentIdFor, incidentUpdates, newIncident, recordAnomaly, stateFacts } from '../incidents.js';
import type { EffectEnv } from './env.js';
import { markOf, switchedAt } from './env.js';
import type { PersistMark } from './forensics-effect.js';
import type { UntrustedMark } from './untrusted-effect.js';

/**
 * Opens (or refreshes) the incident of `anomalyId`.
 *
 * @example
 * await applyOpenIncident(env, 'a-17'); // { incidentId: 'inc-…', created: true }
 */
export async function applyOpenIncident(env: EffectEnv, anomalyId: string): Promise<{ readonly incidentId: string; readonly created: boolean }> {
  const { record, deps } = env;
  const anomaly = recordAnomaly(record);
  if (anomaly === undefined || anomaly.id !== anomalyId) throw new Error(`decision ${record.seq} of ${record.model} carries no anomaly ${anomalyId}`);
  const at = switchedAt(env);
  const bundleDigest = markOf<PersistMark>(env, 'persist_forensics')?.digest;
  const untrusted = markOf<UntrustedMark>(env, 'mark_untrusted') ?? null;
  const incident = newIncident(record, anomaly, { switchedAt: at, ...(bundleDigest === undefined ? {} : { bundleDigest }), untrusted });
  const { created, incident: stored } = await deps.incidents.open(incident);
  if (!created) {
    // An incident that exists (a canary freezing, a resume): bring it to this decision's state.
    const facts = stateFacts(record, at, stored.detectedAt);
    await deps.incidents.update(stored.id, { ...facts, ...(bundleDigest === undefined || stored.bundleDigest !== undefined ? {} : { bundleDigest }) });
  }
  if (created) {
    await deps.audit?.record({ actor: ROLLBACK_DEFAULTS.actor, action: 'incident.open', target: `model:${record.model}`, details: { incidentId: incident.id, anomalyId, rule: anomaly.rule, version: anomaly.version, state: incident.state } });
  }
  return { incidentId: incident.id, created };
}

/**
 * Applies the incident updates of `record`'s events (mitigation of a completed canary,
 * resolution by an approval or an unfreeze). Idempotent: the same patch again is a no-op.
 *
 * @example
 * await applyIncidentUpdates(env);
 */
export async function applyIncidentUpdates(env: EffectEnv): Promise<number> {
  const { record, deps } = env;
  let applied = 0;
  for (const { id, patch, mitigated } of incidentUpdates(record)) {
    const current = await deps.incidents.get(id);
    if (current === undefined) continue;
    const at = switchedAt(env);
    const extra = mitigated === true ? { mitigatedAt: at, timeToMitigateMs: Math.max(0, at - current.detectedAt) } : {};
    await deps.incidents.update(id, { ...patch, ...extra });
    applied++;
  }
  return applied;
}

/** The incident a decision belongs to, if any (for alerts). */
export function recordIncidentId(env: EffectEnv): string | undefined {
  const anomaly = recordAnomaly(env.record);
  return env.record.context.incidentId ?? (anomaly === undefined ? undefined : incidentIdFor(env.record.model, anomaly.id));
}
