/**
 * @module gateway/routing/route-switch
 * The in-process RouteSwitch: one immutable RouteTable per model (plus its compiled
 * weights), replaced atomically. A switch is visible to the very next request; listeners
 * hear about it at once; the audit entry follows (STYLE: switch first, persist after).
 */
import type { Clock } from '../../shared/clock.js';
import { gatewayErrors } from '../errors.js';
import type { ErrorHandler, RouteAuditSink, RouteChange, RouteSpec, RouteSwitch, RouteTable, SwitchMeta } from '../ports.js';
import { compileWeights } from './choose-version.js';
import type { CompiledWeights } from './choose-version.js';
import { planReconcile } from './reconcile.js';
import type { RouteModelDecl } from './reconcile.js';
import { freezeTable, validateRouteSpec } from './route-table.js';

/** What the data plane reads per request. */
export interface RouteSlot {
  readonly table: RouteTable;
  readonly compiled: CompiledWeights;
  readonly versions: ReadonlySet<string>;
  readonly declared: RouteSpec;
}

/** Dependencies of an InProcessRouteSwitch. */
export interface RouteSwitchDeps {
  readonly clock: Clock;
  /** Receives one `route.switch` entry per switch; none when absent (tests). */
  readonly audit?: RouteAuditSink;
  readonly onError: ErrorHandler;
}

/**
 * The gateway's RouteSwitch.
 *
 * @example
 * const routes = new InProcessRouteSwitch({ clock, audit: auditLog, onError });
 * routes.reconcile(new Map([['fraud', { versions: ['v1', 'v2'], route: { active: 'v2', lkg: 'v1' } }]]), { actor: 'config', reason: 'start' });
 * await routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'rollback', reason: 'entropy-collapse' });
 */
export class InProcessRouteSwitch implements RouteSwitch {
  readonly #deps: RouteSwitchDeps;
  readonly #slots = new Map<string, RouteSlot>();
  /** Last epoch per model, kept after a model is removed so that epochs never go back. */
  readonly #epochs = new Map<string, number>();
  readonly #listeners = new Set<(change: RouteChange) => void>();

  constructor(deps: RouteSwitchDeps) {
    this.#deps = deps;
  }

  /** The slot of `model` (table + compiled weights), for the hot path. */
  slot(model: string): RouteSlot | undefined {
    return this.#slots.get(model);
  }

  current(model: string): RouteTable | undefined {
    return this.#slots.get(model)?.table;
  }

  /** Every table in force, by model name. */
  tables(): RouteTable[] {
    return [...this.#slots.values()].map((slot) => slot.table);
  }

  subscribe(listener: (change: RouteChange) => void): () => void {
    const entry = (change: RouteChange): void => listener(change);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  async switch(model: string, next: RouteSpec, meta: SwitchMeta): Promise<RouteTable> {
    const slot = this.#slots.get(model);
    if (slot === undefined) throw gatewayErrors.error('GW_ERR_INVALID_ROUTE', `cannot switch "${model}": no such model`, { model });
    const problems = validateRouteSpec(next, slot.versions);
    if (problems.length > 0) throw invalid(model, problems);
    const change = this.#apply(model, next, slot.versions, slot.declared, meta);
    await this.#audit(change);
    return change.next;
  }

  /**
   * Checks the config's route declarations without changing anything; throws
   * GW_ERR_INVALID_ROUTE naming the model and every problem.
   */
  validate(models: ReadonlyMap<string, RouteModelDecl>): void {
    for (const [model, decl] of models) {
      const problems = validateRouteSpec(decl.route, new Set(decl.versions));
      if (problems.length > 0) throw invalid(model, problems);
    }
  }

  /**
   * Brings the routes in line with the config's models (at start and on every reload),
   * synchronously: new models start at their declared route, a changed declared route is
   * switched to, an unchanged one keeps the route in force (a reload does not undo a
   * rollback). Validates first and changes nothing when a declared route is invalid. The
   * audit entries of the switches are written in the background (`audited`; failures also
   * go to the error handler).
   */
  reconcile(models: ReadonlyMap<string, RouteModelDecl>, meta: SwitchMeta): { readonly changes: RouteChange[]; readonly audited: Promise<void> } {
    this.validate(models);
    const changes: RouteChange[] = [];
    for (const step of planReconcile(this.#slots, models)) {
      const decl = models.get(step.model);
      if (step.kind === 'remove') this.#slots.delete(step.model);
      else if (decl === undefined) continue;
      else if (step.kind === 'create') this.#create(step.model, decl);
      else if (step.kind === 'keep') this.#refresh(step.model, decl);
      else changes.push(this.#apply(step.model, step.spec, new Set(decl.versions), decl.route, { actor: meta.actor, reason: step.reason }));
    }
    const audited = Promise.all(changes.map((change) => this.#audit(change).catch((err: Error) => this.#deps.onError(err)))).then(() => undefined);
    return { changes, audited };
  }

  #create(model: string, decl: RouteModelDecl): void {
    const epoch = (this.#epochs.get(model) ?? 0) + 1;
    this.#epochs.set(model, epoch);
    const table = freezeTable(model, decl.route, epoch);
    this.#slots.set(model, { table, compiled: compileWeights(table), versions: new Set(decl.versions), declared: decl.route });
  }

  /** Keeps the table, refreshing the declared versions (a version may have been added). */
  #refresh(model: string, decl: RouteModelDecl): void {
    const slot = this.#slots.get(model);
    if (slot !== undefined) this.#slots.set(model, { ...slot, versions: new Set(decl.versions), declared: decl.route });
  }

  #apply(model: string, spec: RouteSpec, versions: ReadonlySet<string>, declared: RouteSpec, meta: SwitchMeta): RouteChange {
    const prev = this.#slots.get(model)?.table as RouteTable;
    const epoch = Math.max(this.#epochs.get(model) ?? 0, prev.epoch) + 1;
    this.#epochs.set(model, epoch);
    const next = freezeTable(model, spec, epoch);
    this.#slots.set(model, { table: next, compiled: compileWeights(next), versions, declared });
    const change: RouteChange = Object.freeze({ model, prev, next, actor: meta.actor, reason: meta.reason, at: this.#deps.clock.now() });
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (err) {
        this.#deps.onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return change;
  }

  async #audit(change: RouteChange): Promise<void> {
    const audit = this.#deps.audit;
    if (audit === undefined) return;
    const { model, prev, next, actor, reason } = change;
    try {
      await audit.record({ actor, action: 'route.switch', target: `model:${model}`, details: { reason, epoch: next.epoch, from: strip(prev), to: strip(next) } });
    } catch (err) {
      throw gatewayErrors.error('GW_ERR_AUDIT_FAILED', `route of "${model}" switched to epoch ${next.epoch}, but its audit entry failed: ${(err as Error).message}`, { model, epoch: next.epoch }, err);
    }
  }
}

function invalid(model: string, problems: readonly string[]): Error {
  return gatewayErrors.error('GW_ERR_INVALID_ROUTE', `invalid route for "${model}": ${problems.join('; ')}`, { model, problems: [...problems] });
}

/** The table without the model (it is the audit target) as plain data. */
function strip(table: RouteTable): Record<string, unknown> {
  const { model: _model, ...rest } = table;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}
