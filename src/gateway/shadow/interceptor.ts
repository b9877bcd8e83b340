/**
 * @module gateway/shadow/interceptor
 * The `shadow` interceptor: for `route.shadow.percent` of a model's inference requests
 * (never when the request was routed to the shadow version itself), asks the terminal
 * handler to keep the primary answer, lets the request complete (the client has its whole
 * response when `next` resolves), then queues the mirror job for the background
 * ShadowMirror. Only 2xx primary answers are mirrored: there is nothing to compare otherwise.
 * The request path pays one random draw, and for a mirrored OIP request the copy of the
 * answer it already streams.
 */
import type { Exchange } from '../exchange.js';
import type { UpstreamTarget } from '../gateway-state.js';
import type { Interceptor } from '../interceptors/compose.js';
import { upstreamRequestHeaders } from '../upstream/headers.js';
import type { ShadowJob, ShadowMirror } from './shadow-mirror.js';

/**
 * Header marking a mirrored call, so a model server can leave it out of its own accounting.
 *
 * @example
 * if (req.headers[SHADOW_HEADER] === '1') skipBilling();
 */
export const SHADOW_HEADER = 'x-bulwark-shadow';

/** What the interceptor needs. */
export interface ShadowInterceptorDeps {
  readonly mirror: Pick<ShadowMirror, 'offer'>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/** The shadow version's target when this request is to be mirrored, else undefined. */
function shadowTarget(ex: Exchange, random: () => number): UpstreamTarget | undefined {
  if (ex.endpoint !== 'oip-infer' && ex.endpoint !== 'chat') return undefined;
  const shadow = ex.route?.shadow;
  if (shadow === undefined || shadow.percent <= 0 || shadow.version === ex.version) return undefined;
  if (shadow.percent < 100 && random() * 100 >= shadow.percent) return undefined;
  return ex.model?.targets.get(shadow.version);
}

function jobOf(ex: Exchange, target: UpstreamTarget): ShadowJob | undefined {
  const response = ex.response;
  if (response === undefined || ex.status < 200 || ex.status >= 300 || ex.errorCode !== undefined) return undefined;
  if (ex.model === undefined || ex.version === undefined || ex.route === undefined) return undefined;
  return {
    requestId: ex.id,
    endpoint: ex.endpoint as 'oip-infer' | 'chat',
    protocol: ex.protocol,
    model: ex.model.name,
    version: ex.version,
    shadowVersion: target.version,
    target,
    routeEpoch: ex.route.epoch,
    apiKeyId: ex.apiKey?.id,
    receivedAt: ex.receivedAt,
    path: ex.req.url as string,
    headers: [...upstreamRequestHeaders(ex.req.headers, ex.id), SHADOW_HEADER, '1'],
    body: ex.body,
    primaryBody: response.upstreamBody ?? response.body,
    primaryText: response.text,
  };
}

/**
 * @example
 * shadowInterceptor({ mirror, random: Math.random }); // built in: runs after `route`
 */
export function shadowInterceptor(deps: ShadowInterceptorDeps): Interceptor {
  return {
    id: 'shadow',
    after: ['route'],
    wrap: (next) => (ex) => {
      const target = shadowTarget(ex, deps.random);
      if (target === undefined) return next(ex);
      if (ex.protocol === 'oip-v2') ex.captureResponse();
      return next(ex).then(() => {
        const job = jobOf(ex, target);
        if (job !== undefined) deps.mirror.offer(job);
      });
    },
  };
}
