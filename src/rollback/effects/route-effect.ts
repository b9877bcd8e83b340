/**
 * @module rollback/effects/route-effect
 * The `switch_route` effect: puts the route of the decision's new state in force. The
 * target is a function of the persisted state, and switching to the route already in
 * force is a no-op, so applying it twice (crash-resume) changes nothing. A resumed record
 * that is no longer the model's latest decision is superseded: the start-up route
 * reconciliation has already pinned the latest state's route.
 */
import { sameRouteSpec } from '../../gateway/index.js';
import type { RouteSpec } from '../../gateway/index.js';
import { ROLLBACK_DEFAULTS } from '../defaults.js';
import { rollbackErrors } from '../errors.js';
import { recordAnomaly } from '../incidents.js';
import type { RouteSwitchPort } from '../ports.js';
import { routeForState } from '../route-plan.js';
import type { EffectEnv } from './env.js';

/** The mark of a switch: when it happened and whether anything changed. */
export interface SwitchMark {
  readonly at: number;
  readonly changed: boolean;
  readonly superseded?: boolean;
}

/**
 * Applies the switch of `env.record`.
 *
 * @example
 * const mark = await applySwitch(env);
 */
export async function applySwitch(env: EffectEnv): Promise<SwitchMark> {
  const { record, deps } = env;
  if (!env.latest) return { at: record.at, changed: false, superseded: true };
  const spec = routeForState(record.state, deps.settings(record.model)?.declared.shadow);
  const anomaly = recordAnomaly(record);
  const reason = `${record.command.type}${anomaly === undefined ? '' : ` ${anomaly.rule} on ${anomaly.version}`}: breaker ${record.prev?.kind ?? 'new'} → ${record.state.kind} (decision ${record.seq})`;
  const changed = await ensureRoute(deps.routes, record.model, spec, { actor: ROLLBACK_DEFAULTS.actor, reason, epoch: record.seq }, deps.onError);
  return { at: deps.clock.now(), changed };
}

/**
 * Switches `model` to `spec` unless it is in force already; returns whether it switched.
 * Throws RBK_ERR_ROUTE_SWITCH_FAILED with the cause.
 *
 * @example
 * await ensureRoute(routes, 'fraud', { active: 'v1', lkg: 'v1' }, { actor, reason, epoch: 3 });
 */
export async function ensureRoute(
  routes: RouteSwitchPort,
  model: string,
  spec: RouteSpec,
  meta: { readonly actor: string; readonly reason: string; readonly epoch: number },
  onError?: (error: Error) => void,
): Promise<boolean> {
  const current = routes.current(model);
  if (current !== undefined && sameRouteSpec(current, spec)) return false;
  try {
    await routes.switch(model, spec, meta);
  } catch (err) {
    // The in-process switch is in force even when only its audit entry failed.
    if ((err as { code?: string }).code === 'GW_ERR_AUDIT_FAILED') {
      onError?.(err as Error);
      return true;
    }
    throw rollbackErrors.error('RBK_ERR_ROUTE_SWITCH_FAILED', `route switch of "${model}" to ${JSON.stringify(spec)} failed: ${(err as Error).message}`, { model, epoch: meta.epoch }, err);
  }
  return true;
}
