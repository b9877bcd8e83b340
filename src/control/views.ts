/**
 * @module control/views
 * What the API answers with, as pure projections of the contexts' objects: a model with
 * its declared versions, the route in force and its breaker (and a frozen breaker's
 * runbook); an incident with its kind and runbooks;
 * a forensic bundle's index entry without the file location (a server path).
 */
import type { BreakerState } from '../breaker/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { RouteChange, RouteTable } from '../gateway/index.js';
import type { ForensicIndexEntry, Incident, WalRecord } from '../rollback/index.js';
import { breakerRunbookView } from './runbook-views.js';
import type { RunbookView } from './runbook-views.js';
import { incidentKind } from './sli/feedback-stats.js';

/** A model as GET /api/v1/models shows it. */
export interface ModelView {
  readonly name: string;
  readonly protocol: string;
  readonly versions: readonly string[];
  readonly declaredRoute: Omit<RouteTable, 'model' | 'epoch'>;
  readonly route: Omit<RouteTable, 'model'> | null;
  readonly breaker: BreakerState | null;
  /** The frozen breaker's runbook; null when not frozen. */
  readonly breakerRunbook: RunbookView | null;
}

/**
 * @example
 * modelView(config, 'fraud', routes.current('fraud'), orchestrator.state('fraud'));
 */
export function modelView(config: BulwarkConfig, name: string, route: RouteTable | undefined, breaker: BreakerState | undefined): ModelView {
  const model = config.models[name];
  if (model === undefined) throw new Error(`modelView: model "${name}" is not declared`);
  const { active, lkg, weights, shadow } = model.route;
  return {
    name,
    protocol: model.protocol,
    versions: Object.keys(model.versions),
    declaredRoute: { active, ...(lkg === undefined ? {} : { lkg }), ...(weights === undefined ? {} : { weights }), ...(shadow === undefined ? {} : { shadow }) },
    route: route === undefined ? null : tableView(route),
    breaker: breaker ?? null,
    breakerRunbook: breakerRunbookView(breaker, config),
  };
}

/** A route table without its model name. */
export function tableView(table: RouteTable): Omit<RouteTable, 'model'> {
  const { model: _model, ...rest } = table;
  return rest;
}

/** An incident as the API shows it. */
export type IncidentView = Incident & { readonly kind: 'detected' | 'missed'; readonly runbooks: readonly RunbookView[] };

/**
 * An incident with its kind (`missed`: reported by an operator) and its runbooks
 * (runbook-views.ts).
 *
 * @example
 * incidentView(incident, incidentRunbookViews(incident, ctx)).kind; // 'detected'
 */
export function incidentView(incident: Incident, runbooks: readonly RunbookView[]): IncidentView {
  return { ...incident, kind: incidentKind(incident), runbooks };
}

/** A bundle's index entry as the API shows it (no file location). */
export function bundleEntryView(entry: ForensicIndexEntry): Omit<ForensicIndexEntry, 'location'> {
  const { location: _location, ...rest } = entry;
  return rest;
}

/** The `route_change` event's data. */
export function routeChangeData(change: RouteChange): Record<string, unknown> {
  return { model: change.model, actor: change.actor, reason: change.reason, at: change.at, prev: tableView(change.prev), next: tableView(change.next) };
}

/** The `breaker_transition` event's data: one persisted breaker decision. */
export function breakerTransitionData(record: WalRecord): Record<string, unknown> {
  return {
    model: record.model,
    seq: record.seq,
    at: record.at,
    command: record.command.type,
    from: record.prev?.kind ?? null,
    to: record.state.kind,
    state: record.state,
    events: record.events,
    ...(record.context.incidentId === undefined ? {} : { incidentId: record.context.incidentId }),
  };
}
