/**
 * @module gateway/hardening/interceptor
 * The `harden` interceptor: picks the output hardening of an OIP infer request (the key's
 * `output` if the key has one, else the model's, made stricter by any run-time hardening
 * of the key or the model) and, when it changes anything, sets a response transform: the
 * upstream answer is then buffered, rewritten (hardenOipBody) and sent with a fresh
 * content-length; the ledger digests the bytes sent. Requests with nothing to harden cost
 * two field reads and, only while a run-time hardening exists, one map lookup.
 */
import type { Exchange, ResponseTransform } from '../exchange.js';
import type { Interceptor } from '../interceptors/compose.js';
import { hardenOipBody } from './harden-body.js';
import type { HardeningOverrides } from './overrides.js';
import type { OutputHardening } from './settings.js';
import { isActive, strictest } from './settings.js';

/**
 * The settings in force for `ex`, or undefined.
 *
 * @example
 * effectiveHardening(ex, overrides); // e.g. { labelOnly: true }
 */
export function effectiveHardening(ex: Exchange, overrides: Pick<HardeningOverrides, 'lookup' | 'size'>): OutputHardening | undefined {
  const model = ex.model;
  if (model === undefined) return undefined;
  const keyOutput = ex.apiKey?.output;
  const configured = keyOutput !== undefined ? keyOutput : model.output;
  const runtime = overrides.size === 0 ? undefined : overrides.lookup(model.name, ex.apiKey?.id);
  const settings = strictest(configured, runtime);
  return isActive(settings) ? settings : undefined;
}

const transformFor = (settings: OutputHardening): ResponseTransform => (response, ex) =>
  response.status >= 200 && response.status < 300 ? hardenOipBody(response.body, settings, ex.body) : undefined;

/**
 * @example
 * hardenInterceptor(overrides); // built in: runs after `route`
 */
export function hardenInterceptor(overrides: Pick<HardeningOverrides, 'lookup' | 'size'>): Interceptor {
  return {
    id: 'harden',
    after: ['route'],
    wrap: (next) => (ex) => {
      if (ex.endpoint !== 'oip-infer') return next(ex);
      const settings = effectiveHardening(ex, overrides);
      if (settings !== undefined) {
        ex.setResponseTransform(transformFor(settings));
        ex.signals['output_hardened'] = true;
      }
      return next(ex);
    },
  };
}
