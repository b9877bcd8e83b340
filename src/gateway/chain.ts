/**
 * @module gateway/chain
 * The gateway's interceptor chain: the built-in interceptors in their order (auth →
 * rate-limit → body → model → route → inspect → shadow → harden), then the extensions, then the terminal
 * forward handler. With an explicit `order`, interceptors are picked by id from built-ins
 * and extensions together; either way the chain is validated when built.
 */
import type { GatewayState } from './gateway-state.js';
import { hardenInterceptor } from './hardening/interceptor.js';
import type { HardeningOverrides } from './hardening/overrides.js';
import { authInterceptor } from './interceptors/auth.js';
import { bodyInterceptor } from './interceptors/body.js';
import { composeInterceptors, selectInterceptors } from './interceptors/compose.js';
import type { Handler, Interceptor } from './interceptors/compose.js';
import { inspectInterceptor } from './interceptors/inspect.js';
import { modelInterceptor } from './interceptors/model.js';
import { rateLimitInterceptor } from './interceptors/rate-limit.js';
import { routeInterceptor } from './interceptors/route.js';
import type { KeyLimiter } from './limits/key-limiter.js';
import type { ErrorHandler, MonotonicClock, Timers } from './ports.js';
import type { InProcessRouteSwitch } from './routing/route-switch.js';
import { shadowInterceptor } from './shadow/interceptor.js';
import type { ShadowMirror } from './shadow/shadow-mirror.js';
import { createForwardHandler } from './upstream/forward.js';

/** Ids of the built-in interceptors, in their default order. */
export const BUILTIN_INTERCEPTORS = ['auth', 'rate-limit', 'body', 'model', 'route', 'inspect', 'shadow', 'harden'] as const;

/** What the chain needs. */
export interface ChainDeps {
  readonly limiter: KeyLimiter;
  readonly routes: Pick<InProcessRouteSwitch, 'slot'>;
  readonly timers: Timers;
  readonly monotonic: MonotonicClock;
  readonly random: () => number;
  readonly onError: ErrorHandler;
  readonly currentState: () => GatewayState;
  readonly isDraining: () => boolean;
  /** Where mirrored requests go (shadow mirroring). */
  readonly shadow: Pick<ShadowMirror, 'offer'>;
  /** Run-time output hardening (containment). */
  readonly hardening: Pick<HardeningOverrides, 'lookup' | 'size'>;
  readonly interceptors: readonly Interceptor[];
  readonly order?: readonly string[];
}

/**
 * The built-in interceptors.
 *
 * @example
 * builtinInterceptors(deps).map((i) => i.id); // ['auth', 'rate-limit', 'body', 'model', 'route', 'inspect', 'shadow', 'harden']
 */
export function builtinInterceptors(deps: Omit<ChainDeps, 'interceptors' | 'order' | 'monotonic' | 'isDraining'>): Interceptor[] {
  return [
    authInterceptor(),
    rateLimitInterceptor(deps.limiter),
    bodyInterceptor(deps.timers),
    modelInterceptor(),
    routeInterceptor({ routes: deps.routes, random: deps.random, currentState: deps.currentState }),
    inspectInterceptor(deps.onError),
    shadowInterceptor({ mirror: deps.shadow, random: deps.random }),
    hardenInterceptor(deps.hardening),
  ];
}

/**
 * Composes and validates the whole chain (throws GW_ERR_INTERCEPTOR_* on a bad chain).
 *
 * @example
 * const handler = buildHandler({ ...deps, interceptors: [shadowInterceptor] });
 */
export function buildHandler(deps: ChainDeps): Handler {
  const available = [...builtinInterceptors(deps), ...deps.interceptors];
  const chain = deps.order === undefined ? available : selectInterceptors(deps.order, available);
  return composeInterceptors(chain, createForwardHandler({ monotonic: deps.monotonic, isDraining: deps.isDraining }));
}
