/**
 * @module gateway/routing/reconcile
 * What a config (re)load does to the routes in force, as a pure decision. A model's route
 * follows the file when the file's route changed (or the model is new); otherwise the route
 * in force is kept, so that a reload does not undo a rollback, unless it names versions the
 * new config no longer declares.
 */
import type { RouteSpec, RouteTable } from '../ports.js';
import { sameRouteSpec, validateRouteSpec } from './route-table.js';

/** A model as the config declares it. */
export interface RouteModelDecl {
  readonly versions: readonly string[];
  readonly route: RouteSpec;
}

/** The current state of one model's route. */
export interface RouteSlotView {
  readonly table: RouteTable;
  /** The route the config declared when this model was last loaded. */
  readonly declared: RouteSpec;
}

/** One step of a reconcile. */
export type ReconcileStep =
  | { readonly kind: 'create'; readonly model: string; readonly spec: RouteSpec }
  | { readonly kind: 'switch'; readonly model: string; readonly spec: RouteSpec; readonly reason: string }
  | { readonly kind: 'keep'; readonly model: string }
  | { readonly kind: 'remove'; readonly model: string };

/**
 * The steps that bring `slots` in line with `decls`.
 *
 * @example
 * planReconcile(new Map(), new Map([['fraud', { versions: ['v1'], route: { active: 'v1' } }]]));
 * // [{ kind: 'create', model: 'fraud', spec: { active: 'v1' } }]
 */
export function planReconcile(slots: ReadonlyMap<string, RouteSlotView>, decls: ReadonlyMap<string, RouteModelDecl>): ReconcileStep[] {
  const steps: ReconcileStep[] = [];
  for (const model of slots.keys()) if (!decls.has(model)) steps.push({ kind: 'remove', model });
  for (const [model, decl] of decls) {
    const slot = slots.get(model);
    if (slot === undefined) {
      steps.push({ kind: 'create', model, spec: decl.route });
    } else if (!sameRouteSpec(slot.declared, decl.route)) {
      steps.push({ kind: 'switch', model, spec: decl.route, reason: 'config reload: the route in bulwark.yaml changed' });
    } else if (validateRouteSpec(slot.table, new Set(decl.versions)).length > 0) {
      steps.push({ kind: 'switch', model, spec: decl.route, reason: 'config reload: the route in force names versions no longer declared' });
    } else {
      steps.push({ kind: 'keep', model });
    }
  }
  return steps;
}
