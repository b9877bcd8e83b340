/**
 * @module rollback/route-plan
 * The route each breaker state stands for, as a pure function. The orchestrator applies it
 * for `switch_route` effects and again at start (a restarted gateway comes up with the
 * config's route, so the breaker's route is re-pinned), which makes a switch idempotent:
 * the target is a function of the persisted state, and switching to the route in force is
 * a no-op.
 */
import type { BreakerState } from '../breaker/index.js';
import type { RouteSpec } from '../gateway/index.js';

/** The shadow a model declares (mirroring to the LKG), kept when it is not the active version. */
export type ShadowDecl = RouteSpec['shadow'];

/**
 * The route of `state`.
 *
 * @example
 * routeForState({ kind: 'rolling_back', lkg: 'v1', suspect: 'v2', steps: [5, 100], stepIndex: 0, … });
 * // { active: 'v2', lkg: 'v1', weights: { v1: 5, v2: 95 } }
 */
export function routeForState(state: BreakerState, shadow?: ShadowDecl): RouteSpec {
  const { lkg } = state;
  switch (state.kind) {
    case 'steady':
      return withShadow({ active: state.active, lkg }, shadow);
    case 'rolling_back':
      return withShadow(split(lkg, state.suspect, state.steps[state.stepIndex] ?? 100, lkg), shadow);
    case 'rolled_back':
      return withShadow({ active: lkg, lkg }, shadow);
    case 'rolling_forward':
      return withShadow(split(state.target, lkg, state.steps[state.stepIndex] ?? 0, lkg), shadow);
    case 'frozen':
      return withShadow(split(lkg, state.other, state.lkgPercent, lkg), shadow);
  }
}

/** `percent` of the traffic on `to`, the rest on `from`; `active` names the majority. */
function split(to: string, from: string, percent: number, lkg: string): RouteSpec {
  if (percent >= 100 || to === from) return { active: to, lkg };
  if (percent <= 0) return { active: from, lkg };
  return { active: percent >= 50 ? to : from, lkg, weights: { [to]: percent, [from]: 100 - percent } };
}

function withShadow(spec: RouteSpec, shadow: ShadowDecl): RouteSpec {
  if (shadow === undefined || shadow.version === spec.active) return spec;
  return { ...spec, shadow: { version: shadow.version, percent: shadow.percent } };
}

/**
 * The version receiving new traffic in a canary step (whose health is verified), and the
 * version it takes the traffic from; undefined outside canary states.
 *
 * @example
 * canaryVersions(rollingBack); // { checked: 'v1', other: 'v2' }
 */
export function canaryVersions(state: BreakerState): { readonly checked: string; readonly other: string } | undefined {
  if (state.kind === 'rolling_back') return { checked: state.lkg, other: state.suspect };
  if (state.kind === 'rolling_forward') return { checked: state.target, other: state.lkg };
  return undefined;
}
