/**
 * @module control/runbook-views
 * The runbooks the API attaches to what it shows, taken from the alerting context's map
 * (src/alerts/runbooks.ts, the one owner of runbook ids and titles): an incident's pages
 * (what fired, the freeze page when the breaker froze on it, the untrusted-window follow-up
 * after a rollback), a frozen breaker's, and an alert's. Each link has the repository path
 * and the URL the server knows (under `alerts.runbookBaseUrl` when set).
 */
import { RUNBOOKS, incidentRunbooks, runbookFor, runbookLink, runbookPath } from '../alerts/index.js';
import type { RunbookId } from '../alerts/index.js';
import type { BreakerState } from '../breaker/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Anomaly } from '../detect/index.js';
import type { Incident } from '../rollback/index.js';
import { incidentIdFor } from '../rollback/index.js';

/** One runbook as the API shows it. */
export interface RunbookView {
  readonly id: string;
  readonly title: string;
  /** `docs/runbooks/<id>.md` */
  readonly path: string;
  /** `<alerts.runbookBaseUrl>/<id>.md` when set, else the repository path. */
  readonly url: string;
}

/** What the incident lookup needs besides the incident. */
export interface RunbookContext {
  readonly config: BulwarkConfig;
  /** The model's breaker, if it has one. */
  breaker(model: string): BreakerState | undefined;
  /** A recent anomaly by id (the control plane's ring), for its condition and kind. */
  anomaly(id: string): Anomaly | undefined;
}

/**
 * A runbook link as the API shows it; an id the map does not know keeps its id as title.
 *
 * @example
 * runbookView({ id: 'drift', title: 'Drift (PSI / KS / out-of-distribution)', url: 'https://runbooks.example/drift.md' }).path; // 'docs/runbooks/drift.md'
 */
export function runbookView(link: { readonly id: string; readonly title?: string; readonly url?: string }): RunbookView {
  const known = Object.hasOwn(RUNBOOKS, link.id);
  const path = known ? runbookPath(link.id as RunbookId) : `docs/runbooks/${link.id}.md`;
  return { id: link.id, title: link.title ?? (known ? RUNBOOKS[link.id as RunbookId] : link.id), path, url: link.url ?? path };
}

/**
 * The runbooks of an incident, most relevant first.
 *
 * @example
 * incidentRunbookViews(incident, { config, breaker: (m) => breakers?.state(m), anomaly: (id) => recent.get(id) }).map((r) => r.id);
 * // ['entropy-collapse', 'untrusted-window']
 */
export function incidentRunbookViews(incident: Incident, ctx: RunbookContext): RunbookView[] {
  const anomaly = ctx.anomaly(incident.anomaly.id);
  const condition = anomaly?.condition ?? ctx.config.models[incident.model]?.rules.find((r) => r.id === incident.anomaly.rule)?.when;
  const ids = incidentRunbooks({
    rule: incident.anomaly.rule,
    ...(condition === undefined ? {} : { condition }),
    ...(anomaly === undefined ? {} : { kind: anomaly.kind }),
    ...frozenOn(incident, ctx.breaker(incident.model)),
    // A rollback marks the suspect's rows untrusted; a freeze (loop guard) moves nothing.
    rolledBack: incident.untrusted !== null,
  });
  const base = ctx.config.alerts.runbookBaseUrl;
  return ids.map((id) => runbookView(runbookLink(id, base)));
}

/**
 * The runbook of a frozen breaker (loop guard, LKG anomalous: `loop-guard-freeze`; LKG
 * unhealthy during a roll-forward: `lkg-unhealthy-canary`); null for any other state.
 *
 * @example
 * breakerRunbookView({ kind: 'frozen', reason: 'loop_guard', … }, config)?.id; // 'loop-guard-freeze'
 */
export function breakerRunbookView(breaker: BreakerState | undefined, config: BulwarkConfig): RunbookView | null {
  if (breaker?.kind !== 'frozen') return null;
  return runbookView(runbookLink(runbookFor({ source: 'incident', kind: 'frozen', rule: 'breaker', condition: breaker.reason }), config.alerts.runbookBaseUrl));
}

/** The freeze reason when the breaker froze on this incident (the incident says so, or the frozen state names its anomaly). */
function frozenOn(incident: Incident, breaker: BreakerState | undefined): { frozenReason?: string } {
  if (incident.state === 'frozen' && incident.frozenReason !== undefined) return { frozenReason: incident.frozenReason };
  if (breaker?.kind === 'frozen' && breaker.anomaly !== undefined && incidentIdFor(incident.model, breaker.anomaly.id) === incident.id) return { frozenReason: breaker.reason };
  return {};
}
