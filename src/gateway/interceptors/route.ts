/**
 * @module gateway/interceptors/route
 * The `route` interceptor: reads the model's route table in force and chooses the version
 * (weighted; sticky by API key id or a header when the model says so). The table is read
 * per request, so a switch applies to the next request.
 */
import { gatewayErrors } from '../errors.js';
import type { Exchange } from '../exchange.js';
import type { GatewayState } from '../gateway-state.js';
import { chooseVersion } from '../routing/choose-version.js';
import type { InProcessRouteSwitch } from '../routing/route-switch.js';
import type { Interceptor } from './compose.js';

/** What the route interceptor needs. */
export interface RouteInterceptorDeps {
  readonly routes: Pick<InProcessRouteSwitch, 'slot'>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** The newest state, for a request that started just before a reload added a version. */
  readonly currentState: () => GatewayState;
}

/**
 * @example
 * routeInterceptor({ routes, random: Math.random, currentState: () => gateway.state });
 */
export function routeInterceptor(deps: RouteInterceptorDeps): Interceptor {
  return {
    id: 'route',
    after: ['model'],
    wrap: (next) => (ex) => {
      const model = ex.model;
      const slot = model === undefined ? undefined : deps.routes.slot(model.name);
      if (model === undefined || slot === undefined) throw gatewayErrors.error('GW_ERR_UNKNOWN_MODEL', `no route for model ${JSON.stringify(model?.name ?? ex.pathModel ?? '')}`, {});
      const version = chooseVersion(slot.compiled, model.name, stickyKey(ex), deps.random());
      const target = model.targets.get(version) ?? deps.currentState().models.get(model.name)?.targets.get(version);
      if (target === undefined) throw gatewayErrors.error('GW_ERR_INTERNAL', `route of "${model.name}" names version "${version}", which has no upstream`, { model: model.name, version });
      ex.route = slot.table;
      ex.version = version;
      ex.target = target;
      return next(ex);
    },
  };
}

function stickyKey(ex: Exchange): string | undefined {
  const sticky = ex.model?.sticky;
  if (sticky === undefined) return undefined;
  if (sticky.by === 'apiKey') return ex.apiKey?.id;
  const value = ex.req.headers[sticky.header];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
